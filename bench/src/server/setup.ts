// What every server run shares: the emulator's keys, the session the shop sells, and how a companion starts.
import { DEFAULT_PUBLISHABLE_KEY, DEFAULT_SECRET_KEY } from '@checkout-element/emulator';
import { type LedgerConfig, type RunningChild, startChild } from '../processes.js';

// The emulator's own default keys: the emulator process is started with its defaults.
export const SECRET_KEY = DEFAULT_SECRET_KEY;
export const PUBLISHABLE_KEY = DEFAULT_PUBLISHABLE_KEY;
export const WEBHOOK_SECRET = 'whsec_bench_companion_signing_secret';
export const PRICE = 'price_demo_tshirt';
const RETURN_URL = 'http://127.0.0.1/return?session_id={CHECKOUT_SESSION_ID}';

export function sessionForm(): string {
  return new URLSearchParams({
    mode: 'payment',
    ui_mode: 'elements',
    return_url: RETURN_URL,
    'line_items[0][price]': PRICE,
    'line_items[0][quantity]': '1',
  }).toString();
}

/**
 * V8 flags for the companion process, as a deployment on a small instance would set them (NODE_OPTIONS): young
 * generation capped at 8 MB (V8's default lets it grow to 3 × 16 MB under a burst of short-lived request objects,
 * memory the process then keeps) and the old generation at 96 MB. They trade a little throughput (more frequent
 * scavenges) for peak RSS; the README's server table says which figures were taken with them.
 */
export const COMPANION_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=96'] as const;

export function startCompanion(
  emulator: RunningChild,
  ledger: LedgerConfig,
  nodeFlags: readonly string[] = COMPANION_NODE_FLAGS,
): Promise<RunningChild> {
  return startChild(
    new URL('./companion-process.ts', import.meta.url),
    {
      BENCH_COMPANION_CONFIG: JSON.stringify({
        apiBase: emulator.url,
        secretKey: SECRET_KEY,
        publishableKey: PUBLISHABLE_KEY,
        webhookSecret: WEBHOOK_SECRET,
        price: PRICE,
        ledger,
      }),
    },
    nodeFlags,
  );
}
