import { LedgerUnavailableError } from '../errors.js';
import type { Ledger } from './ledger.js';

/**
 * The ledger as the handlers use it: any failure of the store (connection dropped, database unreachable, SQLITE_BUSY
 * under another writer) becomes a `LedgerUnavailableError`, answered 503 `ledger_unavailable` so Stripe retries.
 */
export function guardLedger(ledger: Ledger): Ledger {
  const guard =
    <Args extends unknown[], Result>(method: (...args: Args) => Promise<Result>) =>
    async (...args: Args): Promise<Result> => {
      try {
        return await method.apply(ledger, args);
      } catch (error) {
        throw error instanceof LedgerUnavailableError ? error : new LedgerUnavailableError(error);
      }
    };
  return {
    init: guard(ledger.init),
    beginEvent: guard(ledger.beginEvent),
    finishEvent: guard(ledger.finishEvent),
    claim: guard(ledger.claim),
    claimDue: guard(ledger.claimDue),
    complete: guard(ledger.complete),
    release: guard(ledger.release),
    enqueue: guard(ledger.enqueue),
    task: guard(ledger.task),
    tasks: guard(ledger.tasks),
    ...(ledger.durability ? { durability: guard(ledger.durability) } : {}),
    close: () => ledger.close(),
  };
}

/**
 * Retries a ledger write that records work already done (a hook ran; an order was delivered). Giving up there
 * leaves the claim to lapse and the work to run again, so a dropped connection gets a few reconnects first.
 */
export async function persist<Result>(write: () => Promise<Result>, attempts = 6): Promise<Result> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    }
  }
}
