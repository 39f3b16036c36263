// Issue 13, as a buyer meets it: the store's product page (/product) turns on every Checkout feature in its session
// params (terms, tax ID, phone and names, an optional add-on, billing address, shipping priced by the store's server,
// Adaptive Pricing), and these tests pay through them in Chromium, against the emulator behind the store.
import { expect, type FrameLocator, type Page, test } from '@playwright/test';
import { CheckoutDriver, cards, clickSettled } from './support/checkout.js';
import { EmulatorControl } from './support/emulator.js';
import { saveScreenshot } from './support/screenshots.js';
import { storeOrders } from './support/store.js';

const TSHIRT = 'price_demo_tshirt';
const STICKERS = 'price_demo_stickers';

interface Address {
  readonly country: string;
  readonly line1: string;
  readonly city: string;
  readonly state?: string;
  readonly postalCode: string;
}
const LONDON: Address = { country: 'GB', line1: '10 Downing Street', city: 'London', postalCode: 'SW1A 2AA' };
const SAN_FRANCISCO: Address = {
  country: 'US',
  line1: '1 Market Street',
  city: 'San Francisco',
  state: 'CA',
  postalCode: '94105',
};

/** The product page's checkout, driven through its element and the emulator's Stripe.js iframes. */
class ProductCheckout extends CheckoutDriver {
  constructor(page: Page) {
    super(page, '#checkout-host stripe-checkout');
  }

  frame(slot: string): FrameLocator {
    return this.page.frameLocator(`${this.selector} [slot="${slot}"] iframe`);
  }

  /** A field of the live session that `sessionField` does not name. */
  liveSession<T>(read: string): Promise<T> {
    return this.root.evaluate(
      (element, path) =>
        path
          .split('.')
          .reduce<unknown>(
            (value, key) => (value as Record<string, unknown> | null | undefined)?.[key],
            (element as unknown as { session: unknown }).session,
          ) as T,
      read,
    );
  }

  /** Email, phone number and name in the Contact Details Element (the page's only email field). */
  async fillContact(email: string, phone = '+14155550123', name = 'Ada Buyer'): Promise<void> {
    const contact = this.frame('stripe-contact');
    await contact.getByLabel('Email', { exact: true }).fill(email);
    await contact.getByLabel('Phone number', { exact: true }).fill(phone);
    await contact.getByLabel('Full name', { exact: true }).fill(name);
    await contact.getByLabel('Full name', { exact: true }).blur();
    await expect.poll(() => this.liveSession<string | null>('phoneNumber')).toBe(phone);
    await expect.poll(() => this.liveSession<string | null>('email')).toBe(email);
  }

  async fillAddress(slot: 'stripe-shipping' | 'stripe-billing', address: Address): Promise<void> {
    const frame = this.frame(slot);
    await frame.getByLabel('Full name').fill('Ada Buyer');
    await frame.getByLabel('Country or region').selectOption(address.country);
    await frame.getByLabel('Address line 1').fill(address.line1);
    await frame.getByLabel('City').fill(address.city);
    if (address.state) await frame.getByLabel('State or province').fill(address.state);
    await frame.getByLabel('Postal code').fill(address.postalCode);
    await frame.getByLabel('Postal code').blur();
  }

  /**
   * The shipping address goes to the store's server (server_only session), which prices it and sets it with
   * checkout.sessions.update; the element's summary then shows the address and the rate.
   */
  async shipTo(address: Address): Promise<void> {
    await this.fillAddress('stripe-shipping', address);
    await expect
      .poll(() => this.liveSession<string | null>('shippingAddress.address.country'), { timeout: 20_000 })
      .toBe(address.country);
    await expect
      .poll(() => this.liveSession<unknown[]>('shippingOptions').then((o) => o?.length ?? 0))
      .toBeGreaterThan(0);
  }

  async acceptTerms(): Promise<void> {
    await this.frame('stripe-terms').getByLabel('I agree to the Terms of Service').check();
  }
}

async function openProductPage(page: Page, query = ''): Promise<ProductCheckout> {
  await page.goto(`/product${query}`);
  const checkout = new ProductCheckout(page);
  await checkout.expectState('ready');
  await checkout.paymentFormShown();
  return checkout;
}

/** The session as the store's Stripe (the emulator) has it, line items included. */
async function stripeSession(emulator: EmulatorControl, page: Page, sessionId: string) {
  const response = await page.request.get(
    `${emulator.info.url}/v1/checkout/sessions/${sessionId}?expand[]=line_items`,
    { headers: { Authorization: `Bearer ${emulator.info.secretKey}` } },
  );
  expect(response.ok()).toBe(true);
  return (await response.json()) as {
    status: string;
    payment_status: string;
    consent: { terms_of_service: string | null } | null;
    customer_details: {
      phone: string | null;
      tax_ids: { type: string; value: string }[] | null;
      individual_name?: string | null;
    } | null;
    collected_information: { shipping_details: { address: { country: string } } | null } | null;
    shipping_cost: { amount_total: number } | null;
    amount_total: number;
    currency: string;
    presentment_details?: { presentment_currency: string; presentment_amount: number } | null;
    line_items: { data: { price: { id: string }; quantity: number }[] };
  };
}

test.describe('the product page: every Checkout feature on, paid as a buyer would', () => {
  test('terms, tax ID and phone: pay stays off until the terms are accepted, and Stripe records all three', async ({
    page,
    request,
    baseURL,
  }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 2600 });
    const emulator = await EmulatorControl.of(request, baseURL!);
    const checkout = await openProductPage(page);
    await saveScreenshot(page.locator('main'), testInfo, 'store-product');

    await checkout.fillContact('ada@example.com', '+442071234567');
    await checkout.shipTo(LONDON);
    await checkout.fillAddress('stripe-billing', LONDON);
    const taxId = checkout.frame('stripe-tax-id');
    await taxId.getByLabel('Business name').fill('Buyer Ltd');
    await taxId.getByLabel('Tax ID type').selectOption('gb_vat');
    await taxId.getByLabel('Tax ID', { exact: true }).fill('GB123456789');
    await taxId.getByLabel('Tax ID', { exact: true }).blur();
    await expect.poll(() => checkout.liveSession<string | null>('taxIdInfo.taxId.value')).toBe('GB123456789');
    await checkout.fillCard(cards.success);

    // Everything but the terms: the buyer cannot pay yet.
    await expect(checkout.payButton).toBeDisabled();
    await checkout.acceptTerms();
    const completed = checkout.completion();
    await checkout.pay();
    const sessionId = await completed;
    await checkout.expectState('complete');

    const session = await stripeSession(emulator, page, sessionId);
    expect(session.status).toBe('complete');
    expect(session.consent?.terms_of_service).toBe('accepted');
    expect(session.customer_details?.phone).toBe('+442071234567');
    expect(session.customer_details?.tax_ids).toEqual([
      expect.objectContaining({ type: 'gb_vat', value: 'GB123456789' }),
    ]);
    expect(session.collected_information?.shipping_details?.address.country).toBe('GB');
    // The store's server priced the UK: its international rate.
    expect(session.shipping_cost?.amount_total).toBe(1800);
  });

  test('an optional add-on and a quantity change through the server: one session, the paid cart is what the buyer saw', async ({
    page,
    request,
    baseURL,
  }) => {
    const emulator = await EmulatorControl.of(request, baseURL!);
    const checkout = await openProductPage(page);
    const sessionId = await checkout.sessionField('id');

    // The add-on is offered in the summary; adding it joins the order.
    const add = checkout.root.locator('[part="optional-item-add"]');
    await expect(add).toHaveAttribute('aria-label', /^Add .+ to your order$/);
    await clickSettled(add);
    await expect
      .poll(() =>
        checkout.liveSession<{ priceId: string }[]>('lineItems').then((lines) => lines.map((l) => l.priceId)),
      )
      .toEqual([TSHIRT, STICKERS]);

    // The page's own quantity control: element.updateItems → POST /api/product/sessions/{id}/items.
    const updates: string[] = [];
    page.on('request', (sent) => {
      if (sent.method() === 'POST' && /\/api\/product\/sessions\/cs_[^/]+\/items$/.test(sent.url()))
        updates.push(sent.postData() ?? '');
    });
    await clickSettled(page.getByRole('button', { name: 'One more' }));
    await expect(page.locator('#quantity')).toHaveText('2');
    await expect
      .poll(() =>
        checkout
          .liveSession<{ priceId: string; quantity: number }[]>('lineItems')
          .then((lines) => lines.map((line) => [line.priceId, line.quantity])),
      )
      .toEqual([
        [TSHIRT, 2],
        [STICKERS, 1],
      ]);
    expect(await checkout.sessionField('id'), 'the same session: no new one, no reload').toBe(sessionId);
    expect(updates.map((body) => JSON.parse(body))).toEqual([
      {
        items: [
          { price: TSHIRT, quantity: 2 },
          { price: STICKERS, quantity: 1 },
        ],
      },
    ]);

    await checkout.fillContact('ada@example.com');
    await checkout.shipTo(SAN_FRANCISCO);
    await checkout.fillAddress('stripe-billing', SAN_FRANCISCO);
    await checkout.fillCard(cards.success);
    await checkout.acceptTerms();
    const completed = checkout.completion();
    await checkout.pay();
    expect(await completed).toBe(sessionId);
    await checkout.expectState('complete');

    const session = await stripeSession(emulator, page, String(sessionId));
    expect(session.line_items.data.map((line) => [line.price.id, line.quantity])).toEqual([
      [TSHIRT, 2],
      [STICKERS, 1],
    ]);
    // $25 × 2 + $5 add-on + $5 standard US shipping, priced by the store's server.
    expect(session.amount_total).toBe(2 * 2500 + 500 + 500);
    await expect
      .poll(async () => (await storeOrders(page)).some((order) => order.sessionId === sessionId))
      .toBe(true);
    await page.goto('/orders');
    const row = page.locator(`tr[data-session-id="${sessionId}"]`);
    await expect(row).toContainText(String(sessionId));
    await expect(row).toContainText('2 × ');
  });

  test('a refused country shows the store’s message on the address; a buyer abroad switches currency and pays in it', async ({
    page,
    request,
    baseURL,
  }) => {
    const emulator = await EmulatorControl.of(request, baseURL!);
    // Stripe's test mode places a buyer by email (test+location_XX@example.com): the page's ?location=FR creates
    // the session for a buyer in France.
    const checkout = await openProductPage(page, '?location=FR');
    await checkout.fillContact('test+location_FR@example.com');
    await expect
      .poll(() =>
        checkout
          .liveSession<{ currency: string }[] | null>('currencyOptions')
          .then((options) => (options ?? []).map((option) => option.currency).sort()),
      )
      .toEqual(['eur', 'usd']);

    // Japan is in the session's countries, but the store's shipping hook refuses it in its own words.
    await checkout.fillAddress('stripe-shipping', {
      country: 'JP',
      line1: '1-1 Chiyoda',
      city: 'Tokyo',
      postalCode: '100-0001',
    });
    await expect(checkout.root.getByText('Sorry, we cannot ship to Japan at the moment.')).toBeVisible();
    await checkout.shipTo({ country: 'FR', line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001' });
    await checkout.fillAddress('stripe-billing', {
      country: 'FR',
      line1: '1 rue de Rivoli',
      city: 'Paris',
      postalCode: '75001',
    });

    // The buyer's local currency is presented first; the selector switches to the shop's and back, and the
    // summary's total follows each time.
    const currency = checkout.frame('stripe-currency').getByLabel('Currency');
    await expect.poll(() => checkout.liveSession<string>('currency')).toBe('eur');
    const totals: string[] = [];
    for (const next of ['usd', 'eur']) {
      await currency.selectOption(next);
      await expect.poll(() => checkout.liveSession<string>('currency')).toBe(next);
      const total = await checkout.liveSession<string>('total.total.amount');
      await expect(checkout.total).toContainText(total);
      totals.push(total);
    }
    expect(totals[0]).not.toBe(totals[1]);

    await checkout.fillCard(cards.success);
    await checkout.acceptTerms();
    const completed = checkout.completion();
    await checkout.pay();
    const sessionId = await completed;
    await checkout.expectState('complete');
    const session = await stripeSession(emulator, page, sessionId);
    // The REST session keeps the shop's currency and reports what the buyer paid in (Adaptive Pricing).
    expect(session.currency).toBe('usd');
    expect(session.presentment_details?.presentment_currency).toBe('eur');
  });
});
