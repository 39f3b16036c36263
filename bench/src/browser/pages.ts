// The two pages timed in Chromium. Both share the same host-page layout (a heading above the checkout and a
// footer below it, so any growth of the checkout after first paint shows up as layout shift) and the same
// instrumentation; they differ only in how the checkout is put on the page.

export interface PageConfig {
  publishableKey: string;
  price: string;
  sessionEndpoint: string;
}

/**
 * Layout shift and long tasks from the very first paint, and the moment a buyer could pay: the Payment Element has
 * emitted `ready` (seen through a transparent wrapper around window.Stripe, the same on both pages) and the page's own
 * * pay button is there (`__buttonReady()`); the `checkout-payable` mark then records the time since navigation start.
 */
const instrumentation = `
window.__bench = { cls: 0, shifts: 0, longTasks: [], paymentReady: false, buttonReady: false };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__bench.cls += entry.value;
    window.__bench.shifts += 1;
  }
}).observe({ type: 'layout-shift', buffered: true });
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });
window.__payable = new Promise((resolve, reject) => {
  const check = () => {
    if (!window.__bench.paymentReady || !window.__bench.buttonReady) return;
    performance.mark('checkout-payable');
    resolve(performance.now());
  };
  window.__buttonReady = () => { window.__bench.buttonReady = true; check(); };
  window.__paymentReady = () => { window.__bench.paymentReady = true; check(); };
  window.__failPayable = (reason) => reject(new Error(reason));
});
const watchPaymentElement = (sdk) => {
  const create = sdk.createPaymentElement;
  sdk.createPaymentElement = function (...args) {
    const element = create.apply(this, args);
    element.on('ready', () => window.__paymentReady());
    return element;
  };
  return sdk;
};
let stripeConstructor;
Object.defineProperty(window, 'Stripe', {
  configurable: true,
  get: () => stripeConstructor,
  set: (value) => {
    stripeConstructor = typeof value !== 'function' ? value : new Proxy(value, {
      apply(target, self, args) {
        const stripe = Reflect.apply(target, self, args);
        for (const name of ['initCheckoutElementsSdk', 'initCheckout']) {
          const init = stripe[name];
          if (typeof init === 'function') stripe[name] = (...options) => watchPaymentElement(init.apply(stripe, options));
        }
        return stripe;
      },
    });
  },
});
`;

function page(title: string, head: string, checkout: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<script>${instrumentation}</script>
${head}
<style>body { font-family: system-ui, sans-serif; margin: 0; } main { max-width: 480px; margin: 2rem auto; padding: 0 1rem; }</style>
</head>
<body>
<main>
<h1>Emulator T-shirt</h1>
<p>Organic cotton, printed offline. $25.00</p>
${checkout}
<footer><p>Questions? Write to shop@example.com. This footer moves if the checkout above it changes height.</p></footer>
</main>
</body>
</html>`;
}

/**
 * Our element, as its README tells people to use it: the standalone module script and one tag. The publishable key is
 * an attribute, so Stripe.js starts loading at once, in parallel with the session request.
 * The `customElements.define` wrapper only marks when the element connects (for the main-thread window).
 */
export function elementPage(config: PageConfig): string {
  const hooks = `<script>
const define = customElements.define.bind(customElements);
customElements.define = (name, constructor, options) => {
  if (name === 'stripe-checkout') {
    const connected = constructor.prototype.connectedCallback;
    constructor.prototype.connectedCallback = function () {
      if (performance.getEntriesByName('checkout-connected').length === 0) performance.mark('checkout-connected');
      return connected?.call(this);
    };
  }
  return define(name, constructor, options);
};
document.addEventListener('checkout-error', (event) => window.__failPayable('checkout-error: ' + JSON.stringify(event.detail)));
// checkout-ready: the element is in its ready state; once Lit has rendered it, its pay button is on screen. That
// button then stays disabled until the buyer has filled the form (Stripe's session.canConfirm), which no page load can do.
document.addEventListener('checkout-ready', async (event) => {
  const checkout = event.target;
  await checkout.updateComplete;
  if (checkout.shadowRoot && checkout.shadowRoot.querySelector('[part~="pay-button"]')) window.__buttonReady();
  else window.__failPayable('checkout-ready fired but no pay button was rendered');
});
</script>
<script type="module" src="/element/stripe-checkout.js"></script>`;
  const tag = `<stripe-checkout publishable-key="${config.publishableKey}" session-endpoint="${config.sessionEndpoint}" price="${config.price}"></stripe-checkout>`;
  return page('<stripe-checkout> benchmark', hooks, tag);
}

/**
 * The official sample's order: fetch the client secret, then load Stripe.js, then initialise the Checkout SDK,
 * wait for its actions, then create and mount the Payment Element; the pay button is enabled when it is ready.
 */
export function referencePage(config: PageConfig): string {
  const script = `<script type="module">
try {
  const response = await fetch(${JSON.stringify(config.sessionEndpoint)}, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ items: [{ price: ${JSON.stringify(config.price)}, quantity: 1 }] }),
  });
  const { clientSecret } = await response.json();
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'https://js.stripe.com/endive/stripe.js';
    script.onload = resolve;
    script.onerror = () => reject(new Error('Stripe.js failed to load'));
    document.head.append(script);
  });
  const stripe = Stripe(${JSON.stringify(config.publishableKey)});
  const checkout = stripe.initCheckoutElementsSdk({ clientSecret });
  const loaded = await checkout.loadActions();
  if (loaded.type !== 'success') throw new Error(loaded.error.message);
  const pay = document.getElementById('pay');
  pay.textContent = 'Pay ' + loaded.actions.getSession().total.total.amount;
  const paymentElement = checkout.createPaymentElement();
  paymentElement.on('ready', () => {
    pay.disabled = false;
    window.__buttonReady();
  });
  paymentElement.mount('#payment-element');
} catch (error) {
  window.__failPayable(String(error));
}
</script>`;
  const markup =
    '<form id="checkout"><div id="payment-element"></div><button id="pay" type="submit" disabled>Pay</button></form>';
  return page('Reference checkout (official sample order)', script, markup);
}
