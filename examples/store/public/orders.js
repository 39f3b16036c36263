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
    // The whole id, selectable in one click and copyable: support and the Stripe Dashboard search need all of it.
    const session = document.createElement('td');
    session.className = 'session-id';
    const id = document.createElement('code');
    id.textContent = order.sessionId;
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.textContent = 'Copy';
    copy.setAttribute('aria-label', `Copy session id ${order.sessionId}`);
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(order.sessionId);
        copy.textContent = 'Copied';
      } catch {
        // No clipboard permission (an insecure origin): select the id so the buyer can copy it by hand.
        getSelection()?.selectAllChildren(id);
        copy.textContent = 'Press Ctrl+C';
      }
    });
    session.append(id, document.createElement('br'), copy);
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
