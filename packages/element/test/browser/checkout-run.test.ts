// The checkout run on its own: no <stripe-checkout>, no rendering. A plain host records what the run tells the page.
import { expect } from '@open-wc/testing';
import type { Stripe, StripeCheckoutSession } from '@stripe/stripe-js';
import {
  CheckoutRun,
  type CheckoutRunHost,
  type CheckoutSource,
  type CheckoutView,
} from '../../src/stripe-checkout/checkout-run.js';
import type { CheckoutRedirect } from '../../src/index.js';
import { en } from '../../src/i18n/en.js';
import { createTranslate } from '../../src/i18n/translate.js';
import { completeChallenge, createSession, loadStandIn, testConfig, waitFor } from './support.js';
import { executeServerCommand } from '@web/test-runner-commands';

interface Recorder extends CheckoutRunHost {
  readonly element: HTMLDivElement;
  views: CheckoutView[];
  events: Array<{ type: string; detail: unknown }>;
  focusRequests: number;
  redirect: CheckoutRedirect;
  returnUrl?: string;
}

let nextHost = 0;
function recorder(): Recorder {
  const element = document.createElement('div');
  document.body.append(element);
  const host: Recorder = {
    element,
    instanceId: `run-test-${++nextHost}`,
    views: [],
    events: [],
    focusRequests: 0,
    redirect: 'if_required',
    appearance: () => ({ theme: 'stripe' }),
    t: createTranslate(en),
    fonts: () => [],
    confirmOptions: () => ({ redirect: host.redirect, returnUrl: host.returnUrl }),
    changed(view, focusError) {
      host.views.push(view);
      if (focusError) host.focusRequests++;
    },
    emit(type, detail) {
      host.events.push({ type, detail });
    },
  };
  return host;
}

function source(overrides: Partial<CheckoutSource>): CheckoutSource {
  return { stripe: null, layout: 'tabs', items: [], idempotencyKey: '', ...overrides };
}

async function readyRun(host: Recorder, query = 'email=buyer@example.com'): Promise<CheckoutRun> {
  const { publishableKey } = await testConfig();
  const { clientSecret } = await createSession(query);
  const run = new CheckoutRun(host, source({ publishableKey, clientSecret }));
  await run.settled;
  expect(run.view.state, JSON.stringify(run.view.failure)).to.equal('ready');
  return run;
}

async function fillCard(host: Recorder, number = '4242 4242 4242 4242'): Promise<void> {
  const mount = host.element.querySelector<HTMLElement>('[slot="stripe-payment"]');
  if (!mount) throw new Error('no payment mount');
  await executeServerCommand('checkout:fill-card', { mount: mount.id, number });
}

describe('CheckoutRun (no rendering)', () => {
  before(() => loadStandIn('endive'));

  it('goes loading → ready, mounting Stripe’s elements in the host’s light DOM, and tells the page once', async () => {
    const host = recorder();
    const run = await readyRun(host);
    expect(host.views[0]?.state).to.equal('loading');
    expect(host.views.at(-1)?.state).to.equal('ready');
    const told = host.events.map((event) => event.type);
    expect(told.filter((type) => type === 'checkout-ready')).to.have.length(1);
    expect(told.at(-1)).to.equal('checkout-ready');
    expect(told.filter((type) => type !== 'checkout-ready' && type !== 'checkout-change')).to.deep.equal([]);
    const payment = host.element.querySelector('[slot="stripe-payment"]');
    expect(payment?.id).to.equal(`${host.instanceId}-stripe-payment`);
    expect(payment?.querySelector('iframe')).to.exist;
    run.dispose();
  });

  it('pays, then releases: no mount left, no longer live, a later confirm does nothing', async () => {
    const host = recorder();
    const run = await readyRun(host);
    await fillCard(host);
    await waitFor(() => run.view.session?.canConfirm === true, 'canConfirm');
    await run.confirm();
    expect(run.view.state).to.equal('complete');
    const completed = host.events.find((event) => event.type === 'checkout-complete');
    expect(
      (completed?.detail as { session: StripeCheckoutSession } | undefined)?.session.status,
    ).to.deep.equal({
      type: 'complete',
      paymentStatus: 'paid',
    });
    expect(host.events.map((event) => event.type)).to.include('checkout-complete');
    expect(host.element.children).to.have.length(0);
    expect(run.live).to.equal(false);
    const told = host.views.length;
    await run.confirm();
    expect(host.views.length).to.equal(told);
  });

  it('a declined card keeps the run ready with the decline shown and focused', async () => {
    const host = recorder();
    const run = await readyRun(host);
    await fillCard(host, '4000 0000 0000 9995');
    await run.confirm();
    expect(run.view.state).to.equal('ready');
    expect(run.view.paymentError).to.match(/insufficient funds/i);
    expect(host.events.at(-1)).to.deep.include({ type: 'checkout-error' });
    expect(host.events.at(-1)?.detail).to.deep.include({ code: 'insufficient_funds', recoverable: true });
    expect(host.focusRequests).to.be.greaterThan(0);
    run.dispose();
  });

  it('a failed 3D Secure authentication is reported as authentication_failed', async () => {
    const host = recorder();
    const run = await readyRun(host);
    await fillCard(host, '4000 0027 6000 3184');
    const confirming = run.confirm();
    await completeChallenge('Fail');
    await confirming;
    expect(host.events.at(-1)?.detail).to.deep.include({ code: 'authentication_failed' });
    run.dispose();
  });

  it('fails without a secret source, naming the three ways, and never reaches Stripe.js', async () => {
    const host = recorder();
    const run = new CheckoutRun(host, source({ publishableKey: 'pk_test_123' }));
    await run.settled;
    expect(run.view.state).to.equal('error');
    expect(run.view.failure?.code).to.equal('missing_client_secret');
    expect(host.events).to.deep.equal([{ type: 'checkout-error', detail: run.view.failure?.detail }]);
    expect(run.live).to.equal(false);
  });

  it('after dispose, says nothing more and leaves nothing in the page, even if Stripe.js calls back', async () => {
    // A scripted Stripe.js that keeps its listeners for ever and calls them late, as a real one may.
    const listeners: Array<(session: unknown) => void> = [];
    const mounted: HTMLElement[] = [];
    const element = {
      mount: (node: HTMLElement) => mounted.push(node),
      destroy: () => {},
      on: () => {},
    };
    const stripe = {
      initCheckoutElementsSdk: () => ({
        on: (_event: string, listener: (session: unknown) => void) => listeners.push(listener),
        loadActions: () => new Promise(() => {}),
        createPaymentElement: () => element,
        changeAppearance: () => {},
      }),
    } as unknown as Stripe;
    const host = recorder();
    const run = new CheckoutRun(host, source({ stripe, clientSecret: 'cs_test_a_secret_b' }));
    await waitFor(() => mounted.length === 1, 'the payment element to mount');
    expect(host.element.children).to.have.length(1);
    run.dispose();
    expect(host.element.children).to.have.length(0);
    const told = { views: host.views.length, events: host.events.length };
    for (const listener of listeners) listener({ status: { type: 'complete' } });
    expect({ views: host.views.length, events: host.events.length }).to.deep.equal(told);
    expect(run.live).to.equal(false);
  });

  it('pushes a new appearance to Stripe only when it differs', async () => {
    const calls: unknown[] = [];
    const stripe = {
      initCheckoutElementsSdk: () => ({
        on: () => {},
        loadActions: () => new Promise(() => {}),
        createPaymentElement: () => ({ mount: () => {}, destroy: () => {}, on: () => {} }),
        changeAppearance: (appearance: unknown) => calls.push(appearance),
      }),
    } as unknown as Stripe;
    const host = recorder();
    const run = new CheckoutRun(host, source({ stripe, clientSecret: 'cs_test_a_secret_b' }));
    await waitFor(() => host.element.children.length === 1, 'the payment element to mount');
    run.changeAppearance(() => ({ theme: 'stripe' }));
    run.changeAppearance(() => ({ theme: 'night' }));
    run.changeAppearance(() => ({ theme: 'night' }));
    expect(calls).to.deep.equal([{ theme: 'night' }]);
    run.dispose();
  });

  it('passes returnUrl to confirm only when the page gives one, with the redirect choice', async () => {
    // A scripted Stripe.js: the emulator cannot show what confirm() received, only what it did with it.
    const confirmed: unknown[] = [];
    const session = {
      id: 'cs_test_scripted',
      status: { type: 'open' },
      email: 'buyer@example.com',
      shippingOptions: [],
      shippingAddress: null,
      tax: { status: 'ready' },
      canConfirm: true,
    };
    const stripe = {
      initCheckoutElementsSdk: () => ({
        on: () => {},
        changeAppearance: () => {},
        createPaymentElement: () => ({
          mount: () => {},
          destroy: () => {},
          on: (event: string, handler: () => void) => event === 'ready' && handler(),
        }),
        loadActions: async () => ({
          type: 'success',
          actions: {
            getSession: () => session,
            confirm: async (args: unknown) => {
              confirmed.push(args);
              return { type: 'success', session };
            },
          },
        }),
      }),
    } as unknown as Stripe;
    const host = recorder();
    const run = new CheckoutRun(host, source({ stripe, clientSecret: 'cs_test_a_secret_b' }));
    await run.settled;
    await run.confirm();
    host.redirect = 'always';
    host.returnUrl = 'https://shop.example/thanks';
    await run.confirm();
    expect(confirmed).to.deep.equal([
      { redirect: 'if_required' },
      { redirect: 'always', returnUrl: 'https://shop.example/thanks' },
    ]);
    run.dispose();
  });
});
