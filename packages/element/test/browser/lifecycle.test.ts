import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { CheckoutExpiredDetail } from '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import {
  createSession,
  errorText,
  fillCard,
  loadStandIn,
  mountFor,
  nextEvent,
  part,
  standIn,
  testConfig,
  waitFor,
  waitForState,
} from './support.js';

type RequestLog = Array<{ idempotencyKey: string; status: number; body: { items?: unknown } }>;

async function requestLog(tag: string): Promise<RequestLog> {
  return (await (await fetch(`/__checkout/log?tag=${tag}`)).json()) as RequestLog;
}

describe('<stripe-checkout> lifecycle', () => {
  before(() => loadStandIn('endive'));

  it('re-initialises cleanly for a new client-secret (one payment element, new session)', async () => {
    const { publishableKey } = await testConfig();
    const first = await createSession('email=buyer@example.com');
    const second = await createSession('email=buyer@example.com&mode=subscription');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${first.clientSecret}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const firstMount = mountFor(element, 'stripe-payment');
    element.clientSecret = second.clientSecret;
    await waitFor(
      () => element.session?.id === second.sessionId && element.state === 'ready',
      'the new session',
    );
    expect(firstMount?.isConnected).to.equal(false);
    expect(element.querySelectorAll('[slot="stripe-payment"]')).to.have.length(1);
    const instances = standIn().instances();
    const mountedPayments = instances.flatMap((sdk) =>
      sdk.elements.filter((entry) => entry.slot === 'payment' && entry.mounted),
    );
    expect(mountedPayments).to.have.length(1);
  });

  it('releases everything on disconnect and works again on reconnect', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const before = standIn().instances().length;
    const parent = element.parentElement!;
    element.remove();
    expect(element.children).to.have.length(0);
    expect(element.state).to.equal('idle');
    const lastSdk = standIn().instances().at(-1)!;
    expect(lastSdk.elements.filter((entry) => entry.mounted)).to.deep.equal([]);

    parent.append(element);
    await waitForState(element, 'ready');
    expect(standIn().instances().length).to.equal(before + 1);
    expect(element.querySelectorAll('.stripe-checkout-mount').length).to.be.greaterThan(0);
  });

  it('keeps two instances on one page independent', async () => {
    const { publishableKey } = await testConfig();
    const [a, b] = await Promise.all([
      createSession('email=a@example.com'),
      createSession('email=b@example.com&mode=subscription'),
    ]);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <stripe-checkout id="a" publishable-key=${publishableKey} client-secret=${a.clientSecret}></stripe-checkout>
      <stripe-checkout id="b" publishable-key=${publishableKey} client-secret=${b.clientSecret}></stripe-checkout>
    </div>`);
    const first = wrapper.querySelector<StripeCheckout>('#a')!;
    const second = wrapper.querySelector<StripeCheckout>('#b')!;
    await Promise.all([waitForState(first, 'ready'), waitForState(second, 'ready')]);
    expect(first.session?.id).to.equal(a.sessionId);
    expect(second.session?.id).to.equal(b.sessionId);
    expect(mountFor(first, 'stripe-payment')?.id).not.to.equal(mountFor(second, 'stripe-payment')?.id);

    second.remove();
    expect(first.state).to.equal('ready');
    expect(mountFor(first, 'stripe-payment')?.isConnected).to.equal(true);
    await fillCard(first);
    await first.confirm();
    await waitForState(first, 'complete');
  });

  it('works inside two levels of other components’ shadow roots, keeping Stripe’s mount points in the light DOM', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const outer = await fixture<HTMLDivElement>(html`<div></div>`);
    const outerRoot = outer.attachShadow({ mode: 'open' });
    const middle = document.createElement('section');
    outerRoot.append(middle);
    const middleRoot = middle.attachShadow({ mode: 'closed' });
    const element = document.createElement('stripe-checkout');
    element.publishableKey = publishableKey;
    element.clientSecret = clientSecret;
    middleRoot.append(element);
    await waitForState(element, 'ready');

    const mount = mountFor(element, 'stripe-payment')!;
    expect(mount.getRootNode()).to.equal(document);
    expect(mount.parentElement).to.equal(outer);
    expect(mount.querySelector('iframe')).to.exist;
    // The slot chain renders the iframe where the element's payment slot is.
    expect(mount.getBoundingClientRect().height).to.be.greaterThan(0);
    await fillCard(element);
    await element.confirm();
    await waitForState(element, 'complete');
    expect(outer.querySelectorAll('.stripe-checkout-mount')).to.have.length(0);
    expect(middle.querySelectorAll('slot')).to.have.length(0);
  });

  it('retries a failing session endpoint with backoff and the same Idempotency-Key', async () => {
    const tag = `flaky-${Math.random()}`;
    await fetch(`/__checkout/faults?tag=${tag}`, { method: 'POST', body: JSON.stringify({ count: 2 }) });
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint=${`/__checkout/sessions?tag=${tag}&email=buyer@example.com`}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const log = await requestLog(tag);
    expect(log.map((entry) => entry.status)).to.deep.equal([503, 503, 200]);
    expect(new Set(log.map((entry) => entry.idempotencyKey)).size).to.equal(1);
  });

  it('offers a retry button once the session endpoint keeps failing, and the retry keeps the key', async () => {
    const tag = `down-${Math.random()}`;
    await fetch(`/__checkout/faults?tag=${tag}`, { method: 'POST', body: JSON.stringify({ count: 3 }) });
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint=${`/__checkout/sessions?tag=${tag}&email=buyer@example.com`}></stripe-checkout>`,
    );
    const failed = await nextEvent<{ code: string; recoverable: boolean }>(element, 'checkout-error');
    expect(failed.detail).to.include({ code: 'session_endpoint_failed', recoverable: true });
    expect(errorText(element)).to.match(/503.*try again/i);
    const retry = part(element, 'retry-button') as HTMLButtonElement;
    expect(retry.textContent?.trim()).to.equal('Try again');
    retry.click();
    await waitForState(element, 'ready');
    const log = await requestLog(tag);
    expect(log.map((entry) => entry.status)).to.deep.equal([503, 503, 503, 200]);
    expect(new Set(log.map((entry) => entry.idempotencyKey)).size).to.equal(1);
  });

  async function failWith(fault: Record<string, unknown>): Promise<string> {
    const tag = `fault-${Math.random()}`;
    await fetch(`/__checkout/faults?tag=${tag}`, { method: 'POST', body: JSON.stringify(fault) });
    return tag;
  }

  it('ends at once on an error the server marks non-retryable: the buyer reads a final message, the site owner the fix', async () => {
    const tag = await failWith({
      count: 1,
      kind: 'final',
      status: 502,
      code: 'stripe_misconfigured',
      message: 'Stripe refused the API key: set STRIPE_SECRET_KEY to a valid key.',
    });
    const logged: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      const failed = nextEvent<{ code: string; message: string; recoverable: boolean }>(
        document,
        'checkout-error',
      );
      const element = await fixture<StripeCheckout>(
        html`<stripe-checkout session-endpoint=${`/__checkout/sessions?tag=${tag}`}></stripe-checkout>`,
      );
      const { detail } = await failed;
      expect(detail).to.deep.equal({
        code: 'session_endpoint_failed',
        message: 'This checkout cannot be started. Please contact the shop.',
        recoverable: false,
      });
      await element.updateComplete;
      expect(element.state).to.equal('error');
      expect(errorText(element)).to.equal(detail.message);
      expect(part(element, 'retry-button')).to.equal(null);
      expect((await requestLog(tag)).map((entry) => entry.status)).to.deep.equal([502]);
      expect(logged).to.have.length(1);
      expect(logged[0]).to.contain('answered 502 (Stripe refused the API key: set STRIPE_SECRET_KEY');
      expect(logged[0]).to.contain('[stripe_misconfigured]');
    } finally {
      console.error = consoleError;
    }
  });

  it('retries a 4xx the server marks retryable (429 rate_limited)', async () => {
    const tag = await failWith({ count: 2, kind: 'retryable', status: 429, code: 'rate_limited' });
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint=${`/__checkout/sessions?tag=${tag}&email=buyer@example.com`}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    expect((await requestLog(tag)).map((entry) => entry.status)).to.deep.equal([429, 429, 200]);
  });

  it('judges a server without `retryable` by status: a 5xx is retried, a 4xx is final', async () => {
    const flaky = await failWith({ count: 1, kind: 'legacy', status: 503 });
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint=${`/__checkout/sessions?tag=${flaky}&email=buyer@example.com`}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    expect((await requestLog(flaky)).map((entry) => entry.status)).to.deep.equal([503, 200]);

    const refusing = await failWith({
      count: 3,
      kind: 'legacy',
      status: 400,
      message: 'items[0].price: not for sale',
    });
    const consoleError = console.error;
    console.error = () => {};
    try {
      const second = await fixture<StripeCheckout>(
        html`<stripe-checkout session-endpoint=${`/__checkout/sessions?tag=${refusing}`}></stripe-checkout>`,
      );
      await waitForState(second, 'error');
      expect(part(second, 'retry-button')).to.equal(null);
      expect((await requestLog(refusing)).map((entry) => entry.status)).to.deep.equal([400]);
    } finally {
      console.error = consoleError;
    }
  });

  it('reports an expired session and starts a new one (new Idempotency-Key) with session-endpoint', async () => {
    const tag = `expiry-${Math.random()}`;
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint=${`/__checkout/sessions?tag=${tag}&email=buyer@example.com`}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const expiredId = element.session!.id;
    await fetch(`/__checkout/sessions/${expiredId}/expire`, { method: 'POST' });
    const expired = nextEvent<CheckoutExpiredDetail>(element, 'checkout-expired');
    await fillCard(element);
    await element.confirm();
    await expired;
    expect(element.state).to.equal('expired');
    expect(element.matches(':state(expired)')).to.equal(true);
    expect(errorText(element)).to.match(/expired/);
    const restart = part(element, 'retry-button') as HTMLButtonElement;
    expect(restart.textContent?.trim()).to.equal('Start a new session');
    restart.click();
    await waitForState(element, 'ready');
    expect(element.session?.id).not.to.equal(expiredId);
    const keys = (await requestLog(tag)).map((entry) => entry.idempotencyKey);
    expect(keys).to.have.length(2);
    expect(keys[0]).not.to.equal(keys[1]);
  });

  it('reports a session that had already expired when the page loaded (no restart without an endpoint)', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret, sessionId } = await createSession('email=buyer@example.com');
    await fetch(`/__checkout/sessions/${sessionId}/expire`, { method: 'POST' });
    // Bubbling and composed: the page can listen on document.
    const expired = nextEvent<CheckoutExpiredDetail>(document, 'checkout-expired');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>`,
    );
    await expired;
    expect(element.state).to.equal('expired');
    expect(errorText(element)).to.match(/expired\. Reload the page/);
    expect(part(element, 'retry-button')).to.equal(null);
  });

  it('expires the checkout when the session endpoint’s expiresAt passes', async () => {
    // 5 s: the checkout must reach `ready` before the session expires (with every optional Stripe Element mounted,
    // 2 s was sometimes too short on a busy machine and the test never saw `ready`).
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint="/__checkout/sessions?expiresIn=5&email=buyer@example.com"></stripe-checkout>`,
    );
    const expired = nextEvent<CheckoutExpiredDetail>(element, 'checkout-expired', 15_000);
    await waitForState(element, 'ready');
    const { detail } = await expired;
    expect(detail.session?.id).to.equal(element.session?.id);
    expect(element.state).to.equal('expired');
    expect(mountFor(element, 'stripe-payment')).to.equal(undefined);
  });

  it('loading="lazy" waits until the element nears the viewport', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <div style="height: 5000px"></div>
      <stripe-checkout loading="lazy" publishable-key=${publishableKey} client-secret=${clientSecret}></stripe-checkout>
    </div>`);
    const element = wrapper.querySelector('stripe-checkout')!;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    expect(element.state).to.equal('idle');
    expect(part(element, 'skeleton')).to.exist;
    element.scrollIntoView();
    await waitForState(element, 'ready');
  });

  it('reserves height with a skeleton while loading', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout
        style="--checkout-skeleton-height: 300px"
        publishable-key=${publishableKey}
        client-secret=${clientSecret}
      ></stripe-checkout>`,
    );
    expect(element.state).to.equal('loading');
    expect(element.getBoundingClientRect().height).to.be.at.least(300);
    await waitForState(element, 'ready');
    expect(part(element, 'skeleton')).to.equal(null);
    // Stripe's iframes were laid out while the skeleton showed: the form appears at its final height.
    expect(mountFor(element, 'stripe-payment')!.getBoundingClientRect().height).to.be.greaterThan(0);
  });
});

describe('<stripe-checkout> new sessions and reloads', () => {
  before(() => loadStandIn('endive'));

  it('starts a new session (new Idempotency-Key) when the items property changes', async () => {
    const tag = `items-${Math.random()}`;
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout
        session-endpoint=${`/__checkout/sessions?tag=${tag}&email=buyer@example.com`}
        .items=${[{ price: 'price_demo_mug', quantity: 1 }]}
      ></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const firstSession = element.session!.id;
    element.items = [{ price: 'price_demo_stickers', quantity: 2 }];
    await waitFor(() => element.state === 'ready' && element.session?.id !== firstSession, 'the new session');
    expect(element.session?.lineItems.map((item) => [item.name, item.quantity])).to.deep.equal([
      ['Sticker pack', 2],
    ]);
    const log = await requestLog(tag);
    expect(log.map((entry) => entry.body.items)).to.deep.equal([
      [{ price: 'price_demo_mug', quantity: 1 }],
      [{ price: 'price_demo_stickers', quantity: 2 }],
    ]);
    expect(log[0]?.idempotencyKey).not.to.equal(log[1]?.idempotencyKey);
  });

  it('sends properties set before the element was defined, and in the task that connects it, in its one session request', async () => {
    // The README's async module defines the tag after the page's own scripts may have set `items` (Lit applies such
    // properties in the first update), and frameworks set properties right after connecting the element.
    const tag = `early-${Math.random()}`;
    const name = `early-checkout-${Math.random().toString(36).slice(2)}`;
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const element = document.createElement(name) as StripeCheckout;
    element.setAttribute('session-endpoint', `/__checkout/sessions?tag=${tag}`);
    element.items = [{ price: 'price_demo_stickers', quantity: 2 }];
    container.append(element);
    const errors: unknown[] = [];
    element.addEventListener('checkout-error', (event) => errors.push((event as CustomEvent).detail));
    const { StripeCheckout: Checkout } = await import('../../src/index.js');
    customElements.define(name, class extends Checkout {});
    element.email = 'buyer@example.com';
    await waitForState(element, 'ready');
    const log = (await requestLog(tag)) as Array<{ body: { items?: unknown; email?: string } }>;
    expect(log.map((entry) => entry.body)).to.deep.equal([
      { items: [{ price: 'price_demo_stickers', quantity: 2 }], email: 'buyer@example.com' },
    ]);
    expect(errors).to.deep.equal([]);
  });

  it('reload() re-initialises the same checkout attempt (no second session)', async () => {
    const tag = `reload-${Math.random()}`;
    const element = await fixture<StripeCheckout>(
      html`<stripe-checkout session-endpoint=${`/__checkout/sessions?tag=${tag}&email=buyer@example.com`}></stripe-checkout>`,
    );
    await waitForState(element, 'ready');
    const sessionId = element.session!.id;
    const reloading = element.reload();
    expect(element.state).to.equal('loading');
    await reloading;
    expect(element.state).to.equal('ready');
    expect(element.session?.id).to.equal(sessionId);
    const keys = (await requestLog(tag)).map((entry) => entry.idempotencyKey);
    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
  });
});
