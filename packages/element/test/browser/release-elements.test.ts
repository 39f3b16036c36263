import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import { createSession, testConfig, waitForState } from './support.js';

// No Stripe.js on this page: the element injects the current release (routed to the emulator's stand-in).
describe('<stripe-checkout> loads the Stripe.js release of an elements session', () => {
  before(() => executeServerCommand('checkout:route-stripe-js'));

  it('loads the current release (initCheckoutElementsSdk) for a client-secret, while the secret is known', async () => {
    expect(window.Stripe).to.equal(undefined);
    const { publishableKey } = await testConfig();
    const { clientSecret, sessionId } = await createSession('email=buyer@example.com');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    expect(element.session?.id).to.equal(sessionId);
    const scripts = [
      ...document.querySelectorAll<HTMLScriptElement>('script[src^="https://js.stripe.com/"]'),
    ];
    expect(scripts.map((script) => script.src)).to.deep.equal(['https://js.stripe.com/endive/stripe.js']);
    expect((window.Stripe as unknown as { version: string }).version).to.equal('endive');
  });

  it('uses the same release for a session endpoint answering uiMode "elements"', async () => {
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint="/__checkout/sessions?email=buyer@example.com"></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    expect(document.querySelectorAll('script[src^="https://js.stripe.com/"]')).to.have.length(1);
  });
});
