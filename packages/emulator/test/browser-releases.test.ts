// Each Stripe.js release path presents its own surface and session shape, refuses sessions of the other
// ui_mode generation, and accepts the real-shaped (URL-encoded) client secrets the emulator issues.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StripeCheckoutLoadActionsResult } from '@stripe/stripe-js';
import { notEmulatedStripeMethods, stripeMethods } from '../src/browser/client/stripe-surface.js';
import { clientSecretOf, fillCard, type Harness, startHarness, type Train } from './browser-harness.js';

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

const TRAINS: readonly Train[] = ['clover', 'dahlia', 'endive'];

describe('the Stripe() instance has the release\u2019s whole surface', () => {
  for (const train of TRAINS) {
    it(`${train}: every method of @stripe/stripe-js's Stripe type exists; outside Checkout they say they are not emulated`, async () => {
      const page = await harness.openPage(train);
      const surface = await page.evaluate(
        ({ methods, notEmulated }) => {
          const instance = (window as unknown as { Stripe(key: string): Record<string, unknown> }).Stripe(
            'pk_test_probe',
          );
          const messages: Record<string, string> = {};
          for (const method of notEmulated) {
            try {
              (instance[method] as () => unknown)();
              messages[method] = 'did not throw';
            } catch (error) {
              messages[method] = `${(error as Error).name}: ${(error as Error).message}`;
            }
          }
          return {
            missing: methods.filter((method) => typeof instance[method] !== 'function'),
            messages,
          };
        },
        { methods: [...stripeMethods(train)], notEmulated: notEmulatedStripeMethods(train) },
      );
      assert.deepEqual(surface.missing, []);
      // The four methods react-stripe-js checks for before it accepts a Stripe object (src/utils/guards.ts).
      for (const method of ['elements', 'createToken', 'createPaymentMethod', 'confirmCardPayment']) {
        assert.equal(
          surface.messages[method],
          `IntegrationError: stripe.${method}() is not emulated by the Stripe emulator (see FIDELITY.md)`,
        );
      }
      assert.ok(Object.values(surface.messages).every((message) => message.endsWith('(see FIDELITY.md)')));
      await page.context().close();
    });
  }

  it('records registerAppInfo and _registerWrapper, and rejects a wrapper without a name', async () => {
    const page = await harness.openPage('endive');
    const recorded = await page.evaluate(() => {
      const instance = (
        window as unknown as { Stripe(key: string): Record<string, (info: unknown) => void> }
      ).Stripe('pk_test_probe');
      instance._registerWrapper!({ name: 'react-stripe-js', version: '7.0.1' });
      instance.registerAppInfo!({
        name: 'react-stripe-js',
        version: '7.0.1',
        url: 'https://stripe.com/docs/stripe-js/react',
      });
      let refused = '';
      try {
        instance.registerAppInfo!({ version: '1' });
      } catch (error) {
        refused = (error as Error).message;
      }
      const debug = (window as unknown as { __stripeEmulator: { appInfo(): unknown } }).__stripeEmulator;
      return { appInfo: debug.appInfo(), refused };
    });
    assert.deepEqual(recorded.appInfo, [
      { via: '_registerWrapper', name: 'react-stripe-js', version: '7.0.1' },
      { via: 'registerAppInfo', name: 'react-stripe-js', version: '7.0.1' },
    ]);
    assert.match(recorded.refused, /registerAppInfo: expected an object with a string name/);
    await page.context().close();
  });

  it('dahlia and later throw an IntegrationError for the renamed initCheckout()', async () => {
    for (const train of ['dahlia', 'endive'] as const) {
      const page = await harness.openPage(train);
      const message = await page.evaluate(() => {
        try {
          (window as unknown as { Stripe(key: string): { initCheckout(options: object): unknown } })
            .Stripe('pk_test_probe')
            .initCheckout({ clientSecret: 'cs_test_a1x_secret_y' });
          return 'did not throw';
        } catch (error) {
          return `${(error as Error).name}: ${(error as Error).message}`;
        }
      });
      assert.match(
        message,
        /^IntegrationError: stripe\.initCheckout\(\) has been renamed to stripe\.initCheckoutElementsSdk\(\)/,
      );
      await page.context().close();
    }
  });
});

describe('SDK objects carry their methods as own enumerable properties, per release', () => {
  const shared = [
    'on',
    'loadActions',
    'changeAppearance',
    'loadFonts',
    'getPaymentElement',
    'getBillingAddressElement',
    'getShippingAddressElement',
    'getExpressCheckoutElement',
    'getCurrencySelectorElement',
    'getTaxIdElement',
    'createPaymentElement',
    'createBillingAddressElement',
    'createShippingAddressElement',
    'createExpressCheckoutElement',
    'createCurrencySelectorElement',
    'createTaxIdElement',
  ];
  const expected: Record<Train, string[]> = {
    clover: [...shared, 'getPaymentFormElement', 'createPaymentFormElement'],
    dahlia: [
      ...shared,
      'getTermsElement',
      'getLinkSignupElement',
      'createContactDetailsElement',
      'createTermsElement',
      'createLinkSignupElement',
    ],
    endive: [
      ...shared,
      'getContactDetailsElement',
      'getTermsElement',
      'getLinkSignupElement',
      'createContactDetailsElement',
      'createTermsElement',
      'createLinkSignupElement',
    ],
  };
  const actionsOf: Record<Train, string[]> = {
    clover: [
      'applyPromotionCode',
      'removePromotionCode',
      'updateShippingAddress',
      'updateBillingAddress',
      'updatePhoneNumber',
      'updateEmail',
      'updateLineItemQuantity',
      'updateTaxIdInfo',
      'updateShippingOption',
      'confirm',
      'getSession',
      'runServerUpdate',
    ],
    dahlia: [],
    endive: [],
  };
  actionsOf.dahlia = [
    ...actionsOf.clover,
    'validateElements',
    'addOptionalLineItem',
    'removeOptionalLineItem',
  ];
  actionsOf.endive = [...actionsOf.dahlia, 'updateIndividualName', 'updateBusinessName'];

  for (const train of TRAINS) {
    it(`${train}: Object.keys(sdk) and Object.keys(actions) are the release's`, async () => {
      const session = await harness.createSession(train);
      const page = await harness.openPage(train);
      await page.evaluate((secret) => start(secret), clientSecretOf(session));
      const keys = await page.evaluate(() => ({
        sdk: Object.keys((window as unknown as { checkout: object }).checkout),
        actions: Object.keys(actions),
        // What react-stripe-js's useCheckout() builds: the session plus the SDK's own methods.
        spread: (() => {
          const {
            on: _on,
            loadActions: _load,
            ...methods
          } = (window as unknown as { checkout: object }).checkout as Record<string, unknown>;
          return typeof methods.createPaymentElement;
        })(),
      }));
      assert.deepEqual([...keys.sdk].sort(), [...expected[train]].sort());
      assert.deepEqual([...keys.actions].sort(), [...actionsOf[train]].sort());
      assert.equal(keys.spread, 'function');
      await page.context().close();
    });
  }
});

describe('each release hands out its own session shape', () => {
  it('endive has nameCollection; dahlia lacks it; clover lacks every field added after v8', async () => {
    const shapes: Record<string, { keys: string[]; lineItemKeys: string[]; total: string[] }> = {};
    for (const train of TRAINS) {
      const session = await harness.createSession(train);
      const page = await harness.openPage(train);
      await page.evaluate((secret) => start(secret), clientSecretOf(session));
      shapes[train] = await page.evaluate(() => {
        const current = actions.getSession();
        return {
          keys: Object.keys(current),
          lineItemKeys: Object.keys(current.lineItems[0] ?? {}),
          total: Object.keys(current.total),
        };
      });
      await page.context().close();
    }
    assert.ok(shapes.endive!.keys.includes('nameCollection'));
    assert.ok(!shapes.dahlia!.keys.includes('nameCollection'), 'dahlia returns no endive-only field');
    assert.deepEqual(
      shapes.dahlia!.keys.sort(),
      shapes.endive!.keys.filter((key) => key !== 'nameCollection').sort(),
    );
    for (const key of ['nameCollection', 'surcharge', 'optionalItems']) {
      assert.ok(!shapes.clover!.keys.includes(key), `clover has no ${key}`);
    }
    for (const key of [
      'priceId',
      'unitAmountDecimal',
      'unitLabel',
      'isRemovable',
      'pricing',
      'transformQuantity',
    ]) {
      assert.ok(shapes.endive!.lineItemKeys.includes(key));
      assert.ok(!shapes.clover!.lineItemKeys.includes(key), `clover line items have no ${key}`);
    }
    assert.ok(!shapes.clover!.total.includes('surcharge'));
    assert.ok(shapes.endive!.total.includes('surcharge'));
  });
});

describe('a release refuses a session of the other ui_mode generation', () => {
  it("clover's initCheckout refuses an elements session; initCheckoutElementsSdk refuses a custom one", async () => {
    const elements = await harness.createSession('endive');
    const clover = await harness.openPage('clover');
    const refused = await clover.evaluate((secret) => start(secret), clientSecretOf(elements));
    assert.equal(refused.type, 'error');
    assert.match(
      refused.type === 'error' ? refused.error.message : '',
      /^initCheckout\(\) cannot load this Checkout Session: it was created with ui_mode: 'elements'.*initCheckoutElementsSdk\(\)/,
    );
    await clover.context().close();

    const custom = await harness.createSession('clover');
    for (const train of ['dahlia', 'endive'] as const) {
      const page = await harness.openPage(train);
      const result = await page.evaluate((secret) => start(secret), clientSecretOf(custom));
      assert.equal(result.type, 'error');
      assert.match(
        result.type === 'error' ? result.error.message : '',
        /^initCheckoutElementsSdk\(\) cannot load this Checkout Session: it was created with ui_mode: 'custom'.*\/clover\/stripe\.js/,
      );
      assert.doesNotMatch(result.type === 'error' ? result.error.message : '', /_secret_/);
      await page.context().close();
    }
    const loaded = await harness.openPage('clover');
    assert.equal((await loaded.evaluate((secret) => start(secret), clientSecretOf(custom))).type, 'success');
    await loaded.context().close();
  });
});

describe('real-shaped client secrets', () => {
  it('loads and pays a session whose secret carries URL escapes (%2F, %2B, %3D)', async () => {
    let session = await harness.createSession('endive');
    while (!/%2F|%2B|%3D/.test(clientSecretOf(session))) session = await harness.createSession('endive');
    const page = await harness.openPage('endive');
    const loaded = await page.evaluate((secret) => start(secret), clientSecretOf(session));
    assert.equal(loaded.type, 'success');
    assert.equal(await page.evaluate(() => actions.getSession().id), session.id);
    await page.evaluate(() => mount('payment', '#payment'));
    await fillCard(page, '4242 4242 4242 4242');
    const paid = await page.evaluate(() => actions.confirm({ redirect: 'if_required' }));
    assert.equal(paid.type, 'success', JSON.stringify(paid));
    assert.equal((await harness.stripe.checkout.sessions.retrieve(session.id)).status, 'complete');
    await page.context().close();
  });
});
