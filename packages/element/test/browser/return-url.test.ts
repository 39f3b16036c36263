import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import { createSession, testConfig, waitFor } from './support.js';

// A redirect would take the test page away, so each checkout here runs in a same-origin iframe holding the built
// standalone file and the emulator's Stripe.js; the test watches where the iframe goes.
async function checkoutInFrame(attributes: Record<string, string>): Promise<{
  frame: HTMLIFrameElement;
  element: StripeCheckout;
}> {
  const { emulatorUrl } = await testConfig();
  const frame = document.createElement('iframe');
  frame.id = `harness-${Math.random().toString(36).slice(2)}`;
  frame.style.cssText = 'width: 600px; height: 900px';
  frame.srcdoc = `<!doctype html><script src="${emulatorUrl}/endive/stripe.js"></script>
<script type="module" src="/dist/stripe-checkout.js"></script><body></body>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const inner = frame.contentWindow!;
  await waitFor(
    () => inner.customElements.get('stripe-checkout') !== undefined,
    'the bundle to define the tag',
  );
  const element = inner.document.createElement('stripe-checkout') as StripeCheckout;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  inner.document.body.append(element);
  await waitFor(() => element.state === 'ready', `the checkout to be ready (is ${element.state})`);
  return { frame, element };
}

async function payAndFollow(frame: HTMLIFrameElement, element: StripeCheckout): Promise<URL> {
  const mount = element.shadowRoot
    ?.querySelector<HTMLSlotElement>('slot[name="stripe-payment"]')
    ?.assignedElements({ flatten: true })[0];
  await executeServerCommand('checkout:fill-card', { mount: mount?.id, frame: `#${frame.id}` });
  void element.confirm();
  await waitFor(() => {
    try {
      return frame.contentWindow?.location.pathname === '/__checkout/return';
    } catch {
      return false;
    }
  }, 'the iframe to reach the return page');
  return new URL(frame.contentWindow!.location.href);
}

describe('<stripe-checkout> redirect="always" and the return URL', () => {
  const returnPage = `${location.origin}/__checkout/return`;

  it('goes to the session’s return_url, with the session id put in, when the page gives no return-url', async () => {
    const { publishableKey } = await testConfig();
    const template = `${returnPage}?session_id={CHECKOUT_SESSION_ID}`;
    const { clientSecret, sessionId } = await createSession(
      `email=buyer@example.com&returnUrl=${encodeURIComponent(template)}`,
    );
    const { frame, element } = await checkoutInFrame({
      'publishable-key': publishableKey,
      'client-secret': clientSecret,
      redirect: 'always',
    });
    const landed = await payAndFollow(frame, element);
    expect(landed.searchParams.get('session_id')).to.equal(sessionId);
    frame.remove();
  });

  it('goes to return-url when the session has no return_url (Stripe: returnUrl is then required)', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com&returnUrl=none');
    const { frame, element } = await checkoutInFrame({
      'publishable-key': publishableKey,
      'client-secret': clientSecret,
      redirect: 'always',
      'return-url': `${returnPage}?from=attribute`,
    });
    const landed = await payAndFollow(frame, element);
    expect(landed.searchParams.get('from')).to.equal('attribute');
    frame.remove();
  });
});
