import type { SessionStatusLineItem } from '@checkout-element/protocol';
import type { CheckoutSession } from './options.js';

/**
 * A session's line items as the companion protocol reports them: in the `GET /sessions/:id` answer and in the
 * fulfilment payload forwarded to the shop (docs/companion-protocol.md). Needs `expand: ['line_items']`.
 */
export function lineItemsOf(session: CheckoutSession): SessionStatusLineItem[] {
  return (session.line_items?.data ?? []).map((item) => ({
    price: item.price?.id ?? null,
    description: item.description ?? null,
    quantity: item.quantity,
    amountTotal: item.amount_total,
    currency: item.currency,
  }));
}
