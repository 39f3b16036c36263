// No string a buyer can read escapes the catalog (issue 13): with every catalog entry marked ⟦…⟧ through the
// `messages` property, every state of both elements is rendered, and each text node and aria-label of their
// shadow trees must be marked, or be the session's own data (product names, amounts, codes, the buyer's email).
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import '../../src/status.js';
import { en } from '../../src/i18n/en.js';
import { enStatus } from '../../src/i18n/en-status.js';
import type { Messages } from '../../src/i18n/en.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import type { StripeCheckoutStatus } from '../../src/stripe-checkout-status/stripe-checkout-status.js';
import {
  createSession,
  fillCard,
  loadStandIn,
  mountFor,
  part,
  testConfig,
  waitFor,
  waitForState,
} from './support.js';

const marked: Messages = Object.fromEntries(
  Object.entries({ ...en, ...enStatus }).map(([key, text]) => [key, `⟦${text}⟧`]),
);

/** Every text node and aria-label of a shadow tree (slotted light DOM, Stripe's iframes, is Stripe's). */
function visibleStrings(root: ShadowRoot): string[] {
  const strings: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Text && node.data.trim()) strings.push(node.data.trim());
    if (node instanceof Element) {
      for (const name of ['aria-label', 'title', 'alt', 'placeholder'])
        if (node.getAttribute(name)?.trim()) strings.push(node.getAttribute(name)!.trim());
    }
  }
  return strings;
}

/** What is left of a string once marked catalog text and the session's own data are taken out: must be no words. */
function unmarked(strings: string[], data: string[]): string[] {
  return strings
    .map((text) => data.reduce((rest, value) => rest.split(value).join(''), text.replace(/⟦[^⟧]*⟧/g, '')))
    .filter((rest) => /\p{L}/u.test(rest));
}

function sessionData(element: StripeCheckout): string[] {
  const session = element.session;
  if (!session) return [];
  return [
    ...session.lineItems.map((item) => item.name),
    ...(session.discountAmounts ?? []).flatMap((discount) => [
      discount.displayName,
      discount.promotionCode ?? '',
    ]),
    ...session.shippingOptions.map((option) => option.displayName ?? option.id),
    ...(session.optionalItems ?? []).map((item) => item.name),
  ].filter(Boolean);
}

async function checkout(query: string, attributes = ''): Promise<StripeCheckout> {
  const { publishableKey } = await testConfig();
  const { clientSecret } = await createSession(query);
  const holder = await fixture<HTMLDivElement>(html`<div></div>`);
  holder.innerHTML = `<stripe-checkout publishable-key="${publishableKey}" client-secret="${clientSecret}" promotion-codes ${attributes}></stripe-checkout>`;
  const element = holder.firstElementChild as StripeCheckout;
  element.messages = marked;
  return element;
}

function expectAllMarked(element: HTMLElement, data: string[] = []): void {
  const strings = visibleStrings(element.shadowRoot!);
  expect(strings.length).to.be.greaterThan(0);
  expect(unmarked(strings, data)).to.deep.equal([]);
}

describe('every string <stripe-checkout> shows comes from its catalog', () => {
  before(() => loadStandIn('endive'));

  for (const layout of ['two-column', 'stacked']) {
    it(`loading, ready (summary, promotion code, shipping), processing and complete: ${layout}`, async () => {
      const element = await checkout(
        'email=buyer@example.com&promo=1&adjustable=1&shipping=1',
        `layout="${layout}"`,
      );
      await element.updateComplete;
      expect(element.state).to.equal('loading');
      expectAllMarked(element);
      await waitForState(element, 'ready');
      const input = element.shadowRoot!.querySelector<HTMLInputElement>('[part~="promotion-code"] input')!;
      input.value = 'SAVE10';
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
      await waitFor(() => part(element, 'discount') !== null, 'the discount');
      await element.updateComplete;
      expectAllMarked(element, sessionData(element));
      await fillCard(element);
      await executeServerCommand('checkout:fill-address', {
        mount: mountFor(element, 'stripe-shipping')!.id,
      });
      await waitFor(() => element.session?.shippingAddress?.address.city === 'San Francisco', 'the address');
      await waitFor(
        () =>
          part(element, 'pay-button') !== null &&
          !(part(element, 'pay-button') as HTMLButtonElement).disabled,
        'pay enabled',
      );
      const confirming = element.confirm();
      await element.updateComplete;
      expect(element.state).to.equal('confirming');
      expectAllMarked(element, sessionData(element));
      await confirming;
      await waitForState(element, 'complete');
      expectAllMarked(element, sessionData(element));
    });
  }

  it('ready with the SDK surfaces a session can ask for: optional items (added and removable), terms, tax ID, phone', async () => {
    const element = await checkout(
      'email=buyer@example.com&optional=1&terms=1&taxId=1&phone=1',
      'layout="two-column"',
    );
    await waitForState(element, 'ready');
    expect(part(element, 'optional-item-add')).not.to.equal(null);
    expectAllMarked(element, sessionData(element));
    part(element, 'optional-item-add')!.click();
    await waitFor(() => part(element, 'optional-item-remove') !== null, 'the added optional item');
    await element.updateComplete;
    expectAllMarked(element, sessionData(element));
  });

  it('error (a buyer-facing failure) and expired, with and without a session endpoint', async () => {
    await fetch('/__checkout/faults?tag=coverage', {
      method: 'POST',
      body: JSON.stringify({ count: 3, kind: 'retryable' }),
    });
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    holder.innerHTML =
      '<stripe-checkout session-endpoint="/__checkout/sessions?tag=coverage"></stripe-checkout>';
    const failing = holder.firstElementChild as StripeCheckout;
    failing.messages = marked;
    await waitForState(failing, 'error');
    expectAllMarked(failing);

    const expired = await checkout('');
    await waitForState(expired, 'ready');
    const { clientSecret, sessionId } = await createSession('');
    await fetch(`/__checkout/sessions/${sessionId}/expire`, { method: 'POST' });
    expired.clientSecret = clientSecret;
    await expired.updateComplete;
    await waitForState(expired, 'expired');
    expectAllMarked(expired);

    const tag = `coverage-expired-${Math.random()}`;
    holder.innerHTML = `<stripe-checkout session-endpoint="/__checkout/sessions?tag=${tag}&email=buyer@example.com&expiresIn=2"></stripe-checkout>`;
    const withEndpoint = holder.firstElementChild as StripeCheckout;
    withEndpoint.messages = marked;
    await waitForState(withEndpoint, 'expired', 20_000);
    expectAllMarked(withEndpoint);
  });
});

describe('every string <stripe-checkout-status> shows comes from its catalog', () => {
  for (const id of [
    'cs_test_paid',
    'cs_test_delayed',
    'cs_test_open',
    'cs_test_expired',
    'cs_test_setup',
    'cs_test_subscribed',
    'cs_test_broken',
  ]) {
    it(id, async () => {
      const element = await fixture<StripeCheckoutStatus>(
        html`<stripe-checkout-status status-endpoint="/__checkout/status" session-id=${id} .messages=${marked}></stripe-checkout-status>`,
      );
      if (element.state === 'loading') expectAllMarked(element);
      await waitFor(() => element.state !== 'loading', 'the status');
      await element.updateComplete;
      expectAllMarked(element, ['buyer@example.com', 'Emulator Club membership']);
    });
  }
});
