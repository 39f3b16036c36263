import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import { createSession, loadStandIn, part, standIn, testConfig, waitFor, waitForState } from './support.js';

describe('<stripe-checkout> theming', () => {
  before(() => loadStandIn('endive'));

  it('translates the --checkout-* custom properties into Stripe appearance variables, live', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout
        style="--checkout-color-primary: #ff0000; --checkout-border-radius: 12px; --checkout-font-family: Georgia, serif"
        publishable-key=${publishableKey}
        client-secret=${clientSecret}
      ></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const applied = () => standIn().appliedAppearance('payment');
    await waitFor(
      () => applied()?.variables?.colorPrimary === '#ff0000',
      'the payment iframe to apply colorPrimary',
    );
    expect(applied()?.variables).to.include({ borderRadius: '12px', fontFamily: 'Georgia, serif' });
    expect(applied()?.theme).to.equal('stripe');
    expect(getComputedStyle(part(element, 'pay-button')!).backgroundColor).to.equal('rgb(255, 0, 0)');

    element.style.setProperty('--checkout-color-primary', '#00aa00');
    await waitFor(
      () => applied()?.variables?.colorPrimary === '#00aa00',
      'a live style change to reach the iframe',
    );
    expect(getComputedStyle(part(element, 'pay-button')!).backgroundColor).to.equal('rgb(0, 170, 0)');

    element.theme = 'night';
    await waitFor(() => applied()?.theme === 'night', 'the night theme to reach the iframe');

    element.appearance = { variables: { colorText: '#123456' } };
    await waitFor(
      () => applied()?.variables?.colorText === '#123456',
      'the appearance property to reach the iframe',
    );
    expect(applied()?.variables?.colorPrimary).to.equal('#00aa00');
  });

  it('refreshAppearance() picks up custom properties inherited from the page', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout></div>`,
    );
    const element = wrapper.querySelector('stripe-checkout')!;
    await waitForState(element, 'ready');
    wrapper.style.setProperty('--checkout-color-danger', '#990000');
    element.refreshAppearance();
    await waitFor(
      () => standIn().appliedAppearance('payment')?.variables?.colorDanger === '#990000',
      'the inherited colorDanger to reach the iframe',
    );
  });
});

describe('<stripe-checkout> attribute values', () => {
  before(() => loadStandIn('endive'));

  it('falls back to the default for a misspelt theme, and says so', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const element = await fixture<StripeCheckout>(
        html`<stripe-checkout theme="dark" publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
      );
      await waitForState(element, 'ready');
      await waitFor(() => standIn().appliedAppearance('payment')?.theme === 'stripe', 'the default theme');
    } finally {
      console.warn = warn;
    }
    expect(warnings).to.include(
      '<stripe-checkout>: theme="dark" is not one of stripe, night, flat; using "stripe".',
    );
  });
});
