import { formatMoney, loadStoreConfig, showModeBanner } from './shared.js';

const config = await loadStoreConfig();
showModeBanner(config);
const host = /** @type {HTMLElement} */ (document.getElementById('memberships'));
if (config.memberships.length === 0) {
  host.textContent = 'No recurring price is configured (add one to CHECKOUT_PRICES).';
}
for (const membership of config.memberships) {
  const section = document.createElement('section');
  section.className = 'checkout';
  const heading = document.createElement('h2');
  heading.textContent = `${membership.name} — ${formatMoney(membership.unitAmount, membership.currency)} per ${membership.interval}`;
  const checkout = document.createElement('stripe-checkout');
  checkout.setAttribute('session-endpoint', '/api/subscribe/sessions');
  checkout.setAttribute('price', membership.price);
  section.append(heading, checkout);
  host.append(section);
}
