// Helpers the store's pages share. Plain ES modules: the pages run under a CSP without inline scripts.

/** @returns {Promise<{ mode: 'offline' | 'stripe', testCards: { number: string, outcome: string }[], products: Product[], memberships: Product[], featured: { product: Product | null, addOn: Product | null } }>} */
export async function loadStoreConfig() {
  const response = await fetch('/api/store/config');
  if (!response.ok) throw new Error(`The store's configuration did not load (HTTP ${response.status}).`);
  return response.json();
}

/**
 * @typedef {{ price: string, name: string, description: string | null, image: string | null, unitAmount: number,
 *   currency: string, interval: string | null }} Product
 */

/** @param {number} amount @param {string} currency */
export function formatMoney(amount, currency) {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(
    amount / 100,
  );
}

/** Tells the buyer whether money can move, and which test cards to use. */
export function showModeBanner(config) {
  const banner = document.getElementById('mode-banner');
  if (!banner) return;
  banner.replaceChildren();
  const title = document.createElement('strong');
  if (config.mode === 'offline') {
    title.textContent = 'Offline test mode — no real payments.';
    banner.append(title, ' Running on the bundled Stripe emulator. Test cards (any future expiry, any CVC):');
    const list = document.createElement('ul');
    list.className = 'test-cards';
    for (const card of config.testCards) {
      const item = document.createElement('li');
      const number = document.createElement('code');
      number.textContent = card.number;
      item.append(number, ` ${card.outcome}`);
      list.append(item);
    }
    const codes = document.createElement('p');
    codes.className = 'promotion-codes';
    codes.textContent = 'Promotion codes: SAVE10 (10% off), FIVEOFF ($5 off).';
    banner.append(list, codes);
  } else {
    title.textContent = 'Stripe test mode.';
    banner.append(
      title,
      " Pay with one of Stripe's test cards, such as 4242 4242 4242 4242; nothing is charged.",
    );
  }
  banner.hidden = false;
}
