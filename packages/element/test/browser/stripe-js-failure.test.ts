import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CheckoutErrorDetail } from '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import {
  checkoutWithPendingSecret,
  createSession,
  errorText,
  loadStandIn,
  nextEvent,
  part,
  testConfig,
  waitFor,
  waitForState,
} from './support.js';

// No stand-in on this page: the element has to load Stripe.js itself, from https://js.stripe.com.
describe('<stripe-checkout> when Stripe.js cannot be loaded', () => {
  it('loads Stripe.js while the secret is still being fetched, offers a retry when it fails, then loads it once', async () => {
    await executeServerCommand('checkout:block-stripe-js');
    const { element, release } = await checkoutWithPendingSecret();
    const stripeScripts = () =>
      document.querySelectorAll('script[src^="https://js.stripe.com/endive/stripe.js"]');
    // In parallel: Stripe.js is requested before the secret has arrived.
    await waitFor(
      () => stripeScripts().length === 1,
      'Stripe.js to be requested while the secret is pending',
    );
    const failed = nextEvent<CheckoutErrorDetail>(element, 'checkout-error');
    release();
    const { detail } = await failed;
    expect(detail).to.deep.equal({
      code: 'stripe_js_failed',
      message: errorText(element),
      recoverable: true,
    });
    expect(element.state).to.equal('error');
    expect(errorText(element)).to.match(/Stripe\.js could not be loaded.*try again/);

    // The network comes back (here: the page gets Stripe.js from the emulator) and the buyer retries.
    await loadStandIn('endive');
    const realStripe = window.Stripe!;
    let constructed = 0;
    window.Stripe = Object.assign((...args: Parameters<typeof realStripe>) => {
      constructed++;
      return realStripe(...args);
    }, realStripe);
    (part(element, 'retry-button') as HTMLButtonElement).click();
    await waitForState(element, 'ready');

    const second = document.createElement('stripe-checkout');
    second.publishableKey = (await testConfig()).publishableKey;
    second.clientSecret = (await createSession('email=buyer@example.com')).clientSecret;
    element.after(second);
    await waitForState(second, 'ready');
    expect(constructed).to.equal(1);
    // The failed script was removed (so a retry can load it again) and none was added: the page has Stripe now.
    expect(stripeScripts()).to.have.length(0);
    second.remove();
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
