// Layout and summary polish (issue 13): two columns from ~720 px of the element's own width, a collapsible summary
// below that, the `layout` attribute, columns that line up, product images, and a summary that adds up.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import { createSession, loadStandIn, mountFor, part, testConfig, waitFor, waitForState } from './support.js';

async function checkoutIn(width: number, query: string, layout?: string): Promise<StripeCheckout> {
  const { publishableKey } = await testConfig();
  const { clientSecret } = await createSession(query);
  const holder = await fixture<HTMLDivElement>(html`<div style=${`width: ${width}px`}>
    <stripe-checkout
      publishable-key=${publishableKey}
      client-secret=${clientSecret}
      layout=${layout ?? 'auto'}
      promotion-codes
    ></stripe-checkout>
  </div>`);
  const element = holder.querySelector('stripe-checkout')!;
  await waitForState(element, 'ready');
  return element;
}

const rect = (node: Element | null | undefined) => node!.getBoundingClientRect();
const main = (element: StripeCheckout) => element.shadowRoot!.querySelector('.main');
const body = (element: StripeCheckout) => element.shadowRoot!.querySelector<HTMLElement>('.summary-body')!;
const toggle = (element: StripeCheckout) => part(element, 'summary-toggle') as HTMLButtonElement;

function isTwoColumn(element: StripeCheckout): boolean {
  const summary = rect(part(element, 'summary'));
  const form = rect(main(element));
  return (
    summary.right <= form.left &&
    Math.abs(summary.top - form.top) < 1 &&
    getComputedStyle(toggle(element)).display === 'none'
  );
}

function isStacked(element: StripeCheckout): boolean {
  return (
    rect(part(element, 'summary')).bottom <= rect(main(element)).top && toggle(element).checkVisibility()
  );
}

describe('<stripe-checkout> layout', () => {
  before(() => loadStandIn('endive'));

  it('puts the summary beside the form when the element is 720 px wide or more, whatever the viewport', async () => {
    const element = await checkoutIn(1000, 'email=buyer@example.com');
    expect(isTwoColumn(element)).to.equal(true);
    expect(body(element).checkVisibility()).to.equal(true);
  });

  it('stacks the summary above the form below 720 px; its button (with the total) folds and unfolds it', async () => {
    const element = await checkoutIn(500, 'email=buyer@example.com');
    expect(isStacked(element)).to.equal(true);
    const button = toggle(element);
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(button.getAttribute('aria-controls')).to.equal(body(element).id);
    expect(button.textContent).to.contain('Order summary');
    expect(button.textContent).to.contain('$37.00');
    expect(body(element).checkVisibility()).to.equal(true);
    button.click();
    await element.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(body(element).checkVisibility()).to.equal(false);
    button.click();
    await element.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(body(element).checkVisibility()).to.equal(true);
  });

  it('fits 320 px: neither its own content nor Stripe’s iframes are wider than the element', async () => {
    const element = await checkoutIn(320, 'email=buyer@example.com&images=1&adjustable=1&promo=1');
    const right = rect(element).right;
    const nodes = [
      ...element.shadowRoot!.querySelectorAll('*'),
      ...element.querySelectorAll('iframe'),
    ].filter((node) => node.localName !== 'slot');
    const overflowing = nodes
      .filter((node) => node.getBoundingClientRect().right > right + 0.5)
      .map((node) => node.getAttribute('part') ?? (node.className || node.localName));
    expect(overflowing).to.deep.equal([]);
  });

  it('keeps a width in a shrink-to-fit parent (a theme centring blocks in a flex column), not 0 px', async () => {
    // Inline-size containment (the container queries) gives an element no intrinsic width: without
    // `contain-intrinsic-inline-size` a WordPress theme's centred flex column collapsed the checkout to 0 px.
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const column = await fixture<HTMLDivElement>(html`<div
      style="display: flex; flex-direction: column; align-items: center; width: 1000px"
    >
      <div><stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout></div>
    </div>`);
    const element = column.querySelector('stripe-checkout')!;
    await waitForState(element, 'ready');
    expect(rect(element).width).to.equal(480);
    expect(isStacked(element)).to.equal(true);
    const frame = element.querySelector('iframe[title="Secure payment input frame"]');
    expect(rect(frame).width).to.be.closeTo(480, 1);
  });

  it('switches when its container is resized, with no re-initialisation', async () => {
    const element = await checkoutIn(1000, 'email=buyer@example.com');
    const session = element.session;
    element.parentElement!.style.width = '600px';
    await waitFor(() => isStacked(element), 'the stacked layout');
    element.parentElement!.style.width = '800px';
    await waitFor(() => isTwoColumn(element), 'two columns again');
    expect(element.state).to.equal('ready');
    expect(element.session).to.equal(session);
  });

  it('layout="stacked" and layout="two-column" force one, whatever the width', async () => {
    const stacked = await checkoutIn(1000, 'email=buyer@example.com', 'stacked');
    expect(isStacked(stacked)).to.equal(true);
    const columns = await checkoutIn(500, 'email=buyer@example.com', 'two-column');
    expect(isTwoColumn(columns)).to.equal(true);
    columns.layout = 'stacked';
    await columns.updateComplete;
    expect(isStacked(columns)).to.equal(true);
  });

  it('warns about an unknown layout and keeps the automatic one; layout="accordion" still reaches the Payment Element', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const element = await checkoutIn(1000, 'email=buyer@example.com', 'columns');
      expect(isTwoColumn(element)).to.equal(true);
      await checkoutIn(1000, 'email=buyer@example.com', 'accordion');
    } finally {
      console.warn = original;
    }
    expect(warnings).to.include(
      '<stripe-checkout>: layout="columns" is not one of auto, stacked, two-column; using "auto".',
    );
    expect(warnings).to.include('<stripe-checkout>: layout="accordion" is now payment-layout="accordion".');
  });

  it('shows no layout shift in either column, from loading to ready and after (wallet row included)', async () => {
    // Two columns from the first render: the summary beside the form, Stripe's iframes sized under the skeleton,
    // the Express Checkout row's height reserved before it appears after ready. Nothing may move, in either column.
    const shifts: Array<{ value: number; left: number; top: number }> = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as LayoutShift[])
        for (const source of entry.sources)
          shifts.push({ value: entry.value, left: source.previousRect.left, top: source.previousRect.top });
    });
    observer.observe({ type: 'layout-shift' });
    try {
      const element = await checkoutIn(1000, 'email=buyer@example.com');
      expect(isTwoColumn(element)).to.equal(true);
      const before = rect(part(element, 'summary'));
      const pay = rect(part(element, 'pay-button'));
      await waitFor(
        () => mountFor(element, 'stripe-express')?.style.minHeight === '',
        'the Express Checkout row to appear',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = rect(part(element, 'summary'));
      expect([after.top, after.left, after.width, after.height]).to.deep.equal([
        before.top,
        before.left,
        before.width,
        before.height,
      ]);
      expect(rect(part(element, 'pay-button')).top).to.equal(pay.top);
    } finally {
      observer.disconnect();
    }
    expect(shifts).to.deep.equal([]);
  });
});

interface LayoutShift {
  value: number;
  sources: Array<{ previousRect: DOMRectReadOnly }>;
}

describe('<stripe-checkout> order summary', () => {
  before(() => loadStandIn('endive'));

  it('shows product images and lines up quantities and prices in columns, whatever the names and amounts', async () => {
    const element = await checkoutIn(1000, 'email=buyer@example.com&images=1&adjustable=1');
    const rows = [...element.shadowRoot!.querySelectorAll('[part~="line-item"]')];
    expect(rows).to.have.length(2);
    const images = rows.map((row) => row.querySelector<HTMLImageElement>('[part~="line-item-image"]'));
    expect(images.map((image) => new URL(image!.src).pathname)).to.deep.equal([
      '/__checkout/product.svg',
      '/__checkout/product.svg',
    ]);
    await waitFor(() => images.every((image) => image!.complete && image!.naturalWidth > 0), 'the images');
    const quantities = rows.map((row) => rect(row.querySelector('[part~="quantity"]')));
    const prices = rows.map((row) => rect(row.querySelector('.price')));
    expect(quantities[0]!.left).to.equal(quantities[1]!.left);
    expect(quantities[0]!.width).to.equal(quantities[1]!.width);
    expect(prices[0]!.right).to.equal(prices[1]!.right);
    expect(prices[0]!.left).to.equal(prices[1]!.left);
    // The long name wraps inside its column instead of pushing the quantity over.
    expect(rect(rows[0]!.querySelector('.name')).right).to.be.at.most(quantities[0]!.left);
  });

  it('adds up after a promotion code: lines at their price, the discount on its own line, Subtotal − discount = Total', async () => {
    const element = await checkoutIn(1000, 'email=buyer@example.com&promo=1');
    const input = element.shadowRoot!.querySelector<HTMLInputElement>('[part~="promotion-code"] input')!;
    input.value = 'SAVE10';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await waitFor(() => part(element, 'discount') !== null, 'the discount line');
    const session = element.session!;
    const usd = (minor: number) =>
      new Intl.NumberFormat('en', { style: 'currency', currency: 'usd' }).format(minor / 100);
    const prices = [...element.shadowRoot!.querySelectorAll('.price')].map((node) => node.textContent);
    // Each line at quantity × unit price (not discounted), and they sum to Subtotal.
    expect(prices).to.deep.equal(
      session.lineItems.map((item) => usd(item.unitAmount.minorUnitsAmount * item.quantity)),
    );
    const lines = session.lineItems.reduce((sum, item) => sum + item.subtotal.minorUnitsAmount, 0);
    expect(lines).to.equal(session.total.subtotal.minorUnitsAmount);
    const rows = [...element.shadowRoot!.querySelectorAll('dl > div')].map((row) => [
      row.querySelector('dt')!.textContent,
      row.querySelector('dd')!.textContent,
    ]);
    const discount = session.total.discount.minorUnitsAmount;
    expect(discount).to.be.greaterThan(0);
    expect(rows).to.deep.equal([
      ['Subtotal', usd(lines)],
      [session.discountAmounts![0]!.displayName, `−${usd(discount)}`],
      ['Total', usd(lines - discount)],
    ]);
    expect(session.total.total.minorUnitsAmount).to.equal(lines - discount);
  });

  it('says what a subscription costs per period', async () => {
    const element = await checkoutIn(1000, 'mode=subscription&email=buyer@example.com');
    const note = element.shadowRoot!.querySelector('[part~="line-item"] small');
    expect(note?.textContent).to.equal('$9.00 per month');
  });
});
