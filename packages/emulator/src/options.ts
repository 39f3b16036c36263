import { type Preview, PREVIEWS } from './state/store.js';
import type { WebhookEndpoint, WebhookOptions } from './webhooks/dispatcher.js';

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. The CLI defaults to 12111. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** The secret key the REST API accepts. Default `sk_test_emulator_…` (see DEFAULT_SECRET_KEY). */
  secretKey?: string;
  /** The publishable key the browser endpoints accept. Default `pk_test_emulator_…`. */
  publishableKey?: string;
  /** Endpoints that receive signed webhook events. More can be added with `emulator.webhooks.addEndpoint()`. */
  webhookEndpoints?: readonly WebhookEndpoint[];
  /** Retry schedule, timeout, duplicate and out-of-order delivery. */
  webhooks?: WebhookOptions;
  /** `api_version` of webhook events (their `data.object` is rendered at that version). Default the newest. */
  apiVersion?: string;
  /** Initial emulator clock, in Unix seconds. Default: wall time. */
  clock?: number;
  /** Added latency per route, e.g. `{ 'GET /endive/stripe.js': 300 }`. */
  latency?: Readonly<Record<string, number>>;
  /** Seed the demo catalog (price_demo_tshirt, SAVE10, …). Default true. */
  seedDemoCatalog?: boolean;
  /**
   * The account's public terms of service URL (Stripe: Dashboard → Settings → Public details), linked from the
   * Terms Element. `consent_collection[terms_of_service]=required` needs one; `null` emulates an account without.
   * Default `https://example.com/terms`.
   */
  termsOfServiceUrl?: string | null;
  /**
   * Private previews the emulated account has. `elements_optional_items`: `optional_items` on `ui_mode: elements`
   * sessions (the API reference refuses them; Stripe.js 9+ declares them). Default none.
   */
  previews?: readonly Preview[];
}

export const DEFAULT_SECRET_KEY = 'sk_test_emulator_51NdJ3mEmulatorSecretKey000000';
export const DEFAULT_PUBLISHABLE_KEY = 'pk_test_emulator_51NdJ3mEmulatorPublishableKey0';

const KNOWN_OPTIONS: readonly (keyof EmulatorOptions)[] = [
  'port',
  'host',
  'secretKey',
  'publishableKey',
  'webhookEndpoints',
  'webhooks',
  'apiVersion',
  'clock',
  'latency',
  'seedDemoCatalog',
  'termsOfServiceUrl',
  'previews',
];

const KNOWN_WEBHOOK_OPTIONS: readonly (keyof WebhookOptions)[] = [
  'retrySchedule',
  'timeoutMs',
  'duplicates',
  'outOfOrder',
];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function checkKeys(given: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(given)) {
    if (known.includes(key)) continue;
    const nearest = [...known].sort((a, b) => distance(key, a) - distance(key, b))[0];
    const hint = nearest && distance(key, nearest) <= 3 ? ` Did you mean '${nearest}'?` : '';
    throw new TypeError(`Unknown ${where} option '${key}'.${hint} Known options: ${known.join(', ')}.`);
  }
}

/** Checks options once, up front, with messages that name the option and the fix. */
export function validateOptions(options: Readonly<EmulatorOptions>): void {
  checkKeys(options, KNOWN_OPTIONS, 'startEmulator()');
  if (options.webhooks) checkKeys(options.webhooks, KNOWN_WEBHOOK_OPTIONS, 'webhooks');
  const { port } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new TypeError(`port must be an integer between 0 and 65535 (0 = any free port), received ${port}`);
  }
  if (options.secretKey !== undefined && !/^sk_test_\S+$/.test(options.secretKey)) {
    throw new TypeError(
      'secretKey must be a test secret key starting with sk_test_ (a live key is never needed here).',
    );
  }
  if (options.publishableKey !== undefined && !/^pk_test_\S+$/.test(options.publishableKey)) {
    throw new TypeError('publishableKey must start with pk_test_.');
  }
  const terms = options.termsOfServiceUrl;
  if (terms !== undefined && terms !== null && !/^https?:\/\/\S+$/.test(terms)) {
    throw new TypeError(
      `termsOfServiceUrl must be an http(s) URL or null, received ${JSON.stringify(terms)}.`,
    );
  }
  for (const preview of options.previews ?? []) {
    if (!(PREVIEWS as readonly string[]).includes(preview)) {
      throw new TypeError(`Unknown preview '${String(preview)}'. Known previews: ${PREVIEWS.join(', ')}.`);
    }
  }
  const schedule = options.webhooks?.retrySchedule;
  if (schedule && !schedule.every((delay) => Number.isFinite(delay) && delay >= 0)) {
    throw new TypeError('webhooks.retrySchedule must be a list of non-negative delays in milliseconds.');
  }
}
