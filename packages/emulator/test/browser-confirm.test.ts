// confirm() as Stripe documents it: where it redirects (session return_url vs confirm({ returnUrl })), what
// blocks it (mounted Elements left incomplete), canConfirm while updates are pending, and Adaptive Pricing's
// currency selector changing what the buyer pays in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StripeCheckoutLoadActionsResult, StripeCheckoutSession } from '@stripe/stripe-js';
import type Stripe from 'stripe';
import { clientSecretOf, fillCard, type Harness, startHarness } from './browser-harness.js';

declare const start: (clientSecret: string, options?: object) => Promise<StripeCheckoutLoadActionsResult>;
declare const mount: (kind: string, selector: string, options?: object) => Promise<boolean>;
declare const actions: Extract<StripeCheckoutLoadActionsResult, { type: 'success' }>['actions'];
declare const changes: StripeCheckoutSession[];

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness?.close();
});

async function loaded(params: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  const session = await harness.createSession('endive', params);
  const page = await harness.openPage('endive');
  const result = await page.evaluate(
    (secret) => start(secret).then((outcome) => outcome.type),
    clientSecretOf(session),
  );
  assert.equal(result, 'success');
  return { page, session };
}

describe('confirm({ returnUrl }) and the session\u2019s return_url (docs.stripe.com/js/custom_checkout/confirm)', () => {
  it('a session with return_url: confirm() goes there; confirm({ returnUrl }) goes to the one given', async () => {
    const { page, session } = await loaded();
    await page.evaluate(() => mount('payment', '#payment'));
    await fillCard(page, '4242 4242 4242 4242');
    const target = `${harness.pageOrigin}/return?from=confirm&session_id={CHECKOUT_SESSION_ID}`;
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/return'),
      page.evaluate((returnUrl) => {
        void actions.confirm({ returnUrl, redirect: 'always' });
      }, target),
    ]);
    const landed = new URL(page.url());
    assert.equal(
      landed.searchParams.get('from'),
      'confirm',
      'the argument wins over the session\u2019s return_url',
    );
    assert.equal(landed.searchParams.get('session_id'), session.id);
    await page.context().close();
  });

  it('a session without return_url: confirm() needs returnUrl to redirect, and redirects to it', async () => {
    const params = { return_url: undefined, allowed_payment_method_types: ['card'] as ['card'] };
    const { page, session } = await loaded(params);
    assert.equal(session.return_url, undefined, 'a card-only Elements session may omit return_url');
    await page.evaluate(() => mount('payment', '#payment'));
    await fillCard(page, '4242 4242 4242 4242');
    const refused = await page.evaluate(() =>
      actions.confirm({ redirect: 'always' }).then(
        () => 'resolved',
        (error: Error) => `${error.name}: ${error.message}`,
      ),
    );
    assert.match(refused, /^IntegrationError: confirm\(\) needs a return URL/);
    assert.equal(
      (await harness.stripe.checkout.sessions.retrieve(session.id)).status,
      'open',
      'nothing was paid',
    );
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/return'),
      page.evaluate((returnUrl) => {
        void actions.confirm({ returnUrl });
      }, `${harness.pageOrigin}/return?session_id={CHECKOUT_SESSION_ID}`),
    ]);
    assert.equal(new URL(page.url()).searchParams.get('session_id'), session.id);
    assert.equal((await harness.stripe.checkout.sessions.retrieve(session.id)).status, 'complete');
    await page.context().close();
  });

  it('without either, redirect: if_required pays and stays on the page', async () => {
    const { page, session } = await loaded({ return_url: undefined, allowed_payment_method_types: ['card'] });
    await page.evaluate(() => mount('payment', '#payment'));
    await fillCard(page, '4242 4242 4242 4242');
    const result = await page.evaluate(() => actions.confirm({ redirect: 'if_required' }));
    assert.equal(result.type, 'success', JSON.stringify(result));
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal((await harness.stripe.checkout.sessions.retrieve(session.id)).status, 'complete');
    await page.context().close();
  });
});

describe('mounted Elements are validated before paying', () => {
  it('an empty Billing Address Element stops confirm(); validateElements() names it; once filled, it pays', async () => {
    const { page, session } = await loaded();
    await page.evaluate(() => Promise.all([mount('payment', '#payment'), mount('billing', '#billing')]));
    await fillCard(page, '4242 4242 4242 4242');
    const blocked = await page.evaluate(() => actions.confirm({ redirect: 'if_required' }));
    assert.deepEqual(blocked, {
      type: 'error',
      error: { code: null, message: 'Your full name is incomplete.' },
    });
    const billing = page.frameLocator('#billing iframe');
    assert.equal(
      await billing.getByLabel('Full name').getAttribute('aria-invalid'),
      'true',
      'the field shows it',
    );
    assert.equal((await harness.stripe.checkout.sessions.retrieve(session.id)).status, 'open');

    const invalid = await page.evaluate(() => actions.validateElements());
    assert.equal(invalid.type, 'error');
    assert.ok(invalid.type === 'error');
    assert.equal(invalid.error.code, 'validation_error');
    assert.deepEqual(
      invalid.error.validation_errors.map((entry) => entry.element),
      ['billingAddress'],
    );

    await billing.getByLabel('Full name').fill('Ada Lovelace');
    await billing.getByLabel('Address line 1').fill('12 St James Square');
    await billing.getByLabel('City').fill('London');
    await billing.getByLabel('Postal code').fill('SW1Y 4LB');
    await billing.getByLabel('Country or region').selectOption('GB');
    assert.equal((await page.evaluate(() => actions.validateElements())).type, 'success');
    const paid = await page.evaluate(() => actions.confirm({ redirect: 'if_required' }));
    assert.equal(paid.type, 'success', JSON.stringify(paid));
    const completed = await harness.stripe.checkout.sessions.retrieve(session.id);
    assert.equal(completed.customer_details?.address?.line1, '12 St James Square');
    assert.equal(completed.customer_details?.name, 'Ada Lovelace');
    await page.context().close();
  });

  it('validateElements() with nothing mounted answers no_elements', async () => {
    const { page } = await loaded();
    const result = await page.evaluate(() => actions.validateElements());
    assert.deepEqual(result, {
      type: 'error',
      error: {
        code: 'no_elements',
        message: 'There are no mounted Elements to validate.',
        validation_errors: [],
      },
    });
    await page.context().close();
  });
});

describe('canConfirm', () => {
  it('is false while an update is pending and true again once it is done', async () => {
    const { page } = await loaded();
    assert.equal(await page.evaluate(() => actions.getSession().canConfirm), true);
    const seen = await page.evaluate(async () => {
      const from = changes.length;
      const lineItem = actions.getSession().lineItems[0]!.id;
      const updated = await actions.updateLineItemQuantity({ lineItem, quantity: 2 });
      return {
        during: changes.slice(from).map((session) => session.canConfirm),
        result: updated.type === 'success' ? updated.session.canConfirm : null,
        after: actions.getSession().canConfirm,
      };
    });
    assert.deepEqual(seen.during, [false, true], 'change fires when the update starts and when it ends');
    assert.equal(seen.result, true);
    assert.equal(seen.after, true);
    const serverUpdate = await page.evaluate(async () => {
      let inside: boolean | null = null;
      const result = await actions.runServerUpdate(async () => {
        inside = actions.getSession().canConfirm;
      });
      return { inside, after: result.type === 'success' ? result.session.canConfirm : null };
    });
    assert.deepEqual(serverUpdate, { inside: false, after: true }, 'runServerUpdate is a pending update too');
    await page.context().close();
  });

  it('is false until the email and a required billing address are in the session', async () => {
    const { page } = await loaded({ customer_email: undefined, billing_address_collection: 'required' });
    assert.equal(await page.evaluate(() => actions.getSession().canConfirm), false);
    await page.evaluate(() => actions.updateEmail('ada@example.com'));
    assert.equal(
      await page.evaluate(() => actions.getSession().canConfirm),
      false,
      'the billing address is missing',
    );
    await page.evaluate(() =>
      actions.updateBillingAddress({
        name: 'Ada',
        address: { line1: '1 Way', city: 'London', postal_code: 'N1', country: 'GB' },
      }),
    );
    assert.equal(await page.evaluate(() => actions.getSession().canConfirm), true);
    await page.context().close();
  });
});

describe('Adaptive Pricing in the browser', () => {
  it('offers a buyer in France EUR and USD, presents EUR, and switching changes the totals', async () => {
    const { page, session } = await loaded({
      adaptive_pricing: { enabled: true },
      customer_email: 'test+location_FR@example.com',
    });
    const presented = await page.evaluate(() => {
      const current = actions.getSession();
      return {
        currency: current.currency,
        total: current.total.total.minorUnitsAmount,
        options: current.currencyOptions,
      };
    });
    assert.equal(presented.currency, 'eur');
    assert.equal(presented.total, 1840, '20.00 USD at the fixed 0.92 rate');
    assert.deepEqual(
      presented.options?.map((option) => [
        option.currency,
        option.minorUnitsAmount,
        option.currencyConversion ?? null,
      ]),
      [
        ['usd', 2000, null],
        ['eur', 1840, { fxRate: 0.92, sourceCurrency: 'usd' }],
      ],
    );

    await page.evaluate(() => mount('currency', '#currency'));
    const selector = page.frameLocator('#currency iframe').getByLabel('Currency');
    assert.equal(await selector.inputValue(), 'eur');
    await selector.selectOption('usd');
    await page.waitForFunction(() => actions.getSession().currency === 'usd');
    assert.equal(await page.evaluate(() => actions.getSession().total.total.minorUnitsAmount), 2000);
    await selector.selectOption('eur');
    await page.waitForFunction(() => actions.getSession().currency === 'eur');

    await page.evaluate(() => mount('payment', '#payment'));
    await fillCard(page, '4242 4242 4242 4242');
    const paid = await page.evaluate(() => actions.confirm({ redirect: 'if_required' }));
    assert.equal(paid.type, 'success', JSON.stringify(paid));
    const completed = await harness.stripe.checkout.sessions.retrieve(session.id);
    assert.equal(completed.currency, 'usd');
    assert.deepEqual(completed.presentment_details, {
      presentment_amount: 1840,
      presentment_currency: 'eur',
    });
    await page.context().close();
  });
});
