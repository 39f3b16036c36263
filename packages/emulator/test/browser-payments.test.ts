// Paying through the Stripe.js stand-in in Chromium: both SDK generations, test-card outcomes, 3-D Secure,
// redirects and the express checkout test wallet.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StripeCheckoutConfirmResult, StripeCheckoutLoadActionsResult } from '@stripe/stripe-js';
import type { Page } from 'playwright-core';
import {
  clientSecretOf,
  fillCard,
  type Harness,
  paymentFrame,
  startHarness,
  type Train,
} from './browser-harness.js';

declare const start: (clientSecret: string, options?: object) => Promise<StripeCheckoutLoadActionsResult>;
declare const mount: (kind: string, selector: string, options?: object) => Promise<boolean>;
declare const actions: Extract<StripeCheckoutLoadActionsResult, { type: 'success' }>['actions'];

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

async function checkoutPage(train: Train, params = {}): Promise<{ page: Page; sessionId: string }> {
  const session = await harness.createSession(train, params);
  const page = await harness.openPage(train);
  const loaded = await page.evaluate(
    (secret) => start(secret).then((result) => result.type),
    clientSecretOf(session),
  );
  assert.equal(loaded, 'success');
  await page.evaluate(() => mount('payment', '#payment'));
  return { page, sessionId: session.id };
}

function confirm(
  page: Page,
  args: object = { redirect: 'if_required' },
): Promise<StripeCheckoutConfirmResult> {
  return page.evaluate((confirmArgs) => actions.confirm(confirmArgs), args);
}

describe('paying with the Stripe.js stand-in', () => {
  for (const train of ['endive', 'clover'] as const) {
    it(`${train}: a 4242 card pays, confirm() answers success and the session is complete`, async () => {
      const { page, sessionId } = await checkoutPage(train);
      const version = await page.evaluate(() => {
        const stripe = (window as unknown as { Stripe: { version: unknown } & ((key: string) => object) })
          .Stripe;
        const instance = stripe('pk_test_probe') as Record<string, unknown>;
        return {
          version: stripe.version,
          initCheckout: typeof instance.initCheckout,
          initCheckoutElementsSdk: typeof instance.initCheckoutElementsSdk,
        };
      });
      assert.deepEqual(version, {
        version: train,
        initCheckout: 'function',
        initCheckoutElementsSdk: 'function',
      });

      await fillCard(page, '4242 4242 4242 4242');
      const result = await confirm(page);
      assert.equal(result.type, 'success', JSON.stringify(result));
      assert.deepEqual(result.type === 'success' && result.session.status, {
        type: 'complete',
        paymentStatus: 'paid',
      });
      const retrieved = await harness.stripe.checkout.sessions.retrieve(sessionId);
      assert.equal(retrieved.status, 'complete');
      assert.equal(retrieved.payment_status, 'paid');
      await page.context().close();
    });
  }

  it('declines 0002 and 9995 with their decline codes, shows them, then a 4242 retry pays', async () => {
    const { page, sessionId } = await checkoutPage('endive');
    await fillCard(page, '4000 0000 0000 0002');
    const declined = await confirm(page);
    assert.deepEqual(declined, {
      type: 'error',
      error: {
        code: 'paymentFailed',
        paymentFailed: { declineCode: 'generic_decline' },
        message: 'Your card was declined.',
      },
    });
    await paymentFrame(page).getByText('Your card was declined.').waitFor();
    assert.equal(
      await page.evaluate(() => actions.getSession().lastPaymentError?.message),
      'Your card was declined.',
    );

    await fillCard(page, '4000 0000 0000 9995');
    const insufficient = await confirm(page);
    assert.equal(insufficient.type, 'error');
    assert.ok(insufficient.type === 'error' && insufficient.error.code === 'paymentFailed');
    assert.equal(insufficient.error.paymentFailed.declineCode, 'insufficient_funds');
    assert.equal((await harness.stripe.checkout.sessions.retrieve(sessionId)).status, 'open');

    await fillCard(page, '4000 0000 0000 0069');
    const expired = await confirm(page);
    assert.ok(expired.type === 'error' && expired.error.code === 'paymentFailed', JSON.stringify(expired));
    assert.equal(expired.error.paymentFailed.declineCode, 'expired_card');

    await fillCard(page, '4242 4242 4242 4242');
    const paid = await confirm(page);
    assert.equal(paid.type, 'success', JSON.stringify(paid));
    assert.equal(await page.evaluate(() => actions.getSession().lastPaymentError), null);
    assert.equal((await harness.stripe.checkout.sessions.retrieve(sessionId)).status, 'complete');
    await page.context().close();
  });

  it('refuses an incomplete card inside the iframe and pays nothing', async () => {
    const { page, sessionId } = await checkoutPage('endive');
    await paymentFrame(page).getByLabel('Card number').fill('4242 4242');
    const result = await confirm(page);
    assert.deepEqual(result, {
      type: 'error',
      error: { code: null, message: 'Your card number is incomplete.' },
    });
    const numberInput = paymentFrame(page).getByLabel('Card number');
    assert.equal(await numberInput.getAttribute('aria-invalid'), 'true');
    await paymentFrame(page).getByText("Your card's expiration date is incomplete.").waitFor();
    assert.equal((await harness.stripe.checkout.sessions.retrieve(sessionId)).status, 'open');
    await page.context().close();
  });

  it('3-D Secure: "Complete" in the challenge pays', async () => {
    const { page, sessionId } = await checkoutPage('endive');
    await fillCard(page, '4000 0025 0000 3155');
    const pending = confirm(page);
    const challenge = page.frameLocator('[data-stripe-emulator-challenge] iframe');
    await challenge.getByRole('button', { name: 'Complete' }).click();
    const result = await pending;
    assert.equal(result.type, 'success', JSON.stringify(result));
    assert.equal(
      await page.locator('[data-stripe-emulator-challenge]').count(),
      0,
      'the challenge overlay is gone',
    );
    assert.equal((await harness.stripe.checkout.sessions.retrieve(sessionId)).status, 'complete');
    await page.context().close();
  });

  it('3-D Secure: "Fail" in the challenge declines, leaves the session open, and another card pays', async () => {
    const { page, sessionId } = await checkoutPage('endive');
    await fillCard(page, '4000 0027 6000 3184');
    const pending = confirm(page);
    await page
      .frameLocator('[data-stripe-emulator-challenge] iframe')
      .getByRole('button', { name: 'Fail' })
      .click();
    const result = await pending;
    assert.equal(result.type, 'error');
    assert.ok(result.type === 'error' && result.error.code === 'paymentFailed', JSON.stringify(result));
    assert.equal((await harness.stripe.checkout.sessions.retrieve(sessionId)).status, 'open');

    const again = confirm(page);
    await page
      .frameLocator('[data-stripe-emulator-challenge] iframe')
      .getByRole('button', { name: 'Fail' })
      .click();
    assert.equal((await again).type, 'error', 'a second 3-D Secure attempt asks again');
    await fillCard(page, '4242 4242 4242 4242');
    const paid = await confirm(page);
    assert.equal(paid.type, 'success', JSON.stringify(paid));
    await page.context().close();
  });

  it("redirect: 'always' navigates to the session's return_url with the session id filled in", async () => {
    const { page, sessionId } = await checkoutPage('endive');
    await fillCard(page, '4242 4242 4242 4242');
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/return'),
      page.evaluate(() => {
        void actions.confirm({ redirect: 'always' });
      }),
    ]);
    assert.equal(new URL(page.url()).searchParams.get('session_id'), sessionId);
    await page.context().close();
  });

  it('works when the page loads https://js.stripe.com/endive/stripe.js and the test routes that origin to the emulator', async () => {
    const session = await harness.createSession('endive');
    const page = await harness.openPage('endive', {
      stripeJsOrigin: 'https://js.stripe.com',
      prepare: (target) =>
        target.context().route('https://js.stripe.com/**', async (route) => {
          const url = new URL(route.request().url());
          const response = await route.fetch({ url: `${harness.emulatorUrl}${url.pathname}${url.search}` });
          await route.fulfill({ response });
        }),
    });
    assert.equal(
      await page.evaluate((secret) => start(secret).then((result) => result.type), clientSecretOf(session)),
      'success',
    );
    await page.evaluate(() => mount('payment', '#payment'));
    assert.match(
      (await page.locator('#payment iframe').getAttribute('src')) ?? '',
      /^https:\/\/js\.stripe\.com\/elements\/payment\?/,
    );
    await fillCard(page, '4242 4242 4242 4242');
    const result = await confirm(page);
    assert.equal(result.type, 'success', JSON.stringify(result));
    await page.context().close();
  });

  it('the express checkout test wallet emits click, then cancel or confirm, and pays with the wallet', async () => {
    const session = await harness.createSession('endive');
    const page = await harness.openPage('endive');
    await page.evaluate((secret) => start(secret), clientSecretOf(session));
    await page.evaluate(() => {
      const w = window as unknown as {
        walletResult?: unknown;
        checkout: { getExpressCheckoutElement(): unknown };
      };
      return mount('express', '#express').then(() => {
        const element = w.checkout.getExpressCheckoutElement() as {
          on(type: string, handler: (event: { resolve?: () => void }) => void): void;
        };
        element.on('click', (event) => event.resolve?.());
        element.on('confirm', (event) => {
          void actions
            .confirm({ expressCheckoutConfirmEvent: event as never, redirect: 'if_required' })
            .then((result) => {
              w.walletResult = result;
            });
        });
      });
    });
    const wallet = page.frameLocator('#express iframe');
    await wallet.getByRole('button', { name: /Test Wallet/ }).click();
    await wallet.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForFunction(() =>
      (window as unknown as { elementEvents: Array<{ type: string }> }).elementEvents.some(
        (entry) => entry.type === 'cancel',
      ),
    );
    assert.equal(
      (await harness.stripe.checkout.sessions.retrieve(session.id)).status,
      'open',
      'cancel pays nothing',
    );
    await wallet.getByRole('button', { name: /Test Wallet/ }).click();
    await wallet.getByRole('button', { name: 'Approve' }).click();
    await page.waitForFunction(
      () => (window as unknown as { walletResult?: unknown }).walletResult !== undefined,
    );
    const result = await page.evaluate(
      () => (window as unknown as { walletResult: StripeCheckoutConfirmResult }).walletResult,
    );
    assert.equal(result.type, 'success', JSON.stringify(result));
    const events = await page.evaluate(() =>
      (window as unknown as { elementEvents: Array<{ kind: string; type: string }> }).elementEvents
        .filter((entry) => entry.kind === 'express' && ['click', 'confirm'].includes(entry.type))
        .map((entry) => entry.type),
    );
    assert.deepEqual(events, ['click', 'click', 'confirm']);
    await wallet.getByText('Payment approved.').waitFor();
    assert.equal((await harness.stripe.checkout.sessions.retrieve(session.id)).status, 'complete');
    await page.context().close();
  });
});
