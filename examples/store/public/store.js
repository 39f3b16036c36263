import { formatMoney, loadStoreConfig, showModeBanner } from './shared.js';

/** @type {Map<string, { product: import('./shared.js').Product, quantity: number }>} */
const cart = new Map();
const params = new URLSearchParams(location.search);

const productList = /** @type {HTMLUListElement} */ (document.getElementById('products'));
const cartList = /** @type {HTMLUListElement} */ (document.getElementById('cart-items'));
const cartEmpty = /** @type {HTMLElement} */ (document.getElementById('cart-empty'));
const checkoutButton = /** @type {HTMLButtonElement} */ (document.getElementById('checkout-button'));
const checkoutSection = /** @type {HTMLElement} */ (document.getElementById('checkout-section'));
const checkoutHost = /** @type {HTMLElement} */ (document.getElementById('checkout-host'));
const checkoutDone = /** @type {HTMLElement} */ (document.getElementById('checkout-done'));

function cartItems() {
  return [...cart.values()].map(({ product, quantity }) => ({ price: product.price, quantity }));
}

function renderCart() {
  cartList.replaceChildren(
    ...[...cart.values()].map(({ product, quantity }) => {
      const item = document.createElement('li');
      item.textContent = `${quantity} × ${product.name} — ${formatMoney(product.unitAmount * quantity, product.currency)}`;
      return item;
    }),
  );
  cartEmpty.hidden = cart.size > 0;
  checkoutButton.disabled = cart.size === 0;
  const checkout = checkoutHost.querySelector('stripe-checkout');
  // A changed cart starts a new session in the open checkout (the element re-initialises on new items).
  if (checkout && cart.size > 0) checkout.items = cartItems();
}

/** @param {import('./shared.js').Product} product */
function productCard(product) {
  const item = document.createElement('li');
  item.className = 'product';
  const name = document.createElement('h3');
  name.textContent = product.name;
  const description = document.createElement('p');
  description.textContent = product.description ?? '';
  const price = document.createElement('p');
  price.className = 'price';
  price.textContent = formatMoney(product.unitAmount, product.currency);
  const add = document.createElement('button');
  add.type = 'button';
  add.textContent = 'Add to cart';
  add.setAttribute('aria-label', `Add ${product.name} to cart`);
  add.addEventListener('click', () => {
    const line = cart.get(product.price) ?? { product, quantity: 0 };
    line.quantity += 1;
    cart.set(product.price, line);
    renderCart();
  });
  item.append(name, description, price, add);
  return item;
}

function openCheckout() {
  checkoutHost.replaceChildren();
  checkoutDone.hidden = true;
  const checkout = document.createElement('stripe-checkout');
  checkout.setAttribute('session-endpoint', '/api/checkout/sessions');
  // The payment router creates sessions with allow_promotion_codes (Stripe.js cannot tell the element so).
  checkout.setAttribute('promotion-codes', '');
  // ?redirect=always shows the redirect flow: the buyer lands on /return even for a card payment.
  if (params.get('redirect') === 'always') checkout.setAttribute('redirect', 'always');
  checkout.items = cartItems();
  checkout.addEventListener('checkout-complete', () => {
    cart.clear();
    renderCart();
    checkoutDone.hidden = false;
  });
  checkoutHost.append(checkout);
  checkoutSection.hidden = false;
  checkoutSection.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

checkoutButton.addEventListener('click', openCheckout);

const config = await loadStoreConfig();
showModeBanner(config);
productList.replaceChildren(...config.products.map(productCard));
renderCart();
