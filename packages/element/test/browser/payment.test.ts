import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CheckoutErrorDetail, CheckoutSessionDetail } from '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import {
  completeChallenge,
  createSession,
  errorText,
  fillCard,
  loadStandIn,
  mountFor,
  nextEvent,
  part,
  payButton,
  testConfig,
  waitFor,
  waitForState,
} from './support.js';

async function readyCheckout(query = 'email=buyer@example.com'): Promise<StripeCheckout> {
  const { publishableKey } = await testConfig();
  const { clientSecret } = await createSession(query);
  const element = await fixture<StripeCheckout>(
    html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}>
      <p slot="complete">Order placed — see you soon!</p>
    </stripe-checkout>`,
  );
  await waitForState(element, 'ready');
  return element;
}

describe('<stripe-checkout> paying (endive Stripe.js)', () => {
  before(() => loadStandIn('endive'));

  it('pays with a card, confirming once on a double click, then shows the complete slot', async () => {
    const element = await readyCheckout();
    const completions: CheckoutSessionDetail[] = [];
    element.addEventListener('checkout-complete', (event) => completions.push(event.detail));
    await fillCard(element);
    const button = payButton(element);
    await waitFor(() => !button.disabled, 'the pay button to enable');
    // Count what reaches Stripe: the stand-in confirms with a fetch to /v1/payment_pages/:id/confirm.
    const realFetch = window.fetch;
    let confirmRequests = 0;
    window.fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/confirm')) confirmRequests++;
      return realFetch(input, init);
    };
    button.click();
    button.click();
    await element.updateComplete;
    expect(element.state).to.equal('confirming');
    expect(button.disabled).to.equal(true);
    await waitForState(element, 'complete');
    window.fetch = realFetch;
    expect(confirmRequests).to.equal(1);
    expect(completions).to.have.length(1);
    expect(completions[0]?.session.status).to.deep.equal({ type: 'complete', paymentStatus: 'paid' });
    expect(element.matches(':state(complete)')).to.equal(true);
    const slot = part(element, 'complete')?.querySelector('slot');
    expect(slot?.assignedElements()[0]?.textContent).to.equal('Order placed — see you soon!');
    expect(document.querySelectorAll('.stripe-checkout-mount')).to.have.length(0);
  });

  it('shows a declined card’s message, focuses it, and lets the buyer pay with another card', async () => {
    const element = await readyCheckout();
    const declined = nextEvent<CheckoutErrorDetail>(element, 'checkout-error');
    await fillCard(element, '4000 0000 0000 0002');
    await waitFor(() => !payButton(element).disabled, 'the pay button to enable');
    await element.confirm();
    const { detail } = await declined;
    expect(detail.code).to.equal('generic_decline');
    expect(detail.recoverable).to.equal(true);
    expect(detail.message).to.match(/declined/i);
    expect(element.state).to.equal('ready');
    await element.updateComplete;
    expect(errorText(element)).to.equal(detail.message);
    expect(element.shadowRoot?.activeElement).to.equal(part(element, 'error'));
    expect(part(element, 'error')?.getAttribute('role')).to.equal('alert');

    await fillCard(element, '4242 4242 4242 4242');
    await element.confirm();
    await waitForState(element, 'complete');
  });

  it('treats an expired card as a decline (not an expired session)', async () => {
    const element = await readyCheckout();
    const declined = nextEvent<CheckoutErrorDetail>(element, 'checkout-error');
    await fillCard(element, '4000 0000 0000 0069');
    await element.confirm();
    const { detail } = await declined;
    expect(detail.message).to.match(/expired/i);
    expect(element.state).to.equal('ready');
    expect(detail.recoverable).to.equal(true);
  });

  it('reports a failed 3D Secure authentication and completes after a successful one', async () => {
    const element = await readyCheckout();
    await fillCard(element, '4000 0027 6000 3184');
    const failed = nextEvent<CheckoutErrorDetail>(element, 'checkout-error');
    const confirming = element.confirm();
    await completeChallenge('Fail');
    await confirming;
    const { detail } = await failed;
    expect(detail.code).to.equal('authentication_failed');
    expect(element.state).to.equal('ready');

    const second = element.confirm();
    await completeChallenge('Complete');
    await second;
    await waitForState(element, 'complete');
  });

  it('names the action: "Subscribe" for a subscription', async () => {
    const element = await readyCheckout('mode=subscription&email=buyer@example.com');
    expect(payButton(element).textContent?.trim()).to.equal('Subscribe');
  });

  it('shows line items, lets the buyer change a quantity, pick shipping, and apply a promotion code', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com&adjustable=1&shipping=1&promo=1');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout
        publishable-key=${publishableKey}
        client-secret=${clientSecret}
        promotion-codes
      ></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const items = element.shadowRoot!.querySelectorAll('[part~="line-item"]');
    expect(items).to.have.length(2);
    const total = () => part(element, 'total')?.querySelector('dd')?.textContent;
    // $25 T-shirt + $12 mug + $5 standard shipping (selected by default)
    expect(total()).to.equal('$42.00');

    const changes: CheckoutSessionDetail[] = [];
    element.addEventListener('checkout-change', (event) => changes.push(event.detail));
    const quantity = items[0]!.querySelector<HTMLInputElement>('[part~="quantity"]')!;
    expect(quantity.getAttribute('aria-label')).to.match(/^Quantity for /);
    quantity.value = '2';
    quantity.dispatchEvent(new Event('change'));
    await waitFor(() => total() === '$67.00', `the total to follow the quantity (is ${total()})`);
    await waitFor(
      () => changes.some((change) => change.session.lineItems[0]?.quantity === 2),
      'checkout-change',
    );

    const options = element.shadowRoot!.querySelectorAll<HTMLInputElement>(
      '[part~="shipping-options"] input',
    );
    expect(options.length).to.equal(2);
    options[1]!.click();
    await waitFor(
      () => element.session?.shipping?.shippingOption.id === 'shr_demo_express',
      'express shipping',
    );
    expect(total()).not.to.equal('$67.00');

    const code = element.shadowRoot!.querySelector<HTMLInputElement>('[part~="promotion-code"] input')!;
    code.value = 'NOPE';
    code.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await waitFor(() => /invalid/i.test(element.shadowRoot!.textContent ?? ''), 'the invalid-code message');
    code.value = 'SAVE10';
    code.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await waitFor(() => element.shadowRoot!.querySelector('[part~="discount"]') !== null, 'the discount row');
  });
});

describe('<stripe-checkout> express checkout and keyboard', () => {
  before(() => loadStandIn('endive'));

  it('pays through the express checkout wallet', async () => {
    const element = await readyCheckout();
    const mount = element.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="stripe-express"]')!;
    const express = mount.assignedElements({ flatten: true })[0] as HTMLElement;
    // The wallet row is mounted after the ready form has rendered (a task later), so it is waited for.
    await waitFor(() => express.querySelector('iframe') !== null, 'the express checkout iframe');
    await executeServerCommand('checkout:express-pay', { mount: express.id });
    await waitForState(element, 'complete');
    expect(element.session?.status).to.deep.equal({ type: 'complete', paymentStatus: 'paid' });
  });

  it('renders the pay button before it inserts the express checkout iframe (whose insertion costs the main thread)', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession();
    const element = document.createElement('stripe-checkout') as StripeCheckout;
    element.setAttribute('publishable-key', publishableKey);
    element.setAttribute('client-secret', clientSecret);
    const seen = new Promise<{ payButton: boolean; expressIframe: boolean }>((resolve) =>
      element.addEventListener('checkout-ready', async () => {
        await element.updateComplete;
        resolve({
          payButton: element.shadowRoot?.querySelector('[part~="pay-button"]') != null,
          expressIframe: mountFor(element, 'stripe-express')?.querySelector('iframe') != null,
        });
      }),
    );
    document.body.append(element);
    try {
      expect(await seen).to.deep.equal({ payButton: true, expressIframe: false });
      await waitFor(
        () => mountFor(element, 'stripe-express')?.querySelector('iframe') != null,
        'the express checkout iframe',
      );
    } finally {
      element.remove();
    }
  });

  it('can be paid with the keyboard: the pay button is a focusable native button', async () => {
    const element = await readyCheckout();
    // Every frame in place first (the wallet row mounts a task after the ready form): a buyer's key press comes
    // long after, and a frame inserted between focus() and the key press could take the keyboard.
    await waitFor(
      () => mountFor(element, 'stripe-express')?.querySelector('iframe') != null,
      'the wallet row',
    );
    await fillCard(element);
    const button = payButton(element);
    await waitFor(() => !button.disabled, 'the pay button to enable');
    button.focus();
    expect(document.activeElement).to.equal(element);
    expect(element.shadowRoot?.activeElement).to.equal(button);
    await sendKeys({ press: 'Enter' });
    await waitForState(element, 'complete');
  });
});

describe('<stripe-checkout> addresses', () => {
  before(() => loadStandIn('endive'));

  it('collects a shipping address when the session ships, and pays once it is given', async () => {
    const element = await readyCheckout('email=buyer@example.com&shipping=1');
    const shipping = mountFor(element, 'stripe-shipping');
    expect(shipping?.querySelector('iframe')).to.exist;
    expect(mountFor(element, 'stripe-billing')).to.equal(undefined);
    await fillCard(element);
    expect(payButton(element).disabled).to.equal(true);
    await executeServerCommand('checkout:fill-address', { mount: shipping!.id });
    await waitFor(
      () => element.session?.shippingAddress?.address.city === 'San Francisco',
      'the shipping address',
    );
    await waitFor(() => !payButton(element).disabled, 'the pay button to enable');
    await element.confirm();
    await waitForState(element, 'complete');
  });

  it('shows the tax line from the live session when the session computes tax', async () => {
    const element = await readyCheckout('email=buyer@example.com&tax=1');
    const rows = [...element.shadowRoot!.querySelectorAll('[part~="summary"] dl div')].map((row) =>
      row.textContent?.trim(),
    );
    const tax = element.session!.total.taxExclusive;
    expect(tax.minorUnitsAmount).to.be.greaterThan(0);
    expect(rows).to.include(`Tax${tax.amount}`);
    expect(rows.at(-1)).to.equal(`Total${element.session!.total.total.amount}`);
  });
});
