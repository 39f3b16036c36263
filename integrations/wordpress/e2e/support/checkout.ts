import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';

export const cards = { success: '4242 4242 4242 4242', declined: '4000 0000 0000 0002' } as const;

/** Drives one `<stripe-checkout>` as a buyer does: through its shadow parts and the Stripe.js stand-in's iframes. */
export class Checkout {
  readonly root: Locator;
  readonly payment: FrameLocator;

  constructor(
    readonly page: Page,
    readonly selector: string,
  ) {
    this.root = page.locator(selector);
    this.payment = page.frameLocator(`${selector} iframe[title="Secure payment input frame"]`);
  }

  async expectState(state: string, timeout = 30_000): Promise<void> {
    await expect(this.root).toHaveAttribute('state', state, { timeout });
  }

  async fill(card: string, email = 'buyer@example.com'): Promise<void> {
    // From the dahlia release Stripe's Contact Details Element takes the email (mounted in `stripe-contact`);
    // before it, the element's own email field does.
    const contact = this.page.locator(`${this.selector} [slot="stripe-contact"] iframe`);
    const emailField =
      (await contact.count()) > 0
        ? this.page
            .frameLocator(`${this.selector} [slot="stripe-contact"] iframe`)
            .getByLabel('Email', { exact: true })
        : this.root.locator('[part="email"]');
    if ((await emailField.count()) > 0) {
      await emailField.fill(email);
      await emailField.blur();
      await expect
        .poll(() =>
          this.root.evaluate(
            (element) =>
              (element as unknown as { session: { email?: string } | null }).session?.email ?? null,
          ),
        )
        .toBe(email);
    }
    await this.fillCard(card);
  }

  async fillCard(card: string): Promise<void> {
    await this.payment.getByLabel('Card number').fill(card);
    await this.payment.getByLabel('Expiration date').fill('12 / 34');
    await this.payment.getByLabel('Security code').fill('123');
    const postal = this.payment.getByLabel('Postal code');
    if (await postal.isVisible()) await postal.fill('94107');
    await this.payment.getByLabel('Security code').blur();
  }

  /** Clicks pay once the page has settled (Chromium hit-tests Stripe's cross-origin frames a frame late). */
  async pay(): Promise<void> {
    const button = this.root.locator('[part="pay-button"]');
    await expect(button).toBeEnabled();
    await button.scrollIntoViewIfNeeded();
    await this.page.evaluate(
      () =>
        new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
    );
    await button.click();
  }

  sessionId(): Promise<string | null> {
    return this.root.evaluate(
      (element) => (element as unknown as { session: { id?: string } | null }).session?.id ?? null,
    );
  }
}
