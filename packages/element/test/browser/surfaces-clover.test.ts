// Issue 13 on the clover release (@stripe/stripe-js 8, `initCheckout`, ui_mode custom): the element mounts what this
// release offers (Tax ID, Currency Selector) and leaves out what it has not (Contact Details, Terms, Link Sign-up;
// no validateElements), keeping its own email field.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/stripe-checkout/stripe-checkout.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import {
  createSession,
  fillCard,
  loadStandIn,
  mountFor,
  part,
  payButton,
  testConfig,
  waitFor,
  waitForState,
} from './support.js';

describe('<stripe-checkout> issue 13 surfaces on clover', () => {
  before(() => loadStandIn('clover'));

  it('mounts the Tax ID Element, not the Elements clover lacks, and pays with a tax ID', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('uiMode=custom&taxId=1');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout ui-mode="custom" publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const taxId = mountFor(element, 'stripe-tax-id');
    expect(taxId?.querySelector('iframe')).to.exist;
    for (const slot of ['stripe-contact', 'stripe-terms', 'stripe-link-signup', 'stripe-currency']) {
      expect(mountFor(element, slot), slot).to.equal(undefined);
    }
    // No Contact Details Element on clover: the element's own email field takes the email.
    const email = part(element, 'email') as HTMLInputElement;
    email.value = 'buyer@example.com';
    email.dispatchEvent(new Event('change'));
    await waitFor(() => element.session?.email === 'buyer@example.com', 'the email');
    await executeServerCommand('checkout:fill-frame', {
      mount: taxId!.id,
      fields: JSON.stringify({
        'Business name': 'Rosen Ltd',
        'Tax ID type': 'gb_vat',
        'Tax ID': 'GB123456789',
      }),
    });
    await waitFor(() => element.session?.taxIdInfo?.taxId.value === 'GB123456789', 'the tax ID');
    await fillCard(element);
    await waitFor(() => !payButton(element).disabled, 'the pay button to enable');
    await element.confirm();
    await waitForState(element, 'complete');
  });
});
