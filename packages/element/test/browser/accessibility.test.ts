import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import { createSession, fillCard, loadStandIn, testConfig, waitForState } from './support.js';

/** axe-core over the element and its shadow root; Stripe's cross-origin iframes are Stripe's to audit. */
async function violations(element: Element): Promise<string[]> {
  if (!window.axe) await import('axe-core/axe.min.js');
  const results = await window.axe!.run(element, { iframes: false, resultTypes: ['violations'] });
  return results.violations.map((violation) => `${violation.id}: ${violation.help}`);
}

describe('<stripe-checkout> accessibility (axe-core)', () => {
  before(() => loadStandIn('endive'));

  it('has no violations while loading, when ready, and when complete', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com&adjustable=1');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret} promotion-codes></stripe-checkout>`,
    );
    expect(element.state).to.equal('loading');
    expect(await violations(element)).to.deep.equal([]);
    await waitForState(element, 'ready');
    expect(await violations(element)).to.deep.equal([]);
    await fillCard(element);
    await element.confirm();
    await waitForState(element, 'complete');
    expect(await violations(element)).to.deep.equal([]);
  });

  it('has no violations in the error state, and when the email field is shown', async () => {
    const { publishableKey } = await testConfig();
    const failing = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret="pi_1_secret_2"></stripe-checkout>`,
    );
    await waitForState(failing, 'error');
    expect(await violations(failing)).to.deep.equal([]);

    const { clientSecret } = await createSession('');
    const withEmail = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    await waitForState(withEmail, 'ready');
    expect(await violations(withEmail)).to.deep.equal([]);
  });

  for (const [layout, width, locale] of [
    ['two-column', 1280, 'fr'],
    ['stacked', 320, 'ja'],
    ['auto', 1280, 'de'],
    ['auto', 320, 'pt-BR'],
  ] as const) {
    it(`has no violations in ${layout} at ${width} px in ${locale}: ready (summary open, then folded), error and expired`, async () => {
      const { publishableKey } = await testConfig();
      const { clientSecret } = await createSession('email=buyer@example.com&adjustable=1&promo=1&images=1');
      const holder = await fixture<HTMLDivElement>(
        html`<div style=${`width: ${width}px`} lang=${locale}>
          <stripe-checkout
            publishable-key=${publishableKey}
            client-secret=${clientSecret}
            layout=${layout}
            locale=${locale}
            promotion-codes
          ></stripe-checkout>
        </div>`,
      );
      const element = holder.querySelector('stripe-checkout')!;
      await waitForState(element, 'ready');
      expect(await violations(element)).to.deep.equal([]);
      element.shadowRoot?.querySelector<HTMLButtonElement>('[part~="summary-toggle"]')?.click();
      await element.updateComplete;
      expect(await violations(element)).to.deep.equal([]);
      element.clientSecret = 'pi_1_secret_2';
      await element.updateComplete;
      await waitForState(element, 'error');
      expect(await violations(element)).to.deep.equal([]);
      const { clientSecret: expiring, sessionId } = await createSession('email=buyer@example.com');
      await fetch(`/__checkout/sessions/${sessionId}/expire`, { method: 'POST' });
      element.clientSecret = expiring;
      await element.updateComplete;
      await waitForState(element, 'expired');
      expect(await violations(element)).to.deep.equal([]);
    });
  }
});
