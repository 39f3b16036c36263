#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator.js';
import { isValidApiVersion, LATEST_API_VERSION } from './state/api-version.js';
import { type Preview, PREVIEWS } from './state/store.js';

const USAGE = `Usage: stripe-emulator [options]

An offline Stripe stand-in for Checkout Sessions: REST API, signed webhooks and the Stripe.js stand-in.

Options:
  --port <port>             port on 127.0.0.1 (default 12111; 0 picks a free one)
  --webhook-url <url>       send signed webhook events to this URL
  --webhook-secret <secret> signing secret for --webhook-url (default whsec_emulator_local)
  --webhook-api-version <v> API version of the events sent to --webhook-url (default 2026-10-28.endive)
  --secret-key <key>        secret key to accept (default sk_test_emulator_…)
  --publishable-key <key>   publishable key to accept (default pk_test_emulator_…)
  --terms-of-service-url <url>
                            the account's terms of service URL (default https://example.com/terms)
  --preview <name>          give the account a private preview (repeatable): elements_optional_items
  -h, --help                show this help

Use it with the official SDK:
  new Stripe(secretKey, { host: '127.0.0.1', port: <port>, protocol: 'http' })
and in the browser load <emulator>/endive/stripe.js (or /clover/stripe.js) instead of https://js.stripe.com/….`;

async function main(): Promise<void> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'webhook-url': { type: 'string' },
        'webhook-secret': { type: 'string' },
        'webhook-api-version': { type: 'string' },
        'secret-key': { type: 'string' },
        'publishable-key': { type: 'string' },
        'terms-of-service-url': { type: 'string' },
        preview: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = values.port === undefined ? 12111 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port must be an integer between 0 and 65535, received ${String(values.port)}\n`);
    process.exitCode = 2;
    return;
  }
  const webhookUrl = values['webhook-url'];
  const webhookSecret = values['webhook-secret'] ?? 'whsec_emulator_local';
  const webhookApiVersion = values['webhook-api-version'];
  if (typeof webhookApiVersion === 'string' && !isValidApiVersion(webhookApiVersion)) {
    process.stderr.write(
      `--webhook-api-version must look like ${LATEST_API_VERSION}, received ${webhookApiVersion}\n`,
    );
    process.exitCode = 2;
    return;
  }
  const previews = (Array.isArray(values.preview) ? values.preview : []) as Preview[];
  const unknownPreview = previews.find((preview) => !(PREVIEWS as readonly string[]).includes(preview));
  if (unknownPreview !== undefined) {
    process.stderr.write(`--preview must be one of ${PREVIEWS.join(', ')}, received ${unknownPreview}\n`);
    process.exitCode = 2;
    return;
  }
  const emulator = await startEmulator({
    port,
    ...(previews.length ? { previews } : {}),
    ...(typeof values['terms-of-service-url'] === 'string'
      ? { termsOfServiceUrl: values['terms-of-service-url'] }
      : {}),
    ...(typeof values['secret-key'] === 'string' ? { secretKey: values['secret-key'] } : {}),
    ...(typeof values['publishable-key'] === 'string' ? { publishableKey: values['publishable-key'] } : {}),
    ...(typeof webhookUrl === 'string'
      ? {
          webhookEndpoints: [
            {
              url: webhookUrl,
              secret: String(webhookSecret),
              ...(typeof webhookApiVersion === 'string' ? { apiVersion: webhookApiVersion } : {}),
            },
          ],
        }
      : {}),
    // A real receiver may be slow to start; keep retrying for about a minute.
    webhooks: { retrySchedule: [500, 1000, 2000, 4000, 8000, 16000, 30000] },
  });
  process.stdout.write(
    [
      `listening on ${emulator.url}`,
      `secret key:      ${emulator.secretKey}`,
      `publishable key: ${emulator.publishableKey}`,
      `stripe.js:       ${emulator.url}/endive/stripe.js (clover: ${emulator.url}/clover/stripe.js)`,
      ...(typeof webhookUrl === 'string'
        ? [`webhooks:        ${webhookUrl} (signed with the given secret)`]
        : []),
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`received ${signal}, stopping\n`);
    void emulator.stop().then(() => {
      process.exitCode = 0;
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `stripe-emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
