// The status element reads ?session_id= itself and asks the companion server; this page only needs the bundle.
// Asking for the orders list afterwards shows what the return-page lookup fulfilled.
const status = document.querySelector('stripe-checkout-status');
status?.addEventListener('checkout-status', (event) => {
  document.body.dataset.checkoutStatus = /** @type {CustomEvent<{ state: string }>} */ (event).detail.state;
});
