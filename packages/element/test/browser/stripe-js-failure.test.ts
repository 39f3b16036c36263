import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CheckoutErrorDetail } from '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import {
  createSession,
  errorText,
  loadStandIn,
  nextEvent,
  part,
  testConfig,
  waitForState,
} from './support.js';

// No stand-in on this page: the element has to load Stripe.js itself, from https://js.stripe.com.
describe('<stripe-checkout> when Stripe.js cannot be loaded', () => {
  it('shows a retry button, and the retry loads Stripe.js again (the failed load is not cached)', async () => {
    await executeServerCommand('checkout:block-stripe-js');
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    const failed = await nextEvent<CheckoutErrorDetail>(element, 'checkout-error');
    expect(failed.detail).to.deep.equal({
      code: 'stripe_js_failed',
      message: errorText(element),
      recoverable: true,
    });
    expect(element.state).to.equal('error');
    expect(errorText(element)).to.match(/Stripe\.js could not be loaded.*try again/);
    expect(document.querySelector('script[src^="https://js.stripe.com/endive/stripe.js"]')).to.exist;

    // The network comes back (here: the page gets Stripe.js from the emulator) and the buyer retries.
    await loadStandIn('endive');
    (part(element, 'retry-button') as HTMLButtonElement).click();
    await waitForState(element, 'ready');
  });

  it('reports a stripe property whose promise rejects', async () => {
    const { clientSecret } = await createSession('email=buyer@example.com');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout
        .stripe=${Promise.reject(new Error('blocked by an extension'))}
        client-secret=${clientSecret}
      ></stripe-checkout>`,
    );
    await waitForState(element, 'error');
    expect(errorText(element)).to.match(/Stripe\.js could not be loaded/);
  });
});
