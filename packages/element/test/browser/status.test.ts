import { expect, fixture, html } from '@open-wc/testing';
import '../../src/status.js';
import type { CheckoutStatusDetail } from '../../src/status.js';
import type { StripeCheckoutStatus } from '../../src/stripe-checkout-status/stripe-checkout-status.js';
import { nextEvent, waitFor } from './support.js';

async function statusFor(
  sessionId: string,
  extra = html``,
): Promise<[StripeCheckoutStatus, CheckoutStatusDetail]> {
  const holder = document.createElement('div');
  const event = nextEvent<CheckoutStatusDetail>(holder, 'checkout-status');
  const element = await fixture<StripeCheckoutStatus>(
    html`<stripe-checkout-status status-endpoint="/__checkout/status" session-id=${sessionId} return-href="/shop"
      >${extra}</stripe-checkout-status
    >`,
    { parentNode: holder },
  );
  document.body.append(holder);
  const { detail } = await event;
  await element.updateComplete;
  return [element, detail];
}

const text = (element: HTMLElement) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<stripe-checkout-status>', () => {
  it('shows a paid session as succeeded, with the amount and receipt email', async () => {
    const [element, detail] = await statusFor('cs_test_paid');
    expect(detail.state).to.equal('succeeded');
    expect(detail.session?.paymentStatus).to.equal('paid');
    expect(element.getAttribute('state')).to.equal('succeeded');
    expect(text(element)).to.contain('Payment successful');
    expect(text(element)).to.contain('$21.98');
    expect(text(element)).to.contain('buyer@example.com');
  });

  it('shows a delayed payment as processing', async () => {
    const [element, detail] = await statusFor('cs_test_delayed');
    expect(detail.state).to.equal('processing');
    expect(text(element)).to.contain('processing');
  });

  it('shows an open session as not completed, with a way back', async () => {
    const [element, detail] = await statusFor('cs_test_open');
    expect(detail.state).to.equal('not-completed');
    const link = element.shadowRoot!.querySelector<HTMLAnchorElement>('[part~="return-link"]')!;
    expect(link.getAttribute('href')).to.equal('/shop');
  });

  it('shows an expired session, replaceable through its slot', async () => {
    const [element, detail] = await statusFor('cs_test_expired', html`<p slot="expired">Start over</p>`);
    expect(detail.state).to.equal('expired');
    const slot = element.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="expired"]')!;
    expect(slot.assignedElements()[0]?.textContent).to.equal('Start over');
  });

  it('has an error state when the endpoint fails or the id is missing', async () => {
    const [broken, detail] = await statusFor('cs_test_broken');
    expect(detail).to.deep.equal({ state: 'error', session: null });
    expect(text(broken)).to.contain('500');
    const [missing] = await statusFor('');
    expect(missing.state).to.equal('error');
    expect(text(missing)).to.contain('session_id={CHECKOUT_SESSION_ID}');
  });

  it('does not offer a refresh for a session the server does not know (not retryable)', async () => {
    const consoleError = console.error;
    const logged: string[] = [];
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      const [unknown, detail] = await statusFor('cs_test_unknown');
      expect(detail.state).to.equal('error');
      expect(text(unknown)).to.contain('404');
      expect(text(unknown)).not.to.contain('try again');
      expect(logged.join('\n')).to.contain('No such checkout session');
      const [broken] = await statusFor('cs_test_broken');
      expect(text(broken)).to.contain('Refresh the page to try again');
    } finally {
      console.error = consoleError;
    }
  });

  it('has no axe-core violations in its states', async () => {
    if (!window.axe) await import('axe-core/axe.min.js');
    for (const id of ['cs_test_paid', 'cs_test_open', 'cs_test_broken']) {
      const [element] = await statusFor(id);
      const results = await window.axe!.run(element, { resultTypes: ['violations'] });
      expect(results.violations.map((violation) => violation.id)).to.deep.equal([]);
    }
  });

  it('reads the session id from the URL when no attribute is given', async () => {
    const original = location.href;
    history.replaceState(null, '', `${location.pathname}?session_id=cs_test_paid`);
    try {
      const element = await fixture<StripeCheckoutStatus>(
        html`<stripe-checkout-status status-endpoint="/__checkout/status"></stripe-checkout-status>`,
      );
      await waitFor(() => element.state === 'succeeded', 'the status from the URL session id');
    } finally {
      history.replaceState(null, '', original);
    }
  });
});

describe('registration', () => {
  it('tolerates being run twice (a CMS including the script twice)', async () => {
    const { defineElement, StripeCheckout } = await import('../../src/index.js');
    const { StripeCheckoutStatus } = await import('../../src/status.js');
    expect(() => defineElement('stripe-checkout', StripeCheckout)).not.to.throw();
    expect(() => defineElement('stripe-checkout-status', class extends HTMLElement {})).not.to.throw();
    expect(customElements.get('stripe-checkout-status')).to.equal(StripeCheckoutStatus);
  });
});
