// Stands in for a page builder: it adds a checkout block after the page has loaded, and can remove it and put it
// back, which disconnects and reconnects the element like a CMS editor or an SPA router does.
const companion = document.querySelector('meta[name="checkout-companion"]')?.getAttribute('content') ?? '';
const slot = /** @type {HTMLElement} */ (document.getElementById('builder-slot'));

function createBlock() {
  const checkout = document.createElement('stripe-checkout');
  checkout.id = 'mug-checkout';
  checkout.setAttribute('session-endpoint', `${companion}/api/checkout/sessions`);
  checkout.setAttribute('price', 'price_demo_mug');
  return checkout;
}

/** @type {HTMLElement | null} */
let block = null;

function insertBlock() {
  // The same node goes back in, as when an editor undoes a removal.
  block ??= createBlock();
  if (!block.isConnected) slot.append(block);
}

document.getElementById('remove-block')?.addEventListener('click', () => block?.remove());
document.getElementById('insert-block')?.addEventListener('click', insertBlock);
window.addEventListener('load', insertBlock, { once: true });
