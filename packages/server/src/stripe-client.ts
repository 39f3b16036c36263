import Stripe from 'stripe';

export interface StripeClientOptions {
  readonly secretKey: string;
  /** e.g. `http://127.0.0.1:12111` for the emulator; default Stripe's own API. */
  readonly apiBase?: string | undefined;
  readonly apiVersion?: string | undefined;
  /** Per-request timeout; the SDK retries a timed-out POST with the same idempotency key. */
  readonly timeoutMs?: number | undefined;
  readonly maxNetworkRetries?: number | undefined;
}

/**
 * The SDK instance the server builds from a secret key; `apiBase` maps onto the SDK's host/port/protocol.
 *
 * What each call to Stripe costs the companion, by this configuration (stripe@23.1.0, its README's "Configuration",
 * "Network retries" and "Telemetry" sections):
 * - no `httpAgent`: the SDK's Node client then uses its own `http(s).Agent({ keepAlive: true })`
 *   (esm/net/NodeHttpClient.js, `defaultHttpAgent`), so a call reuses an idle connection instead of paying a TCP and
 *   TLS handshake (test/stripe-connection.test.ts holds it);
 * - `maxNetworkRetries` only acts on a failed attempt (a network error, a 409 or 5xx, or `Stripe-Should-Retry: true`;
 *   RequestSender.js `_shouldRetry`), resending the idempotency key the first attempt carried (the client's, or one
 *   the SDK generated); a successful call costs nothing more;
 * - `telemetry: false`: no `X-Stripe-Client-Telemetry` header (the previous call's latency, as JSON) on each call.
 */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const config: ConstructorParameters<typeof Stripe>[1] = {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    appInfo: { name: '@checkout-element/server' },
    telemetry: false,
  };
  if (options.apiVersion) config.apiVersion = options.apiVersion as Stripe.LatestApiVersion;
  if (options.apiBase) {
    const url = new URL(options.apiBase);
    config.protocol = url.protocol === 'http:' ? 'http' : 'https';
    config.host = url.hostname;
    config.port = url.port || (url.protocol === 'http:' ? 80 : 443);
  }
  return new Stripe(options.secretKey, config);
}
