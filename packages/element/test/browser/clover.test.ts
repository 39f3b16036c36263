import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import { createSession, fillCard, loadStandIn, standIn, testConfig, waitForState } from './support.js';

describe('<stripe-checkout> with an older Stripe.js (clover: initCheckout)', () => {
  before(() => loadStandIn('clover'));

  it('falls back to initCheckout and pays', async () => {
    expect(standIn().version).to.equal('clover');
    const { publishableKey } = await testConfig();
    const stripe = window.Stripe!(publishableKey) as unknown as Record<string, unknown>;
    expect(stripe.initCheckoutElementsSdk).to.equal(undefined);
    expect(stripe.initCheckout).to.be.a('function');

    const { clientSecret } = await createSession('email=buyer@example.com');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    await fillCard(element);
    await element.confirm();
    await waitForState(element, 'complete');
  });
});
