import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Keys whose values pino blanks out wherever they appear (any depth up to `REDACT_DEPTH`). The server never logs
 * these on purpose; this is the net under it (e.g. a hook that logs the session object, which carries
 * `client_secret`, or a request's headers).
 */
export const redactedKeys: ReadonlySet<string> = new Set([
  'secretKey',
  'webhookSecret',
  'fulfilmentSecret',
  'clientSecret',
  'client_secret',
  'authorization',
  'stripe-signature',
]);

const CENSOR = '[redacted]';
/** Deep enough for `req.headers.authorization` and `data.object.client_secret` under a wrapper. */
const REDACT_DEPTH = 5;

function isPlain(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of `value` with every redacted key censored; the same object when there is nothing to censor, so the
 * common line (a few ids and an outcome) costs one walk over its keys and no allocation. Errors and class
 * instances are left to pino's serializers (`loggableError` already strips what they carry).
 */
export function redact<T>(value: T, depth = 0): T {
  if (depth > REDACT_DEPTH || !isPlain(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const censored = redact(item, depth + 1);
      if (censored !== item) {
        copy ??= [...value];
        copy[index] = censored;
      }
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    // Header names arrive in any case (`Authorization`, `Stripe-Signature`).
    const secret = redactedKeys.has(key) || redactedKeys.has(key.toLowerCase());
    const censored = secret ? (item === undefined ? item : CENSOR) : redact(item, depth + 1);
    if (censored !== item) {
      copy ??= { ...value };
      copy[key] = censored;
    }
  }
  return (copy ?? value) as T;
}

export interface CheckoutLoggerOptions {
  readonly level?: pino.LevelWithSilent;
  /** Where log lines go (default stdout). */
  readonly destination?: DestinationStream;
}

/**
 * pino with the checkout redaction; what the server uses when no `logger` is given. Redaction runs as a `log`
 * formatter rather than pino's `redact` paths: fast-redact's wildcard paths cost ~6 µs on every line (measured,
 * bench/README.md), while a walk that allocates only when it finds a secret costs well under one on the lines
 * the server writes, and it also catches secrets nested deeper than the listed paths.
 */
export function createCheckoutLogger(options: CheckoutLoggerOptions = {}): Logger {
  const config: pino.LoggerOptions = {
    name: 'checkout-server',
    level: options.level ?? 'info',
    formatters: { log: (object) => redact(object) },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
