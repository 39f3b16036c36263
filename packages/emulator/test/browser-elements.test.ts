// The stand-in's integration surface in Chromium: key and client secret checks, mount rules (shadow root,
// detached node, missing selector, twice), session actions and `change`, theming inside the iframes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StripeCheckoutLoadActionsResult, StripeCheckoutSession } from '@stripe/stripe-js';
import type { Page } from 'playwright-core';
import { clientSecretOf, type Harness, paymentFrame, startHarness } from './browser-harness.js';

declare const start: (
  clientSecret: string | Promise<string>,
  options?: object,
) => Promise<StripeCheckoutLoadActionsResult>;
declare const mount: (kind: string, selector: string, options?: object) => Promise<boolean>;
declare const actions: Extract<StripeCheckoutLoadActionsResult, { type: 'success' }>['actions'];
declare const checkout: {
  createPaymentElement(): { mount(target: unknown): void };
  changeAppearance(appearance: object): void;
};
declare const changes: StripeCheckoutSession[];

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

async function loadedPage(params = {}, options = {}): Promise<{ page: Page; sessionId: string }> {
  const session = await harness.createSession('endive', params);
  const page = await harness.openPage('endive');
  const loaded = await page.evaluate(
    ([secret, startOptions]) => start(secret, startOptions).then((result) => result.type),
    [clientSecretOf(session), options] as const,
  );
  assert.equal(loaded, 'success');
  return { page, sessionId: session.id };
}

function errorOf(page: Page, script: () => void): Promise<string | null> {
  return page.evaluate((source) => {
    try {
      new Function(source)();
      return null;
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  }, `(${script.toString()})()`);
}

describe('Stripe() and initCheckoutElementsSdk() check their input like Stripe.js', () => {
  it('refuses a missing key and a secret key, and a client secret that is not a Checkout Session one', async () => {
    const page = await harness.openPage('endive');
    const stripe = (key?: string) => `Stripe(${key === undefined ? '' : JSON.stringify(key)})`;
    const run = (source: string) =>
      page.evaluate((code) => {
        try {
          new Function(code)();
          return null;
        } catch (error) {
          return (error as Error).message;
        }
      }, source);
    assert.equal(await run(stripe()), 'Please call Stripe() with your publishable key. You used undefined.');
    assert.equal(
      await run(stripe('sk_test_123')),
      'You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.',
    );
    const wrongSecret = await run(
      `${stripe('pk_test_123')}.initCheckoutElementsSdk({ clientSecret: 'pi_123_secret_456' })`,
    );
    assert.match(wrongSecret ?? '', /clientSecret should be a Checkout Session client secret/);
    assert.doesNotMatch(wrongSecret ?? '', /pi_123_secret_456/, 'the client secret is not echoed');
    await page.context().close();
  });

  it('accepts the client secret as a Promise', async () => {
    const session = await harness.createSession('endive');
    const page = await harness.openPage('endive');
    const result = await page.evaluate(
      (secret) => start(new Promise((resolve) => setTimeout(() => resolve(secret), 10))).then((r) => r.type),
      clientSecretOf(session),
    );
    assert.equal(result, 'success');
    assert.equal(await page.evaluate(() => actions.getSession().id), session.id);
    await page.context().close();
  });

  it('loadActions() answers an error for a session the emulator does not know, and Elements emit loaderror', async () => {
    const page = await harness.openPage('endive');
    const result = await page.evaluate(() => start('cs_test_a1unknown_secret_abc'));
    assert.equal(result.type, 'error');
    const loadError = await page.evaluate(() =>
      mount('payment', '#payment').then(
        () => 'ready',
        (error: Error) => error.message,
      ),
    );
    assert.notEqual(loadError, 'ready');
    assert.equal(loadError, result.type === 'error' ? result.error.message : '');
    await page.context().close();
  });
});

describe('mounting follows Stripe.js rules', () => {
  it('throws for a node inside a shadow root, a detached node, an unknown selector, and a second mount', async () => {
    const { page } = await loadedPage();
    const inShadow = await errorOf(page, () => {
      const host = document.createElement('div');
      document.body.append(host);
      const inner = document.createElement('div');
      host.attachShadow({ mode: 'open' }).append(inner);
      checkout.createPaymentElement().mount(inner);
    });
    assert.equal(
      inShadow,
      'IntegrationError: Elements cannot be mounted in a ShadowRoot. Please mount in the Light DOM.',
    );
    await page.evaluate(() =>
      (window as unknown as { checkout: { getPaymentElement(): { destroy(): void } } }).checkout
        .getPaymentElement()
        .destroy(),
    );

    const detached = await errorOf(page, () => {
      checkout.createPaymentElement().mount(document.createElement('div'));
    });
    assert.match(detached ?? '', /^IntegrationError: payment Element didn't mount normally\./);
    await page.evaluate(() =>
      (window as unknown as { checkout: { getPaymentElement(): { destroy(): void } } }).checkout
        .getPaymentElement()
        .destroy(),
    );

    const missing = await errorOf(page, () => {
      checkout.createPaymentElement().mount('#nowhere');
    });
    assert.equal(
      missing,
      'IntegrationError: The selector you specified (#nowhere) applies to no DOM elements that are currently on the page.\n' +
        'Make sure the element exists on the page before calling mount().',
    );
    await page.evaluate(() =>
      (window as unknown as { checkout: { getPaymentElement(): { destroy(): void } } }).checkout
        .getPaymentElement()
        .destroy(),
    );

    await page.evaluate(() => mount('payment', '#payment'));
    const twice = await errorOf(page, () => {
      (window as unknown as { checkout: { getPaymentElement(): { mount(target: string): void } } }).checkout
        .getPaymentElement()
        .mount('#payment');
    });
    assert.match(twice ?? '', /This Element is already mounted/);
    assert.equal(await page.locator('#payment iframe').count(), 1);
    await page.context().close();
  });

  it('mounts an accessible card form in a cross-origin iframe that sizes itself without scrollbars', async () => {
    const { page } = await loadedPage();
    await page.evaluate(() => mount('payment', '#payment'));
    const iframe = page.locator('#payment iframe');
    const src = new URL((await iframe.getAttribute('src')) ?? '');
    assert.equal(src.origin, harness.emulatorUrl, 'the iframe lives on the emulator origin');
    assert.notEqual(src.origin, harness.pageOrigin);
    const frame = paymentFrame(page);
    for (const label of ['Card number', 'Expiration date', 'Security code', 'Postal code']) {
      await frame.getByLabel(label).waitFor();
    }
    await page.waitForFunction(
      () => (document.querySelector('#payment iframe') as HTMLIFrameElement).offsetHeight > 150,
    );
    const fits = await frame.locator('html').evaluate((html) => html.scrollHeight <= window.innerHeight);
    assert.ok(fits, 'the iframe is as tall as its content');
    await page.context().close();
  });
});

describe('element events', () => {
  it('the payment element reports focus, blur and change (empty → complete) like Stripe.js', async () => {
    const { page } = await loadedPage();
    await page.evaluate(() => mount('payment', '#payment'));
    const frame = paymentFrame(page);
    await frame.getByLabel('Card number').fill('4242 4242 4242 4242');
    await frame.getByLabel('Expiration date').fill('12 / 34');
    await frame.getByLabel('Security code').fill('123');
    await frame.getByLabel('Postal code').fill('10001');
    await page.getByRole('heading', { name: 'Checkout' }).click();
    const events = () =>
      page.evaluate(
        () =>
          (
            window as unknown as {
              elementEvents: Array<{ kind: string; type: string; event: Record<string, unknown> }>;
            }
          ).elementEvents,
      );
    await page.waitForFunction(() =>
      (window as unknown as { elementEvents: Array<{ type: string }> }).elementEvents.some(
        (entry) => entry.type === 'blur',
      ),
    );
    const seen = await events();
    const types = new Set(seen.map((entry) => entry.type));
    for (const type of ['loaderstart', 'ready', 'focus', 'change', 'blur'])
      assert.ok(types.has(type), `${type} was emitted`);
    const changes = seen.filter((entry) => entry.type === 'change').map((entry) => entry.event);
    assert.deepEqual(changes.at(-1), {
      elementType: 'payment',
      empty: false,
      complete: true,
      collapsed: false,
      value: { type: 'card' },
    });
    assert.equal(changes[0]?.complete, false);
    await page.context().close();
  });
});

describe('contact, address and currency elements', () => {
  it('prefills from defaultValues, writes the typed email into the session, shows the session currency', async () => {
    const { page } = await loadedPage(
      { customer_email: undefined },
      {
        defaultValues: {
          billingAddress: {
            name: 'Jenny Rosen',
            address: { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' },
          },
        },
      },
    );
    await page.evaluate(() => mount('billing', '#billing'));
    const billing = page.frameLocator('#billing iframe');
    assert.equal(await billing.getByLabel('Full name').inputValue(), 'Jenny Rosen');
    assert.equal(await billing.getByLabel('City').inputValue(), 'Springfield');

    await page.evaluate(() => mount('contact', '#contact'));
    await page.frameLocator('#contact iframe').getByLabel('Email').fill('jenny@example.com');
    await page.waitForFunction(() => actions.getSession().email === 'jenny@example.com');

    await page.evaluate(() => mount('currency', '#currency'));
    assert.equal(await page.frameLocator('#currency iframe').getByLabel('Currency').inputValue(), 'usd');
    await page.context().close();
  });
});

describe('postMessage is origin-checked', () => {
  it('ignores a message forged by the page itself for an iframe channel', async () => {
    const { page } = await loadedPage();
    await page.evaluate(() => mount('payment', '#payment'));
    const before = await page
      .locator('#payment iframe')
      .evaluate((iframe) => (iframe as HTMLIFrameElement).style.height);
    assert.notEqual(before, '5px');
    const channel = new URL(
      (await page.locator('#payment iframe').getAttribute('src')) ?? '',
    ).searchParams.get('channel');
    // The probe posted after the forged message is delivered after it: once it arrives, the forgery was handled.
    await page.evaluate(
      (forgedChannel) =>
        new Promise<void>((resolve) => {
          window.addEventListener('message', (event) => {
            if ((event.data as { probe?: boolean }).probe) resolve();
          });
          window.postMessage(
            { stripeEmulator: 1, channel: forgedChannel, message: { kind: 'height', height: 5 } },
            '*',
          );
          window.postMessage({ probe: true }, '*');
        }),
      channel,
    );
    assert.equal(
      await page.locator('#payment iframe').evaluate((iframe) => (iframe as HTMLIFrameElement).style.height),
      before,
    );
    await page.context().close();
  });
});

describe('session actions', () => {
  it('applies and removes a promotion code, refuses an unknown one, and emits change each time', async () => {
    const coupon = await harness.stripe.coupons.create({
      percent_off: 25,
      duration: 'once',
      name: 'Quarter off',
    });
    const code = `SAVE${Date.now()}`;
    await harness.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code });
    const { page } = await loadedPage({ allow_promotion_codes: true });
    const before = await page.evaluate(() => changes.length);

    const applied = await page.evaluate((promotionCode) => actions.applyPromotionCode(promotionCode), code);
    assert.equal(applied.type, 'success');
    assert.ok(applied.type === 'success');
    assert.equal(applied.session.discountAmounts?.[0]?.promotionCode, code);
    assert.equal(applied.session.total.discount.minorUnitsAmount, 500);
    assert.equal(applied.session.total.total.minorUnitsAmount, 1500);

    const unknown = await page.evaluate(() => actions.applyPromotionCode('NOPE'));
    assert.deepEqual(unknown, {
      type: 'error',
      error: { code: 'invalidCode', message: 'This code is invalid.' },
    });

    const removed = await page.evaluate(() => actions.removePromotionCode());
    assert.ok(removed.type === 'success');
    assert.equal(removed.session.discountAmounts, null);
    assert.equal(removed.session.total.total.minorUnitsAmount, 2000);
    const after = await page.evaluate(() => changes.map((session) => session.total.total.minorUnitsAmount));
    assert.ok(after.length >= before + 2, 'change fired for each update');
    assert.deepEqual(after.slice(-2), [1500, 2000]);
    await page.context().close();
  });

  it('updates a line item quantity and the shipping option, totals following', async () => {
    const { page } = await loadedPage({
      shipping_options: [
        {
          shipping_rate_data: {
            type: 'fixed_amount',
            display_name: 'Standard',
            fixed_amount: { amount: 500, currency: 'usd' },
          },
        },
        {
          shipping_rate_data: {
            type: 'fixed_amount',
            display_name: 'Express',
            fixed_amount: { amount: 1500, currency: 'usd' },
          },
        },
      ],
    });
    const session = await page.evaluate(() => actions.getSession());
    assert.deepEqual(
      session.shippingOptions.map((option) => option.displayName),
      ['Standard', 'Express'],
    );
    const lineItem = session.lineItems[0]?.id ?? '';
    const updated = await page.evaluate(
      (id) => actions.updateLineItemQuantity({ lineItem: id, quantity: 3 }),
      lineItem,
    );
    assert.ok(updated.type === 'success', JSON.stringify(updated));
    assert.equal(updated.session.lineItems[0]?.quantity, 3);
    assert.equal(updated.session.total.subtotal.minorUnitsAmount, 6000);

    const express = session.shippingOptions[1]?.id ?? '';
    const shipped = await page.evaluate((id) => actions.updateShippingOption(id), express);
    assert.ok(shipped.type === 'success', JSON.stringify(shipped));
    assert.equal(shipped.session.shipping?.shippingOption.id, express);
    assert.equal(shipped.session.total.shippingRate.minorUnitsAmount, 1500);
    assert.equal(shipped.session.total.total.minorUnitsAmount, 7500);

    const tooMany = await page.evaluate(
      (id) => actions.updateLineItemQuantity({ lineItem: id, quantity: 50 }),
      lineItem,
    );
    assert.equal(tooMany.type, 'error');
    await page.context().close();
  });

  it('validates email before asking the emulator, and the address element fills the shipping address', async () => {
    const { page } = await loadedPage({
      customer_email: undefined,
      shipping_address_collection: { allowed_countries: ['US'] },
    });
    assert.deepEqual(await page.evaluate(() => actions.updateEmail('not-an-email')), {
      type: 'error',
      error: { code: 'invalidEmail', message: 'Your email address is invalid.' },
    });
    const emailed = await page.evaluate(() => actions.updateEmail('jenny@example.com'));
    assert.ok(emailed.type === 'success');
    assert.equal(emailed.session.email, 'jenny@example.com');
    assert.equal(emailed.session.canConfirm, false, 'the shipping address is still missing');

    await page.evaluate(() => mount('shipping', '#shipping'));
    const form = page.frameLocator('#shipping iframe');
    await form.getByLabel('Full name').fill('Jenny Rosen');
    await form.getByLabel('Address line 1').fill('1 Main St');
    await form.getByLabel('City').fill('Springfield');
    await form.getByLabel('State or province').fill('IL');
    await form.getByLabel('Postal code').fill('62701');
    await page.waitForFunction(() => actions.getSession().shippingAddress?.address.line1 === '1 Main St');
    const session = await page.evaluate(() => actions.getSession());
    assert.equal(session.shippingAddress?.name, 'Jenny Rosen');
    assert.equal(session.canConfirm, true);
    await page.context().close();
  });
});

describe('appearance reaches the iframes', () => {
  it('applies appearance.variables inside the iframe, reports them, and follows changeAppearance live', async () => {
    const appearance = {
      theme: 'stripe',
      variables: {
        colorPrimary: '#ff0000',
        colorBackground: '#101820',
        colorText: '#fafafa',
        borderRadius: '12px',
      },
    };
    const { page } = await loadedPage({}, { elementsOptions: { appearance } });
    await page.evaluate(() => mount('payment', '#payment'));
    const number = paymentFrame(page).getByLabel('Card number');
    const style = await number.evaluate((input) => {
      const computed = getComputedStyle(input);
      return {
        background: computed.backgroundColor,
        color: computed.color,
        radius: computed.borderTopLeftRadius,
      };
    });
    assert.deepEqual(style, { background: 'rgb(16, 24, 32)', color: 'rgb(250, 250, 250)', radius: '12px' });
    const received = JSON.parse(
      (await paymentFrame(page).locator('body').getAttribute('data-appearance')) ?? 'null',
    );
    assert.deepEqual(received, appearance);
    await page.waitForFunction(() => window.__stripeEmulator?.appliedAppearance('payment') !== null);
    assert.deepEqual(
      await page.evaluate(() => window.__stripeEmulator?.appliedAppearance('payment')),
      appearance,
    );
    assert.deepEqual(
      JSON.parse((await page.locator('#payment iframe').getAttribute('data-appearance')) ?? 'null'),
      appearance,
    );

    await page.evaluate(() => checkout.changeAppearance({ variables: { colorBackground: '#00ff00' } }));
    await page.waitForFunction(
      () => window.__stripeEmulator?.appliedAppearance('payment')?.variables?.colorBackground === '#00ff00',
    );
    assert.equal(await number.evaluate((input) => getComputedStyle(input).backgroundColor), 'rgb(0, 255, 0)');
    await page.context().close();
  });
});

declare global {
  interface Window {
    __stripeEmulator?: { appliedAppearance(slot: string): { variables?: Record<string, string> } | null };
  }
}
