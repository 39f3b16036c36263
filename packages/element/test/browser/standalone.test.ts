import { expect, fixture, html } from '@open-wc/testing';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import { createSession, loadStandIn, testConfig, waitForState } from './support.js';

// The built single file, as a CMS page would include it (test:browser builds it first). No source import here.
const bundle = '/dist/stripe-checkout.js';

describe('dist/stripe-checkout.js (standalone)', () => {
  before(() => loadStandIn('endive'));

  it('defines <stripe-checkout>, tolerates being included twice, and runs a checkout', async () => {
    await import(/* @vite-ignore */ bundle);
    await import(/* @vite-ignore */ `${bundle}?included=twice`);
    const Checkout = customElements.get('stripe-checkout');
    expect(Checkout).to.be.a('function');
    // The return page's element is dist/stripe-checkout-status.js (standalone-status.test.ts): a checkout page does
    // not carry it (issue 15).
    expect(customElements.get('stripe-checkout-status')).to.equal(undefined);

    const { publishableKey } = await testConfig();
    const { clientSecret, sessionId } = await createSession('email=buyer@example.com');
    // Type-only import above: at run time the class comes from the bundle, not from src.
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    expect(element).to.be.instanceOf(Checkout!);
    await waitForState(element, 'ready');
    expect(element.session?.id).to.equal(sessionId);
  });

  it('warns on a return page that still includes only this file: <stripe-checkout-status> lives in its own file now', async () => {
    // Issue 15 moved the return page's element out of this file; an upgraded page without the new file would
    // otherwise show an undefined tag and no message. The page has loaded, so the check runs on import.
    const status = document.createElement('stripe-checkout-status');
    document.body.append(status);
    const warnings: string[] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      await import(/* @vite-ignore */ `${bundle}?return-page`);
      // Once defined (the page includes stripe-checkout-status.js), the same check is silent.
      customElements.define('stripe-checkout-status', class extends HTMLElement {});
      await import(/* @vite-ignore */ `${bundle}?return-page-fixed`);
    } finally {
      console.warn = consoleWarn;
      status.remove();
    }
    expect(warnings).to.deep.equal([
      '<stripe-checkout-status> is defined by stripe-checkout-status.js; include that file.',
    ]);
  });

  it('keeps its console warnings: a misspelt choice is named, with the value used instead', async () => {
    // Deliberate (README "Console messages"): the standalone file is what CMS pages use, never a development build.
    await import(/* @vite-ignore */ bundle);
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const warnings: string[] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const element = await fixture<StripeCheckout>(
        html`<stripe-checkout theme="dark" publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
      );
      await waitForState(element, 'ready');
    } finally {
      console.warn = consoleWarn;
    }
    expect(warnings).to.include(
      '<stripe-checkout>: theme="dark" is not one of stripe, night, flat; using "stripe".',
    );
  });
});
