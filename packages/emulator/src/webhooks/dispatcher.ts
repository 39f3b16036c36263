import type Stripe from 'stripe';
import { isValidApiVersion, LATEST_API_VERSION } from '../state/api-version.js';
import { newId } from '../state/ids.js';
import { signWebhookPayload } from './signature.js';

export interface WebhookEndpoint {
  url: string;
  secret: string;
  /** Event types to send (`*` wildcards allowed); all when omitted. */
  events?: readonly string[];
  /**
   * The API version this endpoint's events are rendered at (`api_version` of a webhook endpoint). Default:
   * the emulator's `apiVersion`, standing in for the account's default version.
   */
  apiVersion?: string;
}

/** An event rendered at a given API version (the dispatcher asks for each endpoint's version). */
export type EventRenderer = (apiVersion: string) => Stripe.EventBase;

export interface WebhookOptions {
  /** Delays in ms between attempts; one retry per entry. Default `[100, 250, 500, 1000, 2000]`. */
  retrySchedule?: readonly number[];
  /** An attempt that has not answered after this many ms counts as failed. Default 5000. */
  timeoutMs?: number;
  /** Deliver every event this many times in total (at-least-once, like Stripe can). Default 1. */
  duplicates?: number;
  /** Hold deliveries briefly and send each batch in reverse order, as Stripe does not guarantee order. */
  outOfOrder?: boolean;
}

export interface DeliveryAttempt {
  at: number;
  status: number | null;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  url: string;
  state: 'pending' | 'succeeded' | 'failed';
  attempts: DeliveryAttempt[];
}

const DEFAULT_RETRY_SCHEDULE = [100, 250, 500, 1000, 2000];
const OUT_OF_ORDER_WINDOW_MS = 30;

/**
 * Signs and POSTs events to the registered endpoints, retrying with backoff on non-2xx answers and timeouts.
 * Everything it does is in the delivery log.
 */
export class WebhookDispatcher {
  readonly #endpoints: (WebhookEndpoint & { id: string })[] = [];
  readonly #defaultApiVersion: string;
  readonly #log: WebhookDelivery[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #retrySchedule: readonly number[];
  readonly #timeoutMs: number;
  readonly #duplicates: number;
  readonly #outOfOrder: boolean;
  #held: { event: Stripe.EventBase; render: EventRenderer }[] = [];
  #onDelivered: (eventId: string) => void = () => {};
  #stopped = false;

  constructor(options: WebhookOptions = {}, defaultApiVersion = LATEST_API_VERSION) {
    this.#defaultApiVersion = defaultApiVersion;
    this.#retrySchedule = options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#duplicates = Math.max(1, options.duplicates ?? 1);
    this.#outOfOrder = options.outOfOrder ?? false;
  }

  /** Registers an endpoint and answers its id (`we_…`). */
  addEndpoint(endpoint: WebhookEndpoint): string {
    let parsed: URL;
    try {
      parsed = new URL(endpoint.url);
    } catch {
      throw new TypeError(
        `webhook endpoint url must be an absolute http(s) URL, received ${JSON.stringify(endpoint.url)}`,
      );
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new TypeError(`webhook endpoint url must use http or https, received ${parsed.protocol}`);
    }
    if (
      typeof endpoint.secret !== 'string' ||
      endpoint.secret.trim() !== endpoint.secret ||
      endpoint.secret === ''
    ) {
      throw new TypeError(
        'webhook endpoint secret must be a non-empty string without surrounding whitespace (whsec_…)',
      );
    }
    if (endpoint.apiVersion !== undefined && !isValidApiVersion(endpoint.apiVersion)) {
      throw new TypeError(
        `webhook endpoint apiVersion must look like ${LATEST_API_VERSION}, received ${JSON.stringify(endpoint.apiVersion)}`,
      );
    }
    const id = newId('we');
    this.#endpoints.push({ ...endpoint, id });
    return id;
  }

  /** Called once per successful delivery (the emulator lowers the event's `pending_webhooks`). */
  onDelivered(listener: (eventId: string) => void): void {
    this.#onDelivered = listener;
  }

  removeEndpoint(id: string): boolean {
    const index = this.#endpoints.findIndex((endpoint) => endpoint.id === id);
    if (index >= 0) this.#endpoints.splice(index, 1);
    return index >= 0;
  }

  /** How many endpoints will receive an event of this type (the event's `pending_webhooks`). */
  countEndpoints(type: string): number {
    return this.#endpoints.filter((endpoint) => wants(endpoint, type)).length;
  }

  /** The API versions the endpoints that want this event type render it at. */
  apiVersionsFor(type: string): Set<string> {
    return new Set(
      this.#endpoints
        .filter((endpoint) => wants(endpoint, type))
        .map((endpoint) => endpoint.apiVersion ?? this.#defaultApiVersion),
    );
  }

  /**
   * Sends `event` to every endpoint that wants it. Stripe renders an event for each endpoint at the endpoint's
   * `api_version` (https://docs.stripe.com/webhooks/versioning); `render` gives the event at another version.
   */
  dispatch(event: Stripe.EventBase, render: EventRenderer = () => event): void {
    if (this.#stopped) return;
    if (!this.#outOfOrder) {
      this.#send(event, render);
      return;
    }
    this.#held.push({ event, render });
    if (this.#held.length === 1) {
      this.#schedule(() => {
        const batch = this.#held.reverse();
        this.#held = [];
        for (const held of batch) this.#send(held.event, held.render);
      }, OUT_OF_ORDER_WINDOW_MS);
    }
  }

  deliveries(): WebhookDelivery[] {
    return this.#log.map((delivery) => ({
      ...delivery,
      attempts: delivery.attempts.map((attempt) => ({ ...attempt })),
    }));
  }

  /** Resolves once nothing is being delivered or waiting for a retry. */
  async waitForIdle(): Promise<void> {
    while (this.#inFlight.size > 0 || this.#timers.size > 0) {
      await Promise.race([...this.#inFlight, new Promise((resolve) => setTimeout(resolve, 10))]);
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #send(event: Stripe.EventBase, render: EventRenderer): void {
    const payloads = new Map<string, string>();
    for (const endpoint of this.#endpoints) {
      if (!wants(endpoint, event.type)) continue;
      const version = endpoint.apiVersion ?? this.#defaultApiVersion;
      let payload = payloads.get(version);
      if (payload === undefined) {
        payload = JSON.stringify(version === event.api_version ? event : render(version), null, 2);
        payloads.set(version, payload);
      }
      for (let copy = 0; copy < this.#duplicates; copy++) {
        const delivery: WebhookDelivery = {
          id: newId('whdel'),
          eventId: event.id,
          eventType: event.type,
          url: endpoint.url,
          state: 'pending',
          attempts: [],
        };
        this.#log.push(delivery);
        this.#attempt(delivery, endpoint, payload);
      }
    }
  }

  #attempt(delivery: WebhookDelivery, endpoint: WebhookEndpoint, payload: string): void {
    const attempt = this.#post(endpoint, payload).then((result) => {
      delivery.attempts.push({ at: Date.now(), ...result });
      if (result.status !== null && result.status >= 200 && result.status < 300) {
        delivery.state = 'succeeded';
        this.#onDelivered(delivery.eventId);
        return;
      }
      const delay = this.#retrySchedule[delivery.attempts.length - 1];
      if (delay === undefined || this.#stopped) {
        delivery.state = 'failed';
        return;
      }
      this.#schedule(() => this.#attempt(delivery, endpoint, payload), delay);
    });
    this.#inFlight.add(attempt);
    void attempt.finally(() => this.#inFlight.delete(attempt));
  }

  async #post(
    endpoint: WebhookEndpoint,
    payload: string,
  ): Promise<{ status: number | null; error: string | null }> {
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signWebhookPayload(payload, endpoint.secret),
        },
        body: payload,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status, error: null };
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { status: null, error: timedOut ? `timed out after ${this.#timeoutMs} ms` : String(error) };
    }
  }

  #schedule(run: () => void, delay: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, delay);
    this.#timers.add(timer);
  }
}

function wants(endpoint: WebhookEndpoint, type: string): boolean {
  if (!endpoint.events || endpoint.events.length === 0) return true;
  return endpoint.events.some((pattern) =>
    pattern === '*'
      ? true
      : pattern.endsWith('.*')
        ? type.startsWith(pattern.slice(0, -1))
        : pattern === type,
  );
}
