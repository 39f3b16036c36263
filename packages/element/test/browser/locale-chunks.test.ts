// The built single file, as a CMS page includes it (test:browser builds it first): each language is its own chunk
// next to dist/stripe-checkout.js, fetched only when a page asks for it. No source import here.
import { expect, fixture, html } from '@open-wc/testing';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import { createSession, loadStandIn, payButton, testConfig, waitFor, waitForState } from './support.js';

const bundle = '/dist/stripe-checkout.js';
const catalogRequests = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => path.startsWith('/dist/chunks/'));

describe('dist/stripe-checkout.js catalogs', () => {
  before(() => loadStandIn('endive'));

  it('fetches nothing for English, then only the requested language’s chunk, relative to the bundle', async () => {
    await import(/* @vite-ignore */ bundle);
    const { publishableKey } = await testConfig();
    const english = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${(await createSession('email=buyer@example.com')).clientSecret} locale="en-GB"></stripe-checkout>`,
    );
    await waitForState(english, 'ready');
    expect(catalogRequests()).to.deep.equal([]);

    const dutch = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${(await createSession('email=buyer@example.com')).clientSecret} locale="nl"></stripe-checkout>`,
    );
    await waitForState(dutch, 'ready');
    const total = new Intl.NumberFormat('nl', { style: 'currency', currency: 'usd' }).format(37);
    await waitFor(() => payButton(dutch).textContent?.trim() === `${total} betalen`, 'the Dutch pay label');
    expect(catalogRequests()).to.deep.equal(['/dist/chunks/nl.js']);
  });
});
