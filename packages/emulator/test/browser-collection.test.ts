// The Elements and actions for what a session asks beyond the payment, in Chromium against the emulator: terms,
// tax ID, phone and names, optional items, Link sign-up, server-side updates (line items, shipping), locale and
// fonts. Each Element is a cross-origin iframe that sizes itself, shows itself only when the session needs it, and
// takes part in validateElements() and confirm().
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StripeCheckoutLoadActionsResult, StripeCheckoutSession } from '@stripe/stripe-js';
import type { Page } from 'playwright-core';
import type Stripe from 'stripe';
import { clientSecretOf, fillCard, type Harness, startHarness } from './browser-harness.js';

declare const start: (
  clientSecret: string,
  options?: object,
  stripeOptions?: object,
) => Promise<StripeCheckoutLoadActionsResult>;
declare const mount: (kind: string, selector: string, options?: object) => Promise<boolean>;
declare const actions: Extract<StripeCheckoutLoadActionsResult, { type: 'success' }>['actions'];
declare const changes: StripeCheckoutSession[];
declare const elementEvents: Array<{ kind: string; type: string; event: Record<string, unknown> }>;
declare const checkout: {
  loadFonts(fonts: object[]): void;
  changeAppearance(appearance: object): void;
  getTaxIdElement(): { getValue(): Promise<unknown> } | null;
};
declare const serverUpdate: () => Promise<void>;
/** The parts of `window.__stripeEmulator` (src/browser/client/debug.ts) these tests read. */
interface EmulatorWindow {
  __stripeEmulator: {
    instances(): Array<{ locale: string; fonts: Array<{ family?: string }> }>;
    appliedFonts(slot: string): string[] | null;
  };
}

let harness: Harness;
before(async () => {
  harness = await startHarness({ previews: ['elements_optional_items'] });
});
after(async () => {
  await harness?.close();
});

async function loadedPage(
  params: Partial<Stripe.Checkout.SessionCreateParams> = {},
  stripeOptions?: object,
): Promise<{ page: Page; session: Stripe.Checkout.Session }> {
  const session = await harness.createSession('endive', params);
  const page = await harness.openPage('endive');
  const loaded = await page.evaluate(
    ([secret, options]) => start(secret, {}, options).then((result) => result.type),
    [clientSecretOf(session), stripeOptions] as const,
  );
  assert.equal(loaded, 'success');
  return { page, session };
}

/** The newest session the page was told about through `change`, once `ready` says it has settled. */
async function settled(
  page: Page,
  ready: (session: StripeCheckoutSession) => boolean,
): Promise<StripeCheckoutSession> {
  await page.waitForFunction(`(${ready.toString()})(changes.at(-1))`);
  return page.evaluate(() => changes.at(-1)!);
}

function frameHeight(page: Page, container: string): Promise<number> {
  return page.evaluate(
    (selector) => document.querySelector(`${selector} iframe`)!.getBoundingClientRect().height,
    container,
  );
}

describe('the Terms Element', () => {
  it('asks for consent when terms are required; canConfirm, validateElements and confirm wait for it', async () => {
    const { page, session } = await loadedPage({ consent_collection: { terms_of_service: 'required' } });
    await page.evaluate(() => Promise.all([mount('terms', '#terms'), mount('payment', '#payment')]));
    const terms = page.frameLocator('#terms iframe');
    const checkbox = terms.getByRole('checkbox', { name: /I agree to the Terms of Service/ });
    await checkbox.waitFor();
    assert.equal(
      await terms.getByRole('link', { name: 'Terms of Service' }).getAttribute('href'),
      'https://example.com/terms',
    );
    await page.waitForFunction(
      () => (document.querySelector('#terms iframe')?.getBoundingClientRect().height ?? 0) > 10,
    );
    assert.equal(await page.evaluate(() => actions.getSession().canConfirm), false, 'terms not accepted yet');

    const validation = await page.evaluate(() => actions.validateElements());
    assert.equal(validation.type, 'error');
    if (validation.type === 'error') {
      assert.deepEqual(
        validation.error.validation_errors.map((error) => error.element),
        ['payment', 'terms'],
      );
    }
    await fillCard(page, '4242424242424242');
    const refused = await page.evaluate(() => actions.confirm({ redirect: 'if_required' }));
    assert.equal(refused.type, 'error');
    assert.equal(
      refused.type === 'error' && refused.error.message,
      'Accept the terms of service to continue.',
    );

    await checkbox.check();
    await settled(page, (latest) => latest.canConfirm);
    const rest = await harness.stripe.checkout.sessions.retrieve(session.id);
    assert.equal(rest.consent?.terms_of_service, 'accepted');
    const paid = await page.evaluate(() => actions.confirm({ redirect: 'if_required' }));
    assert.equal(paid.type, 'success');
    await page.context().close();
  });

  it('renders nothing (0 px) for a session that does not ask for consent', async () => {
    const { page } = await loadedPage();
    await page.evaluate(() => mount('terms', '#terms'));
    await page.waitForFunction(
      () => document.querySelector('#terms iframe')?.getBoundingClientRect().height === 0,
    );
    const validation = await page.evaluate(() => actions.validateElements());
    assert.equal(validation.type, 'success', 'a hidden Terms Element does not block');
    await page.context().close();
  });
});

describe('the Tax ID Element and updateTaxIdInfo()', () => {
  it('shows for a session that collects tax IDs, checks the format per type and writes taxIdInfo', async () => {
    const { page, session } = await loadedPage({ tax_id_collection: { enabled: true } });
    await page.evaluate(() => mount('taxid', '#taxid'));
    const frame = page.frameLocator('#taxid iframe');
    await frame.getByLabel('Tax ID type').selectOption('de_vat');
    await frame.getByLabel('Business name').fill('Engines GmbH');
    await frame.getByLabel('Tax ID', { exact: true }).fill('DE12345');
    const invalid = await page.evaluate(() => actions.validateElements());
    assert.equal(invalid.type, 'error');
    if (invalid.type === 'error') {
      assert.equal(invalid.error.validation_errors[0]?.element, 'taxId');
      assert.match(invalid.error.validation_errors[0]?.message ?? '', /DE123456789/);
    }
    await frame.getByLabel('Tax ID', { exact: true }).fill('DE 123 456 789');
    const withTaxId = await settled(page, (latest) => latest.taxIdInfo !== null);
    assert.deepEqual(withTaxId.taxIdInfo, {
      taxId: { type: 'eu_vat', value: 'DE123456789' },
      businessName: 'Engines GmbH',
    });
    const value = await page.evaluate(() => checkout.getTaxIdElement()!.getValue());
    assert.deepEqual(value, {
      elementType: 'taxId',
      empty: false,
      complete: true,
      visible: true,
      value: {
        businessName: 'Engines GmbH',
        taxId: 'DE123456789',
        taxIdType: 'de_vat',
        externalTaxIdType: 'eu_vat',
      },
    });
    const rest = await harness.stripe.checkout.sessions.retrieve(session.id);
    assert.deepEqual(rest.customer_details?.tax_ids, [{ type: 'eu_vat', value: 'DE123456789' }]);

    const refused = await page.evaluate(() =>
      actions.updateTaxIdInfo({ businessName: 'Engines', taxId: { type: 'gb_vat', value: 'GB12' } }),
    );
    assert.equal(refused.type, 'error');
    assert.equal(refused.type === 'error' && refused.error.code, 'invalidTaxId');
    const cleared = await page.evaluate(() => actions.updateTaxIdInfo(null));
    assert.equal(cleared.type === 'success' && cleared.session.taxIdInfo, null);
    await page.context().close();
  });

  it("is hidden when the session collects no tax ID, unless visibility: 'always'", async () => {
    const { page } = await loadedPage();
    await page.evaluate(() => mount('taxid', '#taxid'));
    await page.waitForFunction(
      () => document.querySelector('#taxid iframe')?.getBoundingClientRect().height === 0,
    );
    const refused = await page.evaluate(() =>
      actions.updateTaxIdInfo({ businessName: 'Engines', taxId: { type: 'gb_vat', value: 'GB123456789' } }),
    );
    assert.equal(refused.type, 'error');
    assert.match(refused.type === 'error' ? refused.error.message : '', /tax_id_collection\[enabled\]=true/);
    await page.context().close();
    const always = await loadedPage();
    await always.page.evaluate(() => mount('taxid', '#taxid', { visibility: 'always' }));
    await always.page.waitForFunction(
      () => (document.querySelector('#taxid iframe')?.getBoundingClientRect().height ?? 0) > 40,
    );
    await always.page.context().close();
  });
});

describe('phone and names in the Contact Details Element', () => {
  it('shows the fields the session requires, keeps canConfirm false until they are filled, and writes them', async () => {
    const { page } = await loadedPage({
      customer_email: undefined,
      phone_number_collection: { enabled: true },
      name_collection: { individual: { enabled: true }, business: { enabled: true, optional: true } },
    });
    await page.evaluate(() => mount('contact', '#contact'));
    const frame = page.frameLocator('#contact iframe');
    await frame.getByLabel('Phone number').waitFor();
    assert.equal(await frame.getByLabel('Business name (optional)').isVisible(), true);
    const before = await page.evaluate(() => actions.getSession());
    assert.equal(before.canConfirm, false);
    assert.deepEqual(before.nameCollection, { individualName: null, businessName: null });

    await frame.getByLabel('Email').fill('ada@example.com');
    const validation = await page.evaluate(() => actions.validateElements());
    assert.equal(
      validation.type === 'error' && validation.error.validation_errors[0]?.element,
      'contactDetails',
    );
    assert.equal(validation.type === 'error' && validation.error.message, 'Your phone number is incomplete.');

    await frame.getByLabel('Phone number').fill('+1 415 555 0100');
    await frame.getByLabel('Full name').fill('Ada Lovelace');
    const filled = await settled(page, (latest) => latest.canConfirm);
    assert.equal(filled.email, 'ada@example.com');
    assert.equal(filled.phoneNumber, '+1 415 555 0100');
    assert.deepEqual(filled.nameCollection, { individualName: 'Ada Lovelace', businessName: null });
    const emailOnly = await page.evaluate(() =>
      elementEvents.filter((entry) => entry.kind === 'contact' && entry.type === 'change').at(-1),
    );
    assert.deepEqual(
      Object.keys((emailOnly?.event.value as object) ?? {}),
      ['email'],
      'the change event carries the email',
    );

    const business = await page.evaluate(() => actions.updateBusinessName('Analytical Engines Ltd'));
    assert.equal(
      business.type === 'success' && business.session.nameCollection?.businessName,
      'Analytical Engines Ltd',
    );
    await page.context().close();
  });

  it('updateIndividualName() on a session without name collection answers an error', async () => {
    const { page } = await loadedPage();
    const result = await page.evaluate(() => actions.updateIndividualName('Ada'));
    assert.equal(result.type, 'error');
    assert.match(
      result.type === 'error' ? (result.error as { message: string }).message : '',
      /name_collection/,
    );
    assert.equal(await page.evaluate(() => actions.getSession().nameCollection), null);
    await page.context().close();
  });

  it("the Address Element's phone field (fields.phone: 'always') fills the session's phone number", async () => {
    const { page } = await loadedPage({ billing_address_collection: 'required' });
    await page.evaluate(() => mount('billing', '#billing', { fields: { phone: 'always' } }));
    const frame = page.frameLocator('#billing iframe');
    await frame.getByLabel('Full name').fill('Ada Lovelace');
    await frame.getByLabel('Address line 1').fill('1 Main St');
    await frame.getByLabel('City').fill('Austin');
    await frame.getByLabel('Postal code').fill('78701');
    await frame.getByLabel('Phone number').fill('+1 512 555 0100');
    const session = await settled(
      page,
      (latest) => latest.phoneNumber !== null && latest.billingAddress !== null,
    );
    assert.equal(session.phoneNumber, '+1 512 555 0100');
    await page.context().close();
  });
});

describe('optional items', () => {
  it('are listed, added as removable line items and removed again, totals following', async () => {
    const { page } = await loadedPage({
      optional_items: [
        { price: 'price_demo_mug', quantity: 1, adjustable_quantity: { enabled: true, maximum: 3 } },
      ],
    });
    const listed = await page.evaluate(() => actions.getSession().optionalItems);
    assert.equal(listed?.length, 1);
    assert.equal(listed?.[0]?.priceId, 'price_demo_mug');
    assert.equal(listed?.[0]?.name, 'Emulator Mug');
    assert.equal(listed?.[0]?.unitAmount.minorUnitsAmount, 1200);
    assert.equal(listed?.[0]?.isSelected, false);
    assert.deepEqual(listed?.[0]?.adjustableQuantity, { minimum: 0, maximum: 3 });

    const added = await page.evaluate(() => actions.addOptionalLineItem('price_demo_mug'));
    assert.equal(added.type, 'success');
    if (added.type === 'success') {
      assert.equal(added.session.total.total.minorUnitsAmount, 2000 + 1200);
      assert.equal(added.session.optionalItems?.[0]?.isSelected, true);
      const line = added.session.lineItems.find((item) => item.priceId === 'price_demo_mug');
      assert.equal(line?.isRemovable, true);
      assert.equal(added.session.lineItems[0]?.isRemovable, false);
      const bumped = await page.evaluate(
        (id) => actions.updateLineItemQuantity({ lineItem: id, quantity: 3 }),
        line!.id,
      );
      assert.equal(bumped.type === 'success' && bumped.session.optionalItems?.[0]?.quantity, 3);
    }
    const twice = await page.evaluate(() => actions.addOptionalLineItem('price_demo_mug'));
    assert.equal(twice.type, 'error');
    const removed = await page.evaluate(() => actions.removeOptionalLineItem('price_demo_mug'));
    assert.equal(removed.type === 'success' && removed.session.total.total.minorUnitsAmount, 2000);
    const unknown = await page.evaluate(() => actions.removeOptionalLineItem('price_demo_stickers'));
    assert.equal(unknown.type, 'error');
    await page.context().close();
  });
});

describe('runServerUpdate() with the merchant server updating the session', () => {
  it('refreshes line items after the server retransmits them; canConfirm is false meanwhile', async () => {
    const { page, session } = await loadedPage();
    const [line] = (await harness.stripe.checkout.sessions.listLineItems(session.id)).data;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.exposeFunction('serverUpdate', async () => {
      await held;
      await harness.stripe.checkout.sessions.update(session.id, {
        line_items: [
          { id: line!.id, quantity: 2 },
          { price: 'price_demo_stickers', quantity: 1 },
        ],
      });
    });
    const running = page.evaluate(() => actions.runServerUpdate(() => serverUpdate()));
    await page.waitForFunction(() => changes.at(-1)?.canConfirm === false);
    release();
    const result = await running;
    assert.equal(result.type, 'success');
    if (result.type === 'success') {
      assert.equal(result.session.lineItems.length, 2);
      assert.equal(result.session.total.total.minorUnitsAmount, 2 * 2000 + 500);
    }
    const latest = await settled(page, (candidate) => candidate.canConfirm);
    assert.equal(latest.lineItems[0]?.quantity, 2);
    await page.context().close();
  });

  it("with server_only shipping, the address reaches the server, not Stripe.js; the server's shipping shows", async () => {
    const { page, session } = await loadedPage({
      permissions: { update_shipping_details: 'server_only' },
      shipping_address_collection: { allowed_countries: ['US', 'CA'] },
    });
    await page.evaluate(() => mount('shipping', '#shipping'));
    const frame = page.frameLocator('#shipping iframe');
    await frame.getByLabel('Full name').fill('Ada Lovelace');
    await frame.getByLabel('Address line 1').fill('1 Main St');
    await frame.getByLabel('City').fill('Toronto');
    await frame.getByLabel('Country or region').selectOption('CA');
    await frame.getByLabel('Postal code').fill('M5V 2T6');
    await page.waitForFunction(() =>
      elementEvents.some(
        (entry) => entry.kind === 'shipping' && entry.type === 'change' && entry.event.complete,
      ),
    );
    assert.equal(
      await page.evaluate(() => actions.getSession().shippingAddress),
      null,
      'Stripe.js did not write it',
    );
    const refused = await page.evaluate(() =>
      actions.updateShippingAddress({ name: 'Ada', address: { country: 'CA', line1: '1 Main St' } }),
    );
    assert.equal(refused.type, 'error');
    assert.match(refused.type === 'error' ? refused.error.message : '', /server_only/);

    await page.exposeFunction('serverUpdate', async () => {
      await harness.stripe.checkout.sessions.update(session.id, {
        collected_information: {
          shipping_details: {
            name: 'Ada Lovelace',
            address: { line1: '1 Main St', city: 'Toronto', country: 'CA' },
          },
        },
        shipping_options: [
          {
            shipping_rate_data: {
              display_name: 'Canada Post',
              fixed_amount: { amount: 900, currency: 'usd' },
            },
          },
        ],
      });
    });
    const result = await page.evaluate(() => actions.runServerUpdate(() => serverUpdate()));
    assert.equal(result.type, 'success');
    if (result.type === 'success') {
      assert.equal(result.session.shippingAddress?.address.country, 'CA');
      assert.equal(result.session.shipping?.shippingOption.displayName, 'Canada Post');
      assert.equal(result.session.total.total.minorUnitsAmount, 2000 + 900);
    }
    await page.context().close();
  });
});

describe('Link sign-up', () => {
  it('offers saving with Link (a phone number once opted in) when Link is available, nothing when display is never', async () => {
    const { page } = await loadedPage();
    await page.evaluate(() => mount('link', '#link'));
    const frame = page.frameLocator('#link iframe');
    await frame.getByLabel('Save my information for faster checkout with Link').check();
    const validation = await page.evaluate(() => actions.validateElements());
    assert.equal(validation.type === 'error' && validation.error.validation_errors[0]?.element, 'linkSignup');
    await frame.getByLabel('Phone number').fill('+1 415 555 0100');
    assert.equal((await page.evaluate(() => actions.validateElements())).type, 'success');
    await page.context().close();

    const hidden = await loadedPage({ wallet_options: { link: { display: 'never' } } });
    await hidden.page.evaluate(() => mount('link', '#link'));
    await hidden.page.waitForFunction(
      () => document.querySelector('#link iframe')?.getBoundingClientRect().height === 0,
    );
    await hidden.page.context().close();
  });
});

describe('locale and fonts reach the iframes', () => {
  it('records the locale Stripe.js was given and sets it as the frames’ language', async () => {
    const { page } = await loadedPage({}, { locale: 'fr' });
    await page.evaluate(() => mount('payment', '#payment'));
    const instances = await page.evaluate(() =>
      (window as unknown as EmulatorWindow).__stripeEmulator.instances(),
    );
    assert.equal(instances.at(-1)?.locale, 'fr');
    const lang = await page.frameLocator('#payment iframe').locator('html').getAttribute('lang');
    assert.equal(lang, 'fr');
    await page.context().close();
  });

  it('loadFonts() makes a family available and appearance.fontFamily puts it on the form', async () => {
    const { page } = await loadedPage();
    await page.evaluate(() => mount('payment', '#payment'));
    await page.evaluate(() => {
      checkout.loadFonts([{ family: 'Emulator Serif', src: 'local("DejaVu Serif")', weight: '400' }]);
      checkout.changeAppearance({ variables: { fontFamily: '"Emulator Serif", serif' } });
    });
    await page.waitForFunction(() =>
      (window as unknown as EmulatorWindow).__stripeEmulator
        .appliedFonts('payment')
        ?.includes('Emulator Serif'),
    );
    const used = await page
      .frameLocator('#payment iframe')
      .getByLabel('Card number')
      .evaluate((input) => getComputedStyle(input).fontFamily);
    assert.match(used, /Emulator Serif/);
    const loaded = await page
      .frameLocator('#payment iframe')
      .locator('body')
      .evaluate(() => document.fonts.check('16px "Emulator Serif"'));
    assert.equal(loaded, true);
    assert.deepEqual(
      await page.evaluate(() =>
        (window as unknown as EmulatorWindow).__stripeEmulator
          .instances()
          .at(-1)
          ?.fonts.map((font) => font.family),
      ),
      ['Emulator Serif'],
    );
    await page.context().close();
  });
});

describe('every new Element sizes its iframe to its content', () => {
  it('reports a height that fits its fields, without scrollbars', async () => {
    const { page } = await loadedPage({
      consent_collection: { terms_of_service: 'required' },
      tax_id_collection: { enabled: true },
      phone_number_collection: { enabled: true },
    });
    await page.evaluate(() =>
      Promise.all([mount('terms', '#terms'), mount('taxid', '#taxid'), mount('link', '#link')]),
    );
    for (const container of ['#terms', '#taxid', '#link']) {
      await page.waitForFunction(
        (selector) =>
          (document.querySelector(`${selector} iframe`)?.getBoundingClientRect().height ?? 0) > 10,
        container,
      );
      const height = await frameHeight(page, container);
      const content = await page
        .frameLocator(`${container} iframe`)
        .locator('body')
        .evaluate((body) => body.getBoundingClientRect().height);
      assert.ok(
        Math.abs(height - Math.ceil(content)) <= 1,
        `${container}: iframe ${height}px for ${content}px of content`,
      );
    }
    await page.context().close();
  });
});

describe('the express checkout wallet supplies what wallets carry', () => {
  it('pays a session that requires a phone number and a full name with the wallet’s', async () => {
    const { page, session } = await loadedPage({
      phone_number_collection: { enabled: true },
      name_collection: { individual: { enabled: true } },
    });
    await page.evaluate(() =>
      mount('express', '#express').then(() => {
        const w = window as unknown as {
          walletResult?: unknown;
          checkout: { getExpressCheckoutElement(): unknown };
        };
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
      }),
    );
    const wallet = page.frameLocator('#express iframe');
    await wallet.getByRole('button', { name: /Test Wallet/ }).click();
    await wallet.getByRole('button', { name: 'Approve' }).click();
    await page.waitForFunction(
      () => (window as unknown as { walletResult?: unknown }).walletResult !== undefined,
    );
    const result = await page.evaluate(
      () => (window as unknown as { walletResult: { type: string } }).walletResult,
    );
    assert.equal(result.type, 'success', JSON.stringify(result));
    const paid = await harness.stripe.checkout.sessions.retrieve(session.id);
    assert.equal(paid.customer_details?.phone, '+14155550199');
    assert.equal(paid.collected_information?.individual_name, 'Test Wallet');
    await page.context().close();
  });
});
