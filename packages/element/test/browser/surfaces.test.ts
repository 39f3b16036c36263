// Issue 13: what a session asks for is rendered by the element with no attribute but the secret or endpoint. Each
// test creates a session with the create params of one row (see test/server/session-params.ts), checks the element
// shows it, completes it as a buyer and pays.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/stripe-checkout/stripe-checkout.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import {
  createSession,
  errorText,
  fillCard,
  loadStandIn,
  mountFor,
  part,
  payButton,
  standIn,
  testConfig,
  waitFor,
  waitForState,
} from './support.js';

async function readyCheckout(query: string): Promise<StripeCheckout> {
  const { publishableKey } = await testConfig();
  const { clientSecret } = await createSession(query);
  const element = await fixture<StripeCheckout>(
    html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
  );
  await waitForState(element, 'ready');
  return element;
}

async function fillFrame(element: StripeCheckout, slot: string, fields: Record<string, string>) {
  const mount = mountFor(element, slot);
  if (!mount) throw new Error(`nothing is mounted in ${slot}`);
  await executeServerCommand('checkout:fill-frame', { mount: mount.id, fields: JSON.stringify(fields) });
}

function mountedSlots(): string[] {
  const sdk = standIn().instances().at(-1);
  return (sdk?.elements ?? []).filter((entry) => entry.mounted).map((entry) => entry.slot);
}

describe('<stripe-checkout> renders what the session asks for', () => {
  before(() => loadStandIn('endive'));

  it('mounts the Contact Details, Tax ID, Link Sign-up and Terms Elements for every session (each shows only what its session collects)', async () => {
    const element = await readyCheckout('email=buyer@example.com');
    for (const slot of ['stripe-contact', 'stripe-tax-id', 'stripe-link-signup', 'stripe-terms']) {
      expect(mountFor(element, slot)?.querySelector('iframe'), slot).to.exist;
    }
    expect(mountedSlots()).to.include.members(['contactDetails', 'taxId', 'linkSignup', 'terms']);
    // The Contact Details Element takes the email: no second email field.
    expect(part(element, 'email')).to.equal(null);
    // No currency choice without Adaptive Pricing.
    expect(mountFor(element, 'stripe-currency')).to.equal(undefined);
  });

  it('mounts the Payment Element after the other Elements, so their lighter iframes do not queue behind it', async () => {
    await readyCheckout('email=buyer@example.com');
    const mounted = mountedSlots();
    for (const slot of ['contactDetails', 'taxId', 'linkSignup', 'terms'])
      expect(mounted.indexOf('payment'), slot).to.be.greaterThan(mounted.indexOf(slot));
  });

  it('terms: pay stays disabled until the buyer accepts the terms of service, then pays', async () => {
    const element = await readyCheckout('email=buyer@example.com&terms=1');
    await fillCard(element);
    expect(payButton(element).disabled).to.equal(true);
    await fillFrame(element, 'stripe-terms', { 'I agree to the Terms of Service': 'check' });
    await waitFor(() => element.session?.canConfirm === true, 'the session to record the consent');
    await element.updateComplete;
    expect(payButton(element).disabled).to.equal(false);
    await element.confirm();
    await waitForState(element, 'complete');
  });

  it('phone, names and tax ID: the buyer fills them in the Contact Details and Tax ID Elements and pays', async function () {
    this.timeout(60_000);
    const element = await readyCheckout('email=buyer@example.com&phone=1&names=both&taxId=1');
    await fillCard(element);
    expect(payButton(element).disabled).to.equal(true);
    await fillFrame(element, 'stripe-contact', {
      'Phone number': '+14155550123',
      'Full name': 'Jenny Rosen',
      'Business name': 'Rosen Ltd',
    });
    await waitFor(
      () =>
        element.session?.phoneNumber === '+14155550123' &&
        element.session.nameCollection?.individualName === 'Jenny Rosen' &&
        element.session.nameCollection.businessName === 'Rosen Ltd',
      'the session to take the phone number and names',
    );
    await fillFrame(element, 'stripe-tax-id', {
      'Business name': 'Rosen Ltd',
      'Tax ID type': 'gb_vat',
      'Tax ID': 'GB123456789',
    });
    await waitFor(() => element.session?.taxIdInfo?.taxId.value === 'GB123456789', 'the tax ID');
    await waitFor(() => !payButton(element).disabled, 'the pay button to enable');
    await element.confirm();
    await waitForState(element, 'complete');
  });

  it('validateElements at pay: a missing card number is focused and its error shown', async () => {
    const element = await readyCheckout('email=buyer@example.com');
    await waitFor(() => !payButton(element).disabled, 'the pay button to enable');
    await element.confirm();
    expect(element.state).to.equal('ready');
    await element.updateComplete;
    expect(errorText(element)).to.match(/card/i);
    const paymentFrame = mountFor(element, 'stripe-payment')?.querySelector('iframe');
    await waitFor(() => document.activeElement === paymentFrame, 'the card field to take the focus');
    await fillCard(element);
    await element.confirm();
    await waitForState(element, 'complete');
  });

  it('optional items: the buyer adds one from the summary (total follows), removes it, adds it again and pays', async () => {
    const element = await readyCheckout('email=buyer@example.com&optional=1');
    const total = () => element.session!.total.total.minorUnitsAmount;
    const before = total();
    const add = part(element, 'optional-item-add') as HTMLButtonElement;
    expect(add.getAttribute('aria-label')).to.match(/^Add .+ to your order$/);
    add.click();
    await waitFor(() => element.session!.lineItems.length === 3, 'the optional item to join the order');
    expect(total()).to.be.greaterThan(before);
    await element.updateComplete;
    expect(part(element, 'optional-item-add')).to.equal(null);
    (part(element, 'optional-item-remove') as HTMLButtonElement).click();
    await waitFor(() => element.session!.lineItems.length === 2, 'the optional item to leave the order');
    expect(total()).to.equal(before);
    await element.updateComplete;
    (part(element, 'optional-item-add') as HTMLButtonElement).click();
    await waitFor(() => element.session!.lineItems.length === 3, 'the optional item again');
    await fillCard(element);
    await element.confirm();
    await waitForState(element, 'complete');
  });

  it('adaptive pricing: the currency selector switches the totals to the buyer’s currency, and the buyer pays in it', async () => {
    const element = await readyCheckout('adaptive=1&email=test%2Blocation_FR@example.com');
    expect(element.session?.currencyOptions?.length).to.be.greaterThan(1);
    const currency = mountFor(element, 'stripe-currency');
    expect(currency?.querySelector('iframe')).to.exist;
    const before = element.session!.currency;
    const other = element.session!.currencyOptions!.find((option) => option.currency !== before)!;
    await fillFrame(element, 'stripe-currency', { Currency: other.currency });
    await waitFor(() => element.session?.currency === other.currency, 'the session to switch currency');
    await element.updateComplete;
    const shownTotal = part(element, 'total')?.querySelector('dd')?.textContent;
    expect(shownTotal).to.equal(element.session!.total.total.amount);
    await fillCard(element);
    await element.confirm();
    await waitForState(element, 'complete');
  });

  it('loads only the Elements the companion server says the session needs (collects), alongside the Payment Element', async () => {
    // The real companion (`@checkout-element/server`, test/server/real-companion.ts): a US shipping address priced by
    // its server, no email prefilled, no phone, names, tax ID, terms or Link sign-up.
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint="/__checkout/real/sessions" price="price_demo_tshirt"></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    // The express checkout row mounts a task after the ready form rendered.
    await waitFor(() => mountedSlots().includes('expressCheckout'), 'the express checkout row');
    expect(mountedSlots().sort()).to.deep.equal([
      'contactDetails',
      'expressCheckout',
      'payment',
      'shippingAddress',
    ]);
    for (const slot of ['stripe-tax-id', 'stripe-link-signup', 'stripe-terms', 'stripe-currency'])
      expect(mountFor(element, slot), slot).to.equal(undefined);
  });

  it('a server-rendered secret with the page’s collects (the companion’s answer as JSON) loads only the Elements it names', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('phone=1');
    const collects = JSON.stringify({ contactDetails: true, taxId: false, terms: false, linkSignup: false });
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout
        publishable-key=${publishableKey}
        client-secret=${clientSecret}
        collects=${collects}
      ></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    await waitFor(() => mountedSlots().includes('expressCheckout'), 'the express checkout row');
    expect(mountedSlots().sort()).to.deep.equal(['contactDetails', 'expressCheckout', 'payment']);
  });

  it('a collects attribute that is not a JSON object is ignored with a warning: every optional Element is mounted', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    let element: StripeCheckout;
    try {
      element = await fixture<StripeCheckout>(
        html`<stripe-checkout
          publishable-key=${publishableKey}
          client-secret=${clientSecret}
          collects="taxId"
        ></stripe-checkout>`,
      );
      await waitForState(element, 'ready');
    } finally {
      console.warn = original;
    }
    expect(warnings).to.include('<stripe-checkout>: collects="taxId" is not a JSON object; ignored.');
    expect(mountedSlots()).to.include.members(['contactDetails', 'taxId', 'linkSignup', 'terms']);
  });

  it('adaptive pricing: the currency selector appears once the session offers currencies (the buyer’s email places them abroad)', async function () {
    this.timeout(30_000);
    const element = await readyCheckout('adaptive=1');
    expect(element.session?.currencyOptions ?? []).to.have.length.below(2);
    expect(mountFor(element, 'stripe-currency')).to.equal(undefined);
    // Stripe's test mode places a buyer with this email in France (Adaptive Pricing testing guide).
    await fillFrame(element, 'stripe-contact', { Email: 'test+location_FR@example.com' });
    await waitFor(
      () => (element.session?.currencyOptions?.length ?? 0) > 1,
      'the session to offer currencies',
    );
    await waitFor(
      () => mountFor(element, 'stripe-currency')?.querySelector('iframe') != null,
      'the currency selector',
    );
  });

  it('a shipping address without shipping options (server says so in collects): the address shows and pay enables once given', async () => {
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint="/__checkout/sessions?email=buyer@example.com&shipTo=1&billing=1"></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const shipping = mountFor(element, 'stripe-shipping');
    const billing = mountFor(element, 'stripe-billing');
    expect(shipping?.querySelector('iframe')).to.exist;
    expect(billing?.querySelector('iframe')).to.exist;
    await fillCard(element);
    expect(payButton(element).disabled).to.equal(true);
    await executeServerCommand('checkout:fill-address', { mount: shipping!.id });
    await executeServerCommand('checkout:fill-address', { mount: billing!.id });
    await waitFor(() => !payButton(element).disabled, 'the pay button to enable');
    await element.confirm();
    await waitForState(element, 'complete');
  });
});
