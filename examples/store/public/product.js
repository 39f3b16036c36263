// The product page: one product, and a <stripe-checkout> whose session turns on every Checkout feature (the
// /api/product router sets them). The page's own quantity control changes the open session's cart through the
// shop's server (element.updateItems → POST /api/product/sessions/{id}/items), keeping the add-on the buyer chose.
import { formatMoney, loadStoreConfig, showModeBanner } from './shared.js';

const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const quantityOutput = /** @type {HTMLOutputElement} */ (byId('quantity'));
const down = /** @type {HTMLButtonElement} */ (byId('quantity-down'));
const up = /** @type {HTMLButtonElement} */ (byId('quantity-up'));
const quantityError = byId('quantity-error');
const MAX_QUANTITY = 10;

const config = await loadStoreConfig();
showModeBanner(config);
const { product, addOn } = config.featured;
if (!product) throw new Error('The store has no one-time product to show.');

byId('product-name').textContent = product.name;
byId('product-description').textContent = product.description ?? '';
byId('product-price').textContent = formatMoney(product.unitAmount, product.currency);
if (product.image) {
  const image = /** @type {HTMLImageElement} */ (byId('product-image'));
  image.src = product.image;
  image.hidden = false;
}
byId('feature-add-on').hidden = !addOn;

let quantity = 1;
const checkout = /** @type {any} */ (document.createElement('stripe-checkout'));
checkout.setAttribute('session-endpoint', '/api/product/sessions');
checkout.setAttribute('promotion-codes', '');
// ?location=FR: Stripe's test mode places a buyer by email (test+location_FR@example.com), so the session is created
// for a buyer in France and Adaptive Pricing offers euros next to the shop's currency from the start.
const location = new URLSearchParams(window.location.search).get('location');
if (location && /^[A-Z]{2}$/.test(location))
  checkout.setAttribute('email', `test+location_${location}@example.com`);
checkout.items = [{ price: product.price, quantity }];
checkout.addEventListener('checkout-complete', () => {
  byId('checkout-done').hidden = false;
  down.disabled = true;
  up.disabled = true;
});
byId('checkout-host').append(checkout);

/** The cart as the open session has it (the add-on included), with this product at `next`. */
function cartWith(/** @type {number} */ next) {
  /** @type {{ priceId: string, quantity: number }[]} */
  const lines = checkout.session?.lineItems ?? [];
  const items = lines.map((line) => ({
    price: line.priceId,
    quantity: line.priceId === product.price ? next : line.quantity,
  }));
  return items.some((item) => item.price === product.price)
    ? items
    : [{ price: product.price, quantity: next }, ...items];
}

async function setQuantity(/** @type {number} */ next) {
  if (next < 1 || next > MAX_QUANTITY) return;
  quantityError.hidden = true;
  down.disabled = up.disabled = true;
  try {
    if (typeof checkout.updateItems === 'function' && checkout.session) {
      // The same session, its cart changed by the shop's server: the summary follows without a reload.
      await checkout.updateItems(cartWith(next));
    } else {
      // An element without server-side cart updates starts a new session for the new cart.
      checkout.items = [{ price: product.price, quantity: next }];
    }
    quantity = next;
    quantityOutput.textContent = String(quantity);
  } catch (error) {
    quantityError.textContent =
      error instanceof Error && error.message
        ? error.message
        : 'The quantity could not be changed; try again.';
    quantityError.hidden = false;
  } finally {
    down.disabled = quantity <= 1;
    up.disabled = quantity >= MAX_QUANTITY;
  }
}

down.addEventListener('click', () => void setQuantity(quantity - 1));
up.addEventListener('click', () => void setQuantity(quantity + 1));
down.disabled = true;
// The summary's own quantity controls change the cart too: keep the page's control in step with the session.
checkout.addEventListener('checkout-change', (/** @type {CustomEvent} */ event) => {
  const line = event.detail?.session?.lineItems?.find(
    (/** @type {{ priceId: string }} */ item) => item.priceId === product.price,
  );
  if (!line) return;
  quantity = line.quantity;
  quantityOutput.textContent = String(quantity);
  down.disabled = quantity <= 1;
  up.disabled = quantity >= MAX_QUANTITY;
});
