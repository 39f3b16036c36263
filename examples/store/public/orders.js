import { formatMoney } from './shared.js';

const table = /** @type {HTMLTableElement} */ (document.getElementById('orders'));
const empty = /** @type {HTMLElement} */ (document.getElementById('orders-empty'));

/** @param {string} text */
function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

const response = await fetch('/api/store/orders');
/** @type {{ orders: { sessionId: string, mode: string | null, email: string | null, amountTotal: number | null, currency: string | null, items: { description: string, quantity: number }[], fulfilments: number, fulfilledAt: string }[] }} */
const { orders } = await response.json();
const body = /** @type {HTMLTableSectionElement} */ (table.tBodies[0]);
body.replaceChildren(
  ...orders.map((order) => {
    const row = document.createElement('tr');
    row.dataset.sessionId = order.sessionId;
    const session = cell(`${order.sessionId.slice(0, 14)}…${order.sessionId.slice(-6)}`);
    session.title = order.sessionId;
    session.className = 'session-id';
    row.append(
      session,
      cell(order.mode ?? '—'),
      cell(order.email ?? '—'),
      cell(order.items.map((item) => `${item.quantity} × ${item.description}`).join(', ') || '—'),
      cell(
        order.amountTotal === null || order.currency === null
          ? '—'
          : formatMoney(order.amountTotal, order.currency),
      ),
      cell(new Date(order.fulfilledAt).toLocaleString('en-US')),
      cell(String(order.fulfilments)),
    );
    return row;
  }),
);
table.hidden = orders.length === 0;
empty.hidden = orders.length > 0;
