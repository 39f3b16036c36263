// Issue 13: cart and shipping changes through the shop's server (companion routes `POST …/{id}/items` and
// `/shipping`, inside Stripe.js's runServerUpdate), their errors, and fonts reaching Stripe's iframes.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/stripe-checkout/stripe-checkout.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import {
  createSession,
  fillCard,
  loadStandIn,
  mountFor,
  part,
  payButton,
  testConfig,
  waitFor,
  waitForState,
} from './support.js';

// The emulator's demo catalog (its README, "Demo catalog").
const DEMO_CATALOG = {
  prices: { tshirt: 'price_demo_tshirt', mug: 'price_demo_mug', stickers: 'price_demo_stickers' },
};

let nextTag = 0;

async function endpointCheckout(query: string): Promise<{ element: StripeCheckout; tag: string }> {
  const tag = `updates-${Date.now()}-${++nextTag}`;
  const element = await fixture<StripeCheckout>(
    html`<stripe-checkout session-endpoint=${`/__checkout/sessions?tag=${tag}&email=buyer@example.com&${query}`}></stripe-checkout>`,
  );
  await waitForState(element, 'ready');
  return { element, tag };
}

async function fault(tag: string, route: string, fault: Record<string, unknown>): Promise<void> {
  await fetch(`/__checkout/faults?tag=${tag}`, { method: 'POST', body: JSON.stringify({ route, ...fault }) });
}

async function updates(tag: string): Promise<Array<{ route: string; body: unknown }>> {
  return (await fetch(`/__checkout/updates?tag=${tag}`)).json();
}

describe('<stripe-checkout> cart updates through the shop server', () => {
  before(() => loadStandIn('endive'));

  it('updateItems() changes the cart of the same session (no new session, no reload) and the buyer pays it', async () => {
    const { element, tag } = await endpointCheckout('adjustable=1');
    const id = element.session!.id;
    await element.updateItems([
      { price: DEMO_CATALOG.prices.tshirt, quantity: 3 },
      { price: DEMO_CATALOG.prices.stickers, quantity: 1 },
    ]);
    expect(element.session!.id).to.equal(id);
    expect(element.session!.lineItems.map((item) => [item.priceId, item.quantity])).to.deep.equal([
      [DEMO_CATALOG.prices.tshirt, 3],
      [DEMO_CATALOG.prices.stickers, 1],
    ]);
    // $75 + $5
    expect(element.session!.total.total.amount).to.equal('$80.00');
    expect((await updates(tag)).map((entry) => entry.route)).to.deep.equal(['items']);
    await fillCard(element);
    await element.confirm();
    await waitForState(element, 'complete');
  });

  it('the summary’s quantity input goes through the server route too', async () => {
    const { element, tag } = await endpointCheckout('adjustable=1');
    const input = part(element, 'quantity') as HTMLInputElement;
    input.value = '2';
    input.dispatchEvent(new Event('change'));
    await waitFor(() => element.session!.lineItems[0]!.quantity === 2, 'the new quantity');
    expect(await updates(tag)).to.deep.equal([
      {
        route: 'items',
        body: {
          items: [
            { price: DEMO_CATALOG.prices.tshirt, quantity: 2 },
            { price: DEMO_CATALOG.prices.mug, quantity: 1 },
          ],
        },
      },
    ]);
  });

  it('a refused cart (non-retryable) shows the message once, a retryable failure is retried', async () => {
    const { element, tag } = await endpointCheckout('adjustable=1');
    const items = [{ price: DEMO_CATALOG.prices.tshirt, quantity: 4 }];
    await fault(tag, 'items', { count: 1, kind: 'retryable', status: 503, code: 'stripe_busy' });
    await element.updateItems(items);
    expect(element.session!.lineItems[0]!.quantity).to.equal(4);
    expect((await updates(tag)).length).to.equal(2);

    let failure: unknown = null;
    await element.updateItems([{ price: 'price_not_for_sale', quantity: 1 }]).catch((error) => {
      failure = error;
    });
    expect(failure).to.include({ code: 'invalid_request', recoverable: false });
    await element.updateComplete;
    expect(part(element, 'cart-error')?.textContent).to.equal(
      'Your cart could not be updated. Please contact the shop.',
    );
    expect((await updates(tag)).length).to.equal(3);

    await fault(tag, 'items', { count: 5, kind: 'retryable', status: 503, code: 'stripe_busy' });
    await element.updateItems(items).catch(() => {});
    await element.updateComplete;
    expect(part(element, 'cart-error')?.textContent).to.equal(
      'Your cart could not be updated right now. Please try again.',
    );
    expect((await updates(tag)).length).to.equal(6);
  });

  it('a closed session answers session_not_open; a server without the route falls back to Stripe.js for quantities', async () => {
    const { element, tag } = await endpointCheckout('adjustable=1');
    await fault(tag, 'items', { count: 1, kind: 'final', status: 409, code: 'session_not_open' });
    await element.updateItems([{ price: DEMO_CATALOG.prices.mug, quantity: 1 }]).catch(() => {});
    await element.updateComplete;
    expect(part(element, 'cart-error')?.textContent).to.equal('This checkout can no longer be changed.');

    await fault(tag, 'items', { count: 1, kind: 'final', status: 501, code: 'not_supported' });
    const input = part(element, 'quantity') as HTMLInputElement;
    input.value = '3';
    input.dispatchEvent(new Event('change'));
    await waitFor(() => element.session!.lineItems[0]!.quantity === 3, 'the quantity through Stripe.js');
  });

  for (const [status, code] of [
    [405, 'method_not_allowed'],
    [404, 'rest_no_route'],
  ] as const) {
    it(`a server that answers ${status} ${code} for the cart route is one without it: quantities fall back to Stripe.js`, async () => {
      const { element, tag } = await endpointCheckout('adjustable=1');
      await fault(tag, 'items', { count: 1, kind: 'final', status, code });
      const input = part(element, 'quantity') as HTMLInputElement;
      input.value = '2';
      input.dispatchEvent(new Event('change'));
      await waitFor(() => element.session!.lineItems[0]!.quantity === 2, 'the quantity through Stripe.js');
      expect(part(element, 'cart-error')?.textContent ?? '').to.equal('');
    });
  }

  it('without a session endpoint, updateItems() rejects and quantities stay client-side', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com&adjustable=1');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    let failure: unknown = null;
    await element.updateItems([{ price: DEMO_CATALOG.prices.mug, quantity: 1 }]).catch((error) => {
      failure = error;
    });
    expect(failure).to.include({ code: 'not_supported' });
    const input = part(element, 'quantity') as HTMLInputElement;
    input.value = '2';
    input.dispatchEvent(new Event('change'));
    await waitFor(() => element.session!.lineItems[0]!.quantity === 2, 'the quantity through Stripe.js');
  });
});

describe('<stripe-checkout> shipping from the shop server (server_only)', () => {
  before(() => loadStandIn('endive'));

  it('hands the address to the server, which sets the shipping options; the buyer picks one and pays', async () => {
    const { element, tag } = await endpointCheckout('serverShipping=1');
    const shipping = mountFor(element, 'stripe-shipping');
    expect(shipping?.querySelector('iframe')).to.exist;
    expect(element.session!.shippingOptions).to.have.length(0);
    await fillCard(element);
    await executeServerCommand('checkout:fill-address', { mount: shipping!.id });
    await waitFor(() => element.session!.shippingOptions.length === 2, 'the server’s shipping options');
    expect(element.session!.shippingAddress?.address.city).to.equal('San Francisco');
    const sent = (await updates(tag)).filter((entry) => entry.route === 'shipping');
    expect(sent.length).to.equal(1);
    expect(sent[0]!.body).to.deep.include({ name: 'Jenny Rosen' });
    await element.updateComplete;
    const option = element.shadowRoot!.querySelector<HTMLInputElement>('[part~="shipping-options"] input');
    option!.click();
    await waitFor(() => !payButton(element).disabled, 'the pay button to enable');
    await element.confirm();
    await waitForState(element, 'complete');
  });

  it('shows the shop’s refusal on the address field (422 shipping_address_refused), and retries a busy server', async () => {
    const { element, tag } = await endpointCheckout('serverShipping=1');
    const shipping = mountFor(element, 'stripe-shipping')!;
    await executeServerCommand('checkout:fill-address', { mount: shipping.id, state: 'AK' });
    await waitFor(() => part(element, 'shipping-error') !== null, 'the refusal');
    expect(part(element, 'shipping-error')?.textContent).to.equal('We do not ship to Alaska or Hawaii.');
    expect(element.session!.shippingOptions).to.have.length(0);
    expect(payButton(element).disabled).to.equal(true);

    await fault(tag, 'shipping', { count: 1, kind: 'retryable', status: 503, code: 'stripe_busy' });
    await executeServerCommand('checkout:fill-address', { mount: shipping.id, state: 'CA' });
    await waitFor(() => element.session!.shippingOptions.length === 2, 'the options after a retry');
    await element.updateComplete;
    expect(part(element, 'shipping-error')).to.equal(null);
  });
});

describe('<stripe-checkout> fonts', () => {
  before(() => loadStandIn('endive'));

  it('hands the page’s @font-face for its font-family and the fonts property to Stripe’s iframes', async () => {
    const style = document.createElement('style');
    style.textContent = `@font-face { font-family: "Shop Sans"; src: url("data:font/woff2;base64,d09GMgABAAAAAA") format("woff2"); font-weight: 600; }
      .shop { font-family: "Shop Sans", sans-serif; }`;
    document.head.append(style);
    const { element } = await endpointCheckout('');
    element.remove();
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const wrapper = await fixture<HTMLDivElement>(
      html`<div class="shop"><stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret} .fonts=${[{ cssSrc: 'https://fonts.example.com/css?family=Serif+Shop' }]}></stripe-checkout></div>`,
    );
    const checkout = wrapper.querySelector('stripe-checkout') as StripeCheckout;
    await waitForState(checkout, 'ready');
    type Debug = { instances(): Array<{ fonts: Array<Record<string, string>> }> };
    const fonts = (window as unknown as { __stripeEmulator: Debug }).__stripeEmulator
      .instances()
      .at(-1)!.fonts;
    expect(fonts[0]).to.deep.include({ family: 'Shop Sans', weight: '600' });
    expect(fonts[0]!.src).to.match(/^url\("data:font\/woff2/);
    expect(fonts[1]).to.deep.equal({ cssSrc: 'https://fonts.example.com/css?family=Serif+Shop' });

    checkout.fonts = [{ family: 'Later', src: 'url("https://fonts.example.com/later.woff2")' }];
    await waitFor(
      () =>
        (window as unknown as { __stripeEmulator: Debug }).__stripeEmulator
          .instances()
          .at(-1)!
          .fonts.some((font) => font.family === 'Later'),
      'loadFonts() with the new fonts',
    );
    style.remove();
  });
});

describe('<stripe-checkout> fonts set after loading', () => {
  before(() => loadStandIn('endive'));

  it('loads fonts set only once the checkout is ready, each once', async () => {
    const { element } = await endpointCheckout('');
    type Debug = { instances(): Array<{ fonts: Array<Record<string, string>> }> };
    const fonts = () =>
      (window as unknown as { __stripeEmulator: Debug }).__stripeEmulator.instances().at(-1)!.fonts;
    expect(fonts()).to.deep.equal([]);
    const face = { family: 'Late', src: 'url("https://fonts.example.com/late.woff2")' };
    element.fonts = [face];
    await waitFor(() => fonts().length === 1, 'loadFonts()');
    element.fonts = [face, { cssSrc: 'https://fonts.example.com/css?family=More' }];
    await waitFor(() => fonts().length === 2, 'only the new font');
    expect(fonts()).to.deep.equal([face, { cssSrc: 'https://fonts.example.com/css?family=More' }]);
  });
});

describe('<stripe-checkout> with the real companion server (@checkout-element/server)', () => {
  before(() => loadStandIn('endive'));

  async function realCheckout(): Promise<StripeCheckout> {
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout
        session-endpoint="/__checkout/real/sessions"
        price=${DEMO_CATALOG.prices.tshirt}
        email="buyer@example.com"
      ></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    return element;
  }

  it('its server-only shipping hook prices the address, updateItems changes the cart, and the buyer pays', async () => {
    const element = await realCheckout();
    const shipping = mountFor(element, 'stripe-shipping');
    expect(shipping?.querySelector('iframe')).to.exist;
    await executeServerCommand('checkout:fill-address', { mount: shipping!.id });
    await waitFor(() => element.session!.shippingOptions.length === 2, 'the hook’s shipping options');
    expect(element.session!.shippingOptions.map((option) => option.displayName)).to.deep.equal([
      'Standard',
      'Express',
    ]);
    await element.updateItems([
      { price: DEMO_CATALOG.prices.tshirt, quantity: 2 },
      { price: DEMO_CATALOG.prices.mug, quantity: 1 },
    ]);
    expect(element.session!.lineItems.map((item) => item.quantity)).to.deep.equal([2, 1]);
    await element.updateComplete;
    element.shadowRoot!.querySelector<HTMLInputElement>('[part~="shipping-options"] input')!.click();
    await fillCard(element);
    await waitFor(() => !payButton(element).disabled, 'the pay button to enable');
    await element.confirm();
    await waitForState(element, 'complete');
  });

  it('shows the hook’s refusal on the address field, and refuses a price outside the catalog', async () => {
    const element = await realCheckout();
    const shipping = mountFor(element, 'stripe-shipping')!;
    await executeServerCommand('checkout:fill-address', { mount: shipping.id, state: 'AK' });
    await waitFor(() => part(element, 'shipping-error') !== null, 'the refusal');
    expect(part(element, 'shipping-error')?.textContent).to.equal('We do not ship to Alaska or Hawaii.');
    let failure: unknown = null;
    await element.updateItems([{ price: 'price_not_for_sale', quantity: 1 }]).catch((error) => {
      failure = error;
    });
    expect(failure).to.include({ code: 'invalid_request', recoverable: false });
    await element.updateComplete;
    expect(part(element, 'cart-error')?.textContent).to.equal(
      'Your cart could not be updated. Please contact the shop.',
    );
  });
});
