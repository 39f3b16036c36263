import { expect, fixture, html } from '@open-wc/testing';
import type { StripeCheckoutStatus } from '../../src/stripe-checkout-status/stripe-checkout-status.js';
import { waitFor } from './support.js';

// The return page's built single file, as a CMS page includes it (test:browser builds it first). No source import
// here: the tag must come from the bundle.
const bundle = '/dist/stripe-checkout-status.js';
const text = (element: HTMLElement) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('dist/stripe-checkout-status.js (standalone, return page)', () => {
  it('defines <stripe-checkout-status> alone, tolerates being included twice, and shows a paid session', async () => {
    await import(/* @vite-ignore */ bundle);
    await import(/* @vite-ignore */ `${bundle}?included=twice`);
    const Status = customElements.get('stripe-checkout-status');
    expect(Status).to.be.a('function');
    // A return page does not download the checkout form.
    expect(customElements.get('stripe-checkout')).to.equal(undefined);

    // Type-only import above: at run time the class comes from the bundle, not from src.
    const element = await fixture<StripeCheckoutStatus>(
      html`<stripe-checkout-status status-endpoint="/__checkout/status" session-id="cs_test_paid"></stripe-checkout-status>`,
    );
    expect(element).to.be.instanceOf(Status!);
    await waitFor(() => element.state === 'succeeded', 'the succeeded state');
    await element.updateComplete;
    expect(text(element)).to.contain('Payment successful');
  });

  it('loads its language from the chunks beside it', async () => {
    await import(/* @vite-ignore */ bundle);
    const element = await fixture<StripeCheckoutStatus>(
      html`<stripe-checkout-status status-endpoint="/__checkout/status" session-id="cs_test_paid" locale="fr"></stripe-checkout-status>`,
    );
    await waitFor(() => text(element).includes('Paiement réussi'), 'the French headline');
    const chunks = performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.startsWith('/dist/chunks/'));
    expect(chunks).to.deep.equal(['/dist/chunks/fr.js']);
  });
});
