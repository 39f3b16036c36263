import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear. The server never logs these on purpose; this is the net under it
 * (e.g. a hook that logs the session object, which carries `client_secret`).
 */
export const redactedPaths = [
  'secretKey',
  'webhookSecret',
  'fulfilmentSecret',
  'clientSecret',
  'client_secret',
  '*.secretKey',
  '*.webhookSecret',
  '*.clientSecret',
  '*.client_secret',
  '*.*.client_secret',
  'headers.authorization',
  'headers["stripe-signature"]',
  'req.headers.authorization',
  'req.headers["stripe-signature"]',
];

export interface CheckoutLoggerOptions {
  readonly level?: pino.LevelWithSilent;
  /** Where log lines go (default stdout). */
  readonly destination?: DestinationStream;
}

/** pino with the checkout redaction paths; what the server uses when no `logger` is given. */
export function createCheckoutLogger(options: CheckoutLoggerOptions = {}): Logger {
  const config = {
    name: 'checkout-server',
    level: options.level ?? 'info',
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
