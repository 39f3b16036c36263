// The pages timed in Chromium. All share the same host-page layout (a heading above the checkout and a footer below
// it, so any growth of the checkout after first paint shows up as layout shift) and the same instrumentation; they
// differ only in how the checkout is put on the page.
import { readFileSync } from 'node:fs';
import { HarnessError } from '../report.js';

export interface PageConfig {
  publishableKey: string;
  price: string;
  sessionEndpoint: string;
}

/** Variations of the element page for the cost-growth and below-the-fold figures. */
export interface ElementVariant {
  /** Line items in the session (distinct prices); 1 uses the snippet's `price` attribute as written. */
  items?: readonly string[];
  /** Two checkouts on the page (two sessions, one Stripe.js). */
  twice?: boolean;
  /** The checkout starts this many px below the fold; the page scrolls to it once it is payable. */
  belowFold?: boolean;
  /** The shop knows the buyer's email (`email` attribute): no Contact Details Element to load. */
  emailKnown?: boolean;
}

/**
 * Layout shift and long tasks from the very first paint, and the moment a buyer could pay: every Payment Element on
 * the page has emitted `ready` (seen through a transparent wrapper around window.Stripe, the same on every page) and
 * the page's own pay button is there (`__buttonReady()`, once per checkout); the `checkout-payable` mark then records
 * the time since navigation start.
 */
function instrumentation(checkouts: number): string {
  return `
performance.mark('page-start');
window.__bench = { cls: 0, shifts: [], longTasks: [], paymentReady: 0, buttonReady: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__bench.cls += entry.value;
    // What moved, for reading a non-zero figure: the node and its rectangle before → after.
    window.__bench.shifts.push({ at: entry.startTime, value: entry.value, sources: entry.sources.map((source) =>
      (source.node ? (source.node.nodeName + (source.node.id ? '#' + source.node.id : '') + (source.node.className ? '.' + source.node.className : '')) : '?') +
      ' ' + JSON.stringify([source.previousRect.y, source.previousRect.height]) + '→' + JSON.stringify([source.currentRect.y, source.currentRect.height])) });
  }
}).observe({ type: 'layout-shift', buffered: true });
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });
// The harness hears the outcome as a console message: polling the page for it would inject Playwright's own
// scripts into the main thread in the middle of the load being measured.
{
  let settled = false;
  const check = () => {
    if (window.__bench.paymentReady < ${checkouts} || window.__bench.buttonReady < ${checkouts}) return;
    if (settled) return;
    settled = true;
    performance.mark('checkout-payable');
    console.info('bench-payable ' + performance.getEntriesByName('checkout-payable')[0].startTime);
  };
  window.__buttonReady = () => { window.__bench.buttonReady += 1; check(); };
  window.__paymentReady = () => { window.__bench.paymentReady += 1; check(); };
  window.__failPayable = (reason) => {
    if (settled) return;
    settled = true;
    console.info('bench-failed ' + reason);
  };
}
const watchPaymentElement = (sdk) => {
  const create = sdk.createPaymentElement;
  sdk.createPaymentElement = function (...args) {
    const element = create.apply(this, args);
    element.on('ready', () => {
      if (performance.getEntriesByName('payment-ready').length === 0) performance.mark('payment-ready');
      window.__paymentReady();
    });
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
          if (typeof init === 'function') stripe[name] = (...options) => {
            if (performance.getEntriesByName('sdk-init').length === 0) performance.mark('sdk-init');
            return watchPaymentElement(init.apply(stripe, options));
          };
        }
        return stripe;
      },
    });
  },
});
`;
}

const STRIPE_JS = 'https://js.stripe.com/endive/stripe.js';
const STYLE =
  '<style>body { font-family: system-ui, sans-serif; margin: 0; } main { max-width: 480px; margin: 2rem auto; padding: 0 1rem; } .fold { height: 1200px; }</style>';

function head(title: string, checkouts: number, extra: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<script>${instrumentation(checkouts)}</script>
${extra}
${STYLE}
</head>
<body>
<main>
<h1>Emulator T-shirt</h1>
<p>Organic cotton, printed offline. $25.00</p>
`;
}

const TAIL = `<footer><p>Questions? Write to shop@example.com. This footer moves if the checkout above it changes height.</p></footer>
</main>
</body>
</html>`;

function page(title: string, checkouts: number, extra: string, checkout: string): string {
  return `${head(title, checkouts, extra)}${checkout}\n${TAIL}`;
}

// ---- The README's embed snippet, exactly as written there ------------------------------------------------------

const README = new URL('../../../README.md', import.meta.url);
const SNIPPET_MARKER = '<!-- embed-snippet';
/** The placeholders the README's snippet uses, and what the benchmark's site puts in their place. */
export const SNIPPET_PLACEHOLDERS = {
  script: 'https://cdn.example/@checkout-element/element/dist/stripe-checkout.js',
  publishableKey: 'pk_test_…',
  sessionEndpoint: '/api/checkout/sessions',
  price: 'price_…',
} as const;

/** The html code block that follows the `<!-- embed-snippet -->` marker in the repository's README. */
export function readmeSnippet(markdown = readFileSync(README, 'utf8')): string {
  const start = markdown.indexOf(SNIPPET_MARKER);
  const open = markdown.indexOf('```html\n', start);
  const close = markdown.indexOf('\n```', open + 8);
  if (start < 0 || open < 0 || close < 0)
    throw new HarnessError('README.md has no ```html block after an <!-- embed-snippet --> marker');
  const snippet = markdown.slice(open + 8, close);
  for (const [name, placeholder] of Object.entries(SNIPPET_PLACEHOLDERS)) {
    if (!snippet.includes(placeholder))
      throw new HarnessError(`README.md's embed snippet lost its ${name} placeholder "${placeholder}"`);
  }
  return snippet;
}

/** The snippet split at its first `<stripe-checkout`: what goes in `<head>`, and the tag itself. */
export function snippetParts(config: PageConfig): { head: string; tag: string } {
  const filled = readmeSnippet()
    .replaceAll(SNIPPET_PLACEHOLDERS.script, '/element/stripe-checkout.js')
    .replaceAll(SNIPPET_PLACEHOLDERS.publishableKey, config.publishableKey)
    .replaceAll(SNIPPET_PLACEHOLDERS.sessionEndpoint, config.sessionEndpoint)
    .replaceAll(SNIPPET_PLACEHOLDERS.price, config.price);
  const at = filled.indexOf('<stripe-checkout');
  const end = filled.indexOf('</stripe-checkout>', at);
  if (at < 0 || end < 0) throw new HarnessError("README.md's embed snippet has no <stripe-checkout> tag");
  return { head: filled.slice(0, at), tag: filled.slice(at, end + '</stripe-checkout>'.length) };
}

/**
 * Marks when the first element connects (the main-thread window's start), fails the run on `checkout-error`, and
 * reports each element's pay button once it is rendered in the ready state. That button then stays disabled until
 * the buyer has filled the form (Stripe's session.canConfirm), which no page load can do.
 */
const ELEMENT_HOOKS = `<script>
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
document.addEventListener('checkout-ready', async (event) => {
  const checkout = event.target;
  await checkout.updateComplete;
  if (checkout.shadowRoot && checkout.shadowRoot.querySelector('[part~="pay-button"]')) window.__buttonReady();
  else window.__failPayable('checkout-ready fired but no pay button was rendered');
});
</script>`;

/** `<stripe-checkout>` exactly as the README's embed snippet puts it on a page (plus the bench's hooks). */
export function elementPage(config: PageConfig, variant: ElementVariant = {}): string {
  const { head: snippetHead, tag } = snippetParts(config);
  const checkouts = variant.twice ? 2 : 1;
  let body = variant.twice ? `${tag}\n<hr>\n${tag}` : tag;
  if (variant.items && variant.items.length > 1) {
    // The items property (several prices) is set before the element is defined; Lit picks it up on upgrade.
    const items = variant.items.map((price) => ({ price, quantity: 1 }));
    body += `\n<script>for (const checkout of document.querySelectorAll('stripe-checkout')) checkout.items = ${JSON.stringify(items)};</script>`;
  }
  if (variant.emailKnown)
    body = body.replace('<stripe-checkout ', '<stripe-checkout email="buyer@example.com" ');
  if (variant.belowFold) body = `<div class="fold">Scroll down to pay.</div>\n${body}`;
  return page('<stripe-checkout> benchmark', checkouts, `${ELEMENT_HOOKS}\n${snippetHead}`, body);
}

/**
 * The server-rendered-secret setting for `<stripe-checkout client-secret=…>`: the snippet's `<head>` part is sent at
 * once, the tag with the secret once the shop has created the session (the response streams meanwhile).
 */
/** Text for a double-quoted HTML attribute. */
function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

export function elementSsrPage(config: PageConfig): {
  head: string;
  rest: (secret: string, collects: unknown) => string;
} {
  const { head: snippetHead } = snippetParts(config);
  return {
    head: head('<stripe-checkout client-secret> benchmark', 1, `${ELEMENT_HOOKS}\n${snippetHead}`),
    // The shop renders what its companion answered: the secret, and what the session collects (README: `collects`).
    rest: (secret, collects) =>
      `<stripe-checkout publishable-key="${config.publishableKey}" client-secret="${secret}" collects="${escapeAttribute(JSON.stringify(collects ?? {}))}"></stripe-checkout>\n${TAIL}`,
  };
}

// ---- Hand-written references ---------------------------------------------------------------------------------

/** The form of the hand-written pages: Stripe's mount point and a pay button enabled once the element is ready. */
const REFERENCE_MARKUP =
  '<form id="checkout"><div id="payment-element"></div><button id="pay" type="submit" disabled>Pay</button></form>';
/** The same form with Stripe's email field (the Contact Details Element) above the Payment Element. */
const REFERENCE_MARKUP_EMAIL =
  '<form id="checkout"><div id="contact-element"></div><div id="payment-element"></div><button id="pay" type="submit" disabled>Pay</button></form>';

/**
 * Initialises the Checkout SDK and mounts the Payment Element into #payment-element, enabling the pay button with
 * the total once both the element is ready and loadActions() answered. Shared by the ideal pages. With
 * `collectEmail`, the Contact Details Element goes into #contact-element first and the button also waits for it:
 * on dahlia that is Stripe's way to collect the email a session without `customer_email` needs before it can be
 * confirmed (docs.stripe.com/changelog/dahlia/2026-05-27/add-contact-details-element-to-checkout), which is what
 * `<stripe-checkout>` mounts for the bench's session.
 */
const MOUNT_CHECKOUT = `
const mountCheckout = (publishableKey, clientSecret, collectEmail) => {
  const stripe = Stripe(publishableKey);
  const checkout = stripe.initCheckoutElementsSdk({ clientSecret });
  const elements = [[checkout.createPaymentElement(), '#payment-element']];
  if (collectEmail) elements.unshift([checkout.createContactDetailsElement(), '#contact-element']);
  const ready = Promise.all(elements.map(([element]) => new Promise((resolve) => element.on('ready', resolve))));
  const mount = () => { for (const [element, at] of elements) element.mount(at); };
  if (document.getElementById('payment-element')) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
  Promise.all([checkout.loadActions(), ready]).then(([loaded]) => {
    if (loaded.type !== 'success') throw new Error(loaded.error.message);
    const pay = document.getElementById('pay');
    pay.textContent = 'Pay ' + loaded.actions.getSession().total.total.amount;
    pay.disabled = false;
    window.__buttonReady();
  }).catch((error) => window.__failPayable(String(error)));
};
const stripeLoaded = new Promise((resolve, reject) => {
  const script = document.createElement('script');
  script.src = ${JSON.stringify(STRIPE_JS)};
  script.onload = resolve;
  script.onerror = () => reject(new Error('Stripe.js failed to load'));
  document.head.append(script);
});
`;

/**
 * The fastest a page with a session endpoint can be: an inline script in `<head>` starts the session request and
 * the Stripe.js load at the same instant, and initialises the SDK and mounts the Payment Element the moment both
 * arrived. Nothing else on the page.
 */
export function idealPage(config: PageConfig, collectEmail = false): string {
  const script = `<script>
${MOUNT_CHECKOUT}
const session = fetch(${JSON.stringify(config.sessionEndpoint)}, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ items: [{ price: ${JSON.stringify(config.price)}, quantity: 1 }] }),
}).then((response) => response.json());
Promise.all([session, stripeLoaded])
  .then(([{ clientSecret }]) => mountCheckout(${JSON.stringify(config.publishableKey)}, clientSecret, ${collectEmail}))
  .catch((error) => window.__failPayable(String(error)));
</script>`;
  return page(
    `Ideal page (session endpoint${collectEmail ? ', email' : ''})`,
    1,
    script,
    collectEmail ? REFERENCE_MARKUP_EMAIL : REFERENCE_MARKUP,
  );
}

/**
 * The ideal page when the shop renders the client secret into the HTML: Stripe.js starts loading from `<head>`,
 * which is sent at once; the secret follows in the same response once the session exists.
 */
export function idealSsrPage(
  config: PageConfig,
  collectEmail = false,
): { head: string; rest: (secret: string) => string } {
  const script = `<script>
${MOUNT_CHECKOUT}
window.__secret = (clientSecret) => stripeLoaded
  .then(() => mountCheckout(${JSON.stringify(config.publishableKey)}, clientSecret, ${collectEmail}))
  .catch((error) => window.__failPayable(String(error)));
</script>`;
  const markup = collectEmail ? REFERENCE_MARKUP_EMAIL : REFERENCE_MARKUP;
  return {
    head: head(`Ideal page (server-rendered secret${collectEmail ? ', email' : ''})`, 1, script),
    rest: (secret) => `${markup}\n<script>__secret(${JSON.stringify(secret)});</script>\n${TAIL}`,
  };
}

/**
 * The official sample's order: fetch the client secret, then load Stripe.js, then initialise the Checkout SDK,
 * wait for its actions, then create and mount the Payment Element; the pay button is enabled when it is ready.
 */
export function sequentialPage(config: PageConfig): string {
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
    script.src = ${JSON.stringify(STRIPE_JS)};
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
  return page('Sequential reference (official sample order)', 1, script, REFERENCE_MARKUP);
}

/**
 * The React route: the Vite-built app of src/weight/entries/react-checkout.ts (react-stripe-js's
 * CheckoutElementsProvider fetching the secret, PaymentElement, a pay button enabled on ready). The app is left as
 * written for the weight figure; the page notices its pay button turning enabled.
 */
export function reactPage(config: PageConfig): string {
  const script = `<script>
window.checkoutConfig = ${JSON.stringify(config)};
new MutationObserver((_, observer) => {
  const pay = document.querySelector('#checkout button[type="submit"]');
  if (!pay || pay.disabled) return;
  observer.disconnect();
  window.__buttonReady();
}).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
</script>
<script type="module" src="/react/app.js"></script>`;
  return page('React route (@stripe/react-stripe-js)', 1, script, '<div id="checkout"></div>');
}
