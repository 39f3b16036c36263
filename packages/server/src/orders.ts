import type { TaskRecord } from './ledger/ledger.js';

export interface OrderRow {
  sessionId: string;
  fulfilment: string;
  forwarding: string;
  amountTotal: number | null;
  currency: string | null;
  customerEmail: string | null;
  /** When the ledger first recorded the session's fulfilment (ISO 8601). */
  createdAt: string;
  updatedAt: string;
  lastError: string | null;
}

/** One row per session for `checkout-server orders`, folded from its ledger tasks. */
export function ordersFrom(tasks: readonly TaskRecord[]): OrderRow[] {
  const orders = new Map<string, OrderRow>();
  for (const task of tasks) {
    const row = orders.get(task.sessionId) ?? {
      sessionId: task.sessionId,
      fulfilment: '-',
      forwarding: '-',
      amountTotal: null,
      currency: null,
      customerEmail: null,
      createdAt: new Date(task.createdAt).toISOString(),
      updatedAt: new Date(task.updatedAt).toISOString(),
      lastError: null,
    };
    if (task.kind === 'fulfil') {
      row.fulfilment = task.state;
      row.createdAt = new Date(task.createdAt).toISOString();
      if (task.payload) {
        const summary = JSON.parse(task.payload) as Partial<OrderRow>;
        row.amountTotal = summary.amountTotal ?? null;
        row.currency = summary.currency ?? null;
        row.customerEmail = summary.customerEmail ?? null;
      }
    } else if (task.kind === 'forward') {
      row.forwarding = `${task.state} (${task.attempts} attempt${task.attempts === 1 ? '' : 's'})`;
    } else {
      row.fulfilment = row.fulfilment === '-' ? `${task.kind}:${task.state}` : row.fulfilment;
    }
    row.lastError ??= task.lastError;
    orders.set(task.sessionId, row);
  }
  return [...orders.values()];
}
