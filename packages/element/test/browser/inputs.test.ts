import { expect, fixture, html } from '@open-wc/testing';
import { idempotencyKeyPattern } from '@checkout-element/protocol';
import '../../src/index.js';
import type { CheckoutErrorDetail, CheckoutSessionDetail } from '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import {
  checkoutWithPendingSecret,
  createSession,
  errorText,
  loadStandIn,
  nextEvent,
  part,
  payButton,
  testConfig,
  standIn,
  waitFor,
  waitForState,
} from './support.js';

describe('<stripe-checkout> inputs (endive Stripe.js)', () => {
  before(() => loadStandIn('endive'));

  it('renders a ready checkout from the client-secret attribute, naming the amount on the pay button', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret, sessionId } = await createSession('email=buyer@example.com');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    const ready = await nextEvent<CheckoutSessionDetail>(element, 'checkout-ready');
    expect(ready.detail.session.id).to.equal(sessionId);
    expect(element.getAttribute('state')).to.equal('ready');
    expect(element.matches(':state(ready)')).to.equal(true);
    expect(element.session?.id).to.equal(sessionId);
    expect(payButton(element).textContent?.trim()).to.equal('Pay $37.00');
  });
});

describe('<stripe-checkout> client secret sources and their failures', () => {
  before(() => loadStandIn('endive'));

  it('asks fetchClientSecret for the secret', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret, sessionId } = await createSession('email=buyer@example.com');
    let calls = 0;
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout
        publishable-key=${publishableKey}
        .fetchClientSecret=${async () => {
          calls++;
          return clientSecret;
        }}
      ></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    expect(calls).to.equal(1);
    expect(element.session?.id).to.equal(sessionId);
  });

  it('mounts the Payment Element while fetchClientSecret is still pending, so its iframe loads meanwhile', async () => {
    const { element, release } = await checkoutWithPendingSecret();
    const paymentMounted = () =>
      (standIn().instances().at(-1)?.elements ?? []).some(
        (entry) => entry.slot === 'payment' && entry.mounted,
      );
    await waitFor(paymentMounted, 'the Payment Element to be mounted before the secret arrived');
    release();
    await waitForState(element, 'ready');
  });

  it('posts { items, email } to session-endpoint with an Idempotency-Key and takes the key from the answer', async () => {
    const tag = `inputs-${Math.random()}`;
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout
        session-endpoint=${`/__checkout/sessions?tag=${tag}`}
        price="price_demo_mug"
        quantity="3"
        email="buyer@example.com"
      ></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const log = (await (await fetch(`/__checkout/log?tag=${tag}`)).json()) as Array<{
      idempotencyKey: string;
      body: unknown;
    }>;
    expect(log).to.have.length(1);
    expect(log[0]?.body).to.deep.equal({
      items: [{ price: 'price_demo_mug', quantity: 3 }],
      email: 'buyer@example.com',
    });
    expect(log[0]?.idempotencyKey).to.match(/^[0-9a-f-]{32,36}$/);
    expect(payButton(element).textContent?.trim()).to.equal('Pay $36.00');
  });

  it('still sends an Idempotency-Key the companion accepts where crypto.randomUUID is missing (an http:// page)', async () => {
    const tag = `inputs-insecure-${Math.random()}`;
    // randomUUID lives on Crypto.prototype: an own undefined property hides it, as a non-secure context does.
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const element = await fixture<StripeCheckout>(
        html`<stripe-checkout session-endpoint=${`/__checkout/sessions?tag=${tag}&email=buyer@example.com`} price="price_demo_mug"></stripe-checkout>`,
      );
      await waitForState(element, 'ready');
    } finally {
      delete (crypto as { randomUUID?: unknown }).randomUUID;
    }
    const log = (await (await fetch(`/__checkout/log?tag=${tag}`)).json()) as Array<{
      idempotencyKey: string;
    }>;
    expect(log).to.have.length(1);
    expect(log[0]?.idempotencyKey).to.match(idempotencyKeyPattern);
    expect(log[0]?.idempotencyKey).not.to.match(/^[0-9a-f-]{36}$/);
  });

  it('uses a Stripe instance passed as the stripe property', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const stripe = window.Stripe!(publishableKey);
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout .stripe=${Promise.resolve(stripe)} client-secret=${clientSecret}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
  });

  it('hands a real-shaped client secret (URL-encoded token) to Stripe.js unchanged', async () => {
    const { publishableKey } = await testConfig();
    // The shape Stripe issues: an opaque token after `_secret_`, here with %2F (unknown to the emulator).
    const secret =
      'cs_test_a1b2C3d4E5f6G7h8_secret_fidnandhYHdWcXxpYCc%2FJ2FgY2RwaXEnKSdwbEhqYWAnPydmcHZxamgneCUl';
    const real = window.Stripe!(publishableKey);
    let handed: unknown;
    const spy = {
      ...real,
      initCheckoutElementsSdk: (options: Parameters<typeof real.initCheckoutElementsSdk>[0]) => {
        handed = options.clientSecret;
        return real.initCheckoutElementsSdk(options);
      },
    };
    const errors: CheckoutErrorDetail[] = [];
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout .stripe=${spy} client-secret=${secret} @checkout-error=${(event: CustomEvent<CheckoutErrorDetail>) => errors.push(event.detail)}></stripe-checkout>`,
    );
    await waitFor(() => handed !== undefined, 'Stripe.js to receive the secret');
    expect(await handed).to.equal(secret);
    // Stripe (here the emulator) decides about the session; the element did not refuse the secret's shape.
    await waitFor(
      () => element.state === 'error' || element.state === 'ready',
      'the session to load or fail',
    );
    expect(errors.map((error) => error.code)).not.to.include('wrong_secret_type');
  });

  async function expectFailure(
    template: ReturnType<typeof html>,
    code: string,
    messagePattern: RegExp,
  ): Promise<StripeCheckout> {
    const errors: CheckoutErrorDetail[] = [];
    const listener = (event: Event) => errors.push((event as CustomEvent<CheckoutErrorDetail>).detail);
    document.addEventListener('checkout-error', listener);
    try {
      const element = await fixture<StripeCheckout>(template);
      await waitForState(element, 'error');
      expect(errors.map((error) => error.code)).to.deep.equal([code]);
      expect(errors[0]?.message).to.match(messagePattern);
      expect(errorText(element)).to.equal(errors[0]?.message);
      expect(element.matches(':state(error)')).to.equal(true);
      return element;
    } finally {
      document.removeEventListener('checkout-error', listener);
    }
  }

  it('rejects a PaymentIntent secret, naming the Checkout Session secret it needs (never echoing the secret)', async () => {
    const { publishableKey } = await testConfig();
    const secret = 'pi_3Abc123_secret_topsecretvalue';
    const element = await expectFailure(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${secret}></stripe-checkout>`,
      'wrong_secret_type',
      /Checkout Session client secret \(cs_…_secret_….*PaymentIntent client secret \(pi_…\)/,
    );
    expect(errorText(element)).not.to.contain('topsecretvalue');
    expect(part(element, 'retry-button')).to.equal(null);
  });

  it('rejects a PaymentIntent secret returned by the session endpoint', async () => {
    await expectFailure(
      html`<stripe-checkout session-endpoint="/__checkout/sessions?secret=payment-intent"></stripe-checkout>`,
      'wrong_secret_type',
      /must be a Checkout Session client secret.*PaymentIntent/,
    );
  });

  it('fails clearly without a publishable key', async () => {
    const { clientSecret } = await createSession();
    await expectFailure(
      html`<stripe-checkout client-secret=${clientSecret}></stripe-checkout>`,
      'missing_publishable_key',
      /publishable-key="pk_…"/,
    );
  });

  it('refuses a secret key in publishable-key without printing it', async () => {
    const { clientSecret } = await createSession();
    const element = await expectFailure(
      html`<stripe-checkout publishable-key="sk_test_leaked123" client-secret=${clientSecret}></stripe-checkout>`,
      'invalid_publishable_key',
      /must be a publishable key.*secret API key/,
    );
    expect(errorText(element)).not.to.contain('leaked123');
  });

  it('reports a well-formed publishable key that Stripe does not know, without a useless retry button', async () => {
    const { clientSecret } = await createSession();
    const element = await expectFailure(
      html`<stripe-checkout publishable-key="pk_test_unknownkey000" client-secret=${clientSecret}></stripe-checkout>`,
      'invalid_publishable_key',
      /Invalid API Key provided/,
    );
    expect(part(element, 'retry-button')).to.equal(null);
  });

  it('fails clearly without any client secret source, and when given two', async () => {
    const { publishableKey } = await testConfig();
    await expectFailure(
      html`<stripe-checkout publishable-key=${publishableKey}></stripe-checkout>`,
      'missing_client_secret',
      /client-secret=.*session-endpoint=.*fetchClientSecret/,
    );
    await expectFailure(
      html`<stripe-checkout
        publishable-key=${publishableKey}
        client-secret="cs_test_a_secret_b"
        session-endpoint="/__checkout/sessions"
      ></stripe-checkout>`,
      'conflicting_client_secret',
      /only one of .*client-secret and session-endpoint/,
    );
  });
});
