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

/** The SDK instance the server builds from a secret key; `apiBase` maps onto the SDK's host/port/protocol. */
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
