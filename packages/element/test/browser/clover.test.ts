import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { CheckoutErrorDetail } from '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import {
  createSession,
  errorText,
  fillCard,
  loadStandIn,
  nextEvent,
  part,
  payButton,
  standIn,
  testConfig,
  waitFor,
  waitForState,
} from './support.js';

// The page includes the clover release itself (Stripe.js of @stripe/stripe-js v8: `initCheckout`), as a shop still
// on an API version before 2026-03-25.dahlia does; its sessions are ui_mode `custom`.
describe('<stripe-checkout> with the clover Stripe.js on the page (initCheckout, ui_mode custom)', () => {
  before(() => loadStandIn('clover'));

  it('starts a custom session declared with ui-mode="custom" through initCheckout and pays', async () => {
    expect(standIn().version).to.equal('clover');
    const { publishableKey } = await testConfig();
    const stripe = window.Stripe!(publishableKey) as unknown as Record<string, unknown>;
    // @stripe/stripe-js 8 declares `initCheckoutElementsSdk` on clover too, as an alias of `initCheckout`: the
    // element must tell the generation from the release (`Stripe.version`), not from which functions exist.
    expect(typeof stripe.initCheckoutElementsSdk).to.equal('function');
    expect(typeof stripe.initCheckout).to.equal('function');

    const { clientSecret, uiMode } = await createSession('email=buyer@example.com&uiMode=custom');
    expect(uiMode).to.equal('custom');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout ui-mode="custom" publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    await fillCard(element);
    await element.confirm();
    await waitForState(element, 'complete');
  });

  it('takes the generation from the session endpoint’s uiMode', async () => {
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint="/__checkout/sessions?uiMode=custom&email=buyer@example.com"></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    expect(element.session?.id).to.match(/^cs_test_/);
  });

  it('refuses an elements session on this page, naming the release it needs (no useless retry)', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const failed = nextEvent<CheckoutErrorDetail>(document, 'checkout-error');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    const { detail } = await failed;
    expect(detail).to.deep.equal({
      code: 'stripe_js_failed',
      message:
        'The Stripe.js on this page cannot start a ui_mode "elements" Checkout Session: load https://js.stripe.com/endive/stripe.js instead.',
      recoverable: false,
    });
    expect(errorText(element)).to.equal(detail.message);
    expect(part(element, 'retry-button')).to.equal(null);
  });

  it('refuses a session endpoint whose uiMode contradicts ui-mode', async () => {
    const failed = nextEvent<CheckoutErrorDetail>(document, 'checkout-error');
    await fixture<StripeCheckout>(
      html`<stripe-checkout ui-mode="custom" session-endpoint="/__checkout/sessions?email=buyer@example.com"></stripe-checkout>`,
    );
    const { detail } = await failed;
    expect(detail.code).to.equal('ui_mode_mismatch');
    expect(detail.recoverable).to.equal(false);
    expect(detail.message).to.match(/created a ui_mode "elements" session, but ui-mode="custom" is set/);
  });
  // Moved here from payment.test.ts (issue 13): from dahlia on, the Contact Details Element takes the email
  // (surfaces.test.ts); clover has none, so there the element keeps its own email field.
  it('asks for the email when the session has none, and enables paying once it is given', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('uiMode=custom');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout ui-mode="custom" publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const email = part(element, 'email') as HTMLInputElement;
    expect(email).to.exist;
    expect(email.labels?.[0]?.textContent).to.equal('Email');
    await fillCard(element);
    expect(payButton(element).disabled).to.equal(true);
    email.value = 'buyer@example.com';
    email.dispatchEvent(new Event('change'));
    await waitFor(() => element.session?.email === 'buyer@example.com', 'the session to take the email');
    await element.updateComplete;
    expect(payButton(element).disabled).to.equal(false);
  });
});
