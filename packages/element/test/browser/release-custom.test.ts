import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import { fillCard, waitForState } from './support.js';

// No Stripe.js on this page: the element loads the release the session needs from https://js.stripe.com, which
// the test routes to the emulator's stand-in of each release.
describe('<stripe-checkout> loads the Stripe.js release of a custom session', () => {
  before(() => executeServerCommand('checkout:route-stripe-js'));

  it('loads /clover/stripe.js (initCheckout) when the session endpoint answers uiMode "custom", and pays', async () => {
    expect(window.Stripe).to.equal(undefined);
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint="/__checkout/sessions?uiMode=custom&email=buyer@example.com"></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const scripts = [
      ...document.querySelectorAll<HTMLScriptElement>('script[src^="https://js.stripe.com/"]'),
    ];
    expect(scripts.map((script) => script.src)).to.deep.equal(['https://js.stripe.com/clover/stripe.js']);
    expect((window.Stripe as unknown as { version: string }).version).to.equal('clover');
    // While the answer was pending the current release was only preloaded (fetched, never run).
    const preload = document.querySelector<HTMLLinkElement>(
      'link[rel="preload"][href^="https://js.stripe.com/"]',
    );
    expect(preload?.href).to.equal('https://js.stripe.com/endive/stripe.js');
    await fillCard(element);
    await element.confirm();
    await waitForState(element, 'complete');
  });
});
