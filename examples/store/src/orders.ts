import type { CheckoutSession, Ledger } from '@checkout-element/server';

/** What the shop did when a session was fulfilled (here: remembered it; a real shop would ship something). */
export interface FulfilledOrder {
  readonly sessionId: string;
  readonly mode: CheckoutSession['mode'] | null;
  readonly email: string | null;
  readonly amountTotal: number | null;
  readonly currency: string | null;
  readonly items: readonly { readonly description: string; readonly quantity: number }[];
  /** How many times `onFulfil` ran for this session: the ledger's promise is that this is 1. */
  readonly fulfilments: number;
  readonly fulfilledAt: string;
}

export interface OrderBook {
  readonly fulfil: (session: CheckoutSession) => void;
  /** The ledger's completed fulfilments, newest first, with what the shop recorded for each. */
  readonly list: () => Promise<FulfilledOrder[]>;
}

export function createOrderBook(ledger: Ledger): OrderBook {
  const orders = new Map<string, FulfilledOrder>();
  return {
    fulfil(session) {
      const previous = orders.get(session.id);
      orders.set(session.id, {
        sessionId: session.id,
        mode: session.mode,
        email: session.customer_details?.email ?? session.customer_email ?? null,
        amountTotal: session.amount_total,
        currency: session.currency,
        items: (session.line_items?.data ?? []).map((item) => ({
          description: item.description ?? item.price?.id ?? 'item',
          quantity: item.quantity ?? 1,
        })),
        fulfilments: (previous?.fulfilments ?? 0) + 1,
        fulfilledAt: new Date().toISOString(),
      });
    },
    async list() {
      const tasks = await ledger.tasks(500);
      return tasks
        .filter((task) => task.kind === 'fulfil' && task.state === 'done')
        .map(
          (task) =>
            orders.get(task.sessionId) ?? {
              // Fulfilled by an earlier run of the store (file ledger): only the ledger remembers it.
              sessionId: task.sessionId,
              mode: null,
              email: null,
              amountTotal: null,
              currency: null,
              items: [],
              fulfilments: 1,
              fulfilledAt: new Date(task.updatedAt).toISOString(),
            },
        );
    },
  };
}
