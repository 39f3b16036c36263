import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';

export type CheckoutState = 'idle' | 'loading' | 'ready' | 'confirming' | 'complete' | 'error' | 'expired';

export const cards = {
  success: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
  threeDSecure: '4000 0025 0000 3155',
} as const;

/** Drives one `<stripe-checkout>` the way a buyer does: through its shadow DOM parts and Stripe's iframes. */
export class CheckoutDriver {
  readonly root: Locator;
  readonly payButton: Locator;
  readonly error: Locator;
  readonly retryButton: Locator;
  readonly total: Locator;
  readonly email: Locator;
  readonly complete: Locator;
  readonly payment: FrameLocator;

  constructor(
    readonly page: Page,
    readonly selector = 'stripe-checkout',
  ) {
    this.root = page.locator(selector);
    this.payButton = this.root.locator('[part="pay-button"]');
    this.error = this.root.locator('[part="error"]');
    this.retryButton = this.root.locator('[part="retry-button"]');
    this.total = this.root.locator('[part="total"]');
    this.email = this.root.locator('[part="email"]');
    this.complete = this.root.locator('[part="complete"]');
    this.payment = page.frameLocator(`${selector} iframe[title="Secure payment input frame"]`);
  }

  async expectState(state: CheckoutState, timeout = 20_000): Promise<void> {
    await expect(this.root).toHaveAttribute('state', state, { timeout });
  }

  /** Resolves once Stripe's payment iframe shows its card form (it loads after the element is ready). */
  async paymentFormShown(): Promise<void> {
    await expect(this.payment.getByLabel('Card number')).toBeVisible();
  }

  async fillEmail(email = 'buyer@example.com'): Promise<void> {
    // From the dahlia release Stripe's Contact Details Element takes the email (the element mounts it in
    // `stripe-contact`); before it, the element's own email field does.
    const contact = this.page.locator(`${this.selector} [slot="stripe-contact"] iframe`);
    if ((await contact.count()) > 0) {
      const field = this.page
        .frameLocator(`${this.selector} [slot="stripe-contact"] iframe`)
        .getByLabel('Email', { exact: true });
      await field.fill(email);
      await field.blur();
    } else if ((await this.email.count()) > 0) {
      await this.email.fill(email);
      await this.email.blur();
    } else {
      return;
    }
    // The email goes to Stripe and pay stays disabled until the answer: wait for it to land.
    await expect.poll(() => this.sessionField('email')).toBe(email);
  }

  async fillShippingAddress(): Promise<void> {
    const frames = this.page.locator(`${this.selector} [slot="stripe-shipping"] iframe`);
    if ((await frames.count()) === 0) return;
    const address = this.page.frameLocator(`${this.selector} [slot="stripe-shipping"] iframe`);
    await address.getByLabel('Full name').fill('Ada Buyer');
    await address.getByLabel('Address line 1').fill('1 Test Street');
    await address.getByLabel('City').fill('San Francisco');
    await address.getByLabel('State or province').fill('CA');
    await address.getByLabel('Postal code').fill('94107');
    await address.getByLabel('Postal code').blur();
    await expect.poll(() => this.sessionField('shippingAddress')).not.toBeNull();
  }

  /** A field of the live session (`element.session`), as the page sees it. */
  sessionField(name: 'email' | 'shippingAddress' | 'id'): Promise<unknown> {
    return this.root.evaluate(
      (element, field) =>
        (element as unknown as { session: Record<string, unknown> | null }).session?.[field] ?? null,
      name,
    );
  }

  async fillCard(number: string): Promise<void> {
    await this.payment.getByLabel('Card number').fill(number);
    await this.payment.getByLabel('Expiration date').fill('12 / 34');
    await this.payment.getByLabel('Security code').fill('123');
    const postal = this.payment.getByLabel('Postal code');
    if (await postal.isVisible()) await postal.fill('94107');
    await this.payment.getByLabel('Security code').blur();
  }

  /** Everything a buyer types before paying with `number`. */
  async fillBuyer(number: string): Promise<void> {
    await this.fillEmail();
    await this.fillShippingAddress();
    await this.fillCard(number);
  }

  async pay(): Promise<void> {
    await expect(this.payButton).toBeEnabled();
    await clickSettled(this.payButton);
  }

  /** Resolves with the id of the session once the element reports `checkout-complete`. */
  completion(): Promise<string> {
    return this.root.evaluate(
      (element) =>
        new Promise<string>((resolve) => {
          element.addEventListener(
            'checkout-complete',
            (event) => resolve((event as CustomEvent<{ session: { id: string } }>).detail.session.id),
            { once: true },
          );
        }),
    );
  }
}

/**
 * Scrolls `target` into view and lets the page render before clicking. Chromium hit-tests cross-origin iframes
 * (Stripe's) from compositor data that can lag a scroll by a frame, so a click right after Playwright's own
 * scroll can land on the iframe that was under the pointer before.
 */
export async function clickSettled(target: Locator, clickCount: 1 | 2 = 1): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  await target
    .page()
    .evaluate(
      () =>
        new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
    );
  await (clickCount === 2 ? target.dblclick() : target.click());
}

/** The 3D Secure challenge the Stripe.js stand-in opens over the page. */
export function threeDSecure(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="3D Secure authentication"]');
}
