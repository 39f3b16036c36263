import { expect, test } from '@playwright/test';
import { Checkout, cards } from './support/checkout.js';
import { configure, configureShop, deliveriesFor, e2eSite, logIn, saveScreenshot } from './support/site.js';

let pages: Record<string, { id: number; url: string }>;

test.beforeAll(async () => {
  pages = await configureShop();
});

test('a visitor pays with 4242 on a block page, reaches the return page showing success, and the order appears once in wp-admin after duplicated webhooks', async ({
  page,
  browser,
}, testInfo) => {
  const site = e2eSite();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pages.tshirt!.url);
  // The page source carries the element and the endpoint, never a secret.
  const html = await page.content();
  expect(html).toContain('<stripe-checkout session-endpoint="');
  expect(html).not.toContain(site.emulator.secretKey);
  expect(html).not.toContain(site.webhookSecret);

  const checkout = new Checkout(page, 'stripe-checkout');
  await checkout.expectState('ready');
  await expect(checkout.root.locator('[part="total"]')).toContainText('50.00');
  await checkout.fill(cards.success);
  const sessionId = await checkout.sessionId();
  expect(sessionId).toMatch(/^cs_test_/);
  await checkout.pay();

  await page.waitForURL(/\/thanks\/\?session_id=cs_test_/);
  await expect(page.locator('stripe-checkout-status')).toHaveAttribute('state', 'succeeded', {
    timeout: 30_000,
  });
  // The return page loads the status element's own file, not the checkout's.
  await expect(
    page.locator('script[type="module"][src*="checkout-element/assets/js/stripe-checkout-status.js"]'),
  ).toHaveCount(1);
  await expect(page.locator('script[src*="checkout-element/assets/js/stripe-checkout.js"]')).toHaveCount(0);
  await expect(page.getByText('Thanks for shopping with us.')).toBeVisible();

  // Stripe (the emulator) delivers checkout.session.completed three times; every delivery is accepted…
  await expect
    .poll(async () =>
      (await deliveriesFor(sessionId!, 'checkout.session.completed')).map((delivery) => delivery.state),
    )
    .toEqual(['succeeded', 'succeeded', 'succeeded']);
  // …and the order is listed once.
  const admin = await logIn(browser, site.admin);
  await admin.goto(`${site.url}/wp-admin/admin.php?page=checkout-element-orders`);
  const rows = admin.locator(`tr[data-session-id="${sessionId}"]`);
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('buyer@example.com');
  await expect(rows).toContainText('Emulator T-shirt × 2');
  await expect(rows).toContainText('50.00 USD');
  await saveScreenshot(admin.locator('#wpbody-content'), testInfo, 'wordpress-orders');
  expect(errors).toEqual([]);
});

test("a declined card shows Stripe's message, then another card pays (shortcode page)", async ({ page }) => {
  await page.goto(pages.mug!.url);
  const checkout = new Checkout(page, 'stripe-checkout');
  await checkout.expectState('ready');
  await expect(checkout.root).toHaveAttribute('theme', 'flat');
  await checkout.fill(cards.declined);
  const sessionBefore = await checkout.sessionId();
  await checkout.pay();
  await expect(checkout.root.getByText('Your card was declined.').first()).toBeVisible();
  await checkout.expectState('ready');
  await checkout.fillCard(cards.success);
  await checkout.pay();
  await checkout.expectState('complete');
  expect(await checkout.sessionId()).toBe(sessionBefore);
});

test.describe('under a theme with aggressive global CSS', () => {
  test.beforeAll(async () => {
    await configure({ theme: 'hostile-theme' });
  });
  test.afterAll(async () => {
    await configure({ theme: 'twentytwentythree' });
  });

  test('two blocks on one page both pay, the element script loaded once', async ({ page }) => {
    await page.goto(pages.bundle!.url);
    await expect(page.locator('link#hostile-theme-css')).toHaveCount(1);
    // One module script for the element, however many blocks.
    await expect(
      page.locator('script[type="module"][src*="checkout-element/assets/js/stripe-checkout.js"]'),
    ).toHaveCount(1);
    const [tshirt, mug] = [
      new Checkout(page, '.wp-block-checkout-element-checkout >> nth=0 >> stripe-checkout'),
      new Checkout(page, '.wp-block-checkout-element-checkout >> nth=1 >> stripe-checkout'),
    ];
    await tshirt.expectState('ready');
    await mug.expectState('ready');
    await expect(mug.root).toHaveAttribute('theme', 'night');
    // The theme's `iframe { width: 50% }` and resets do not shrink Stripe's frame (it spans its column: the element
    // when stacked, the form column beside the summary when the element is ≥ 720 px wide) or push the button out.
    for (const checkout of [tshirt, mug]) {
      const host = await checkout.root.boundingBox();
      const paymentFrame = checkout.root.locator('iframe[title="Secure payment input frame"]');
      const frame = await paymentFrame.boundingBox();
      const column = await paymentFrame.evaluate(
        (iframe) => iframe.closest('[slot]')?.getBoundingClientRect().width ?? -1,
      );
      expect(Math.abs((frame?.width ?? 0) - column)).toBeLessThanOrEqual(2);
      expect(column).toBeGreaterThan((host?.width ?? 0) * 0.4);
      const button = await checkout.root.locator('[part="pay-button"]').boundingBox();
      expect((button?.x ?? 0) + (button?.width ?? 0)).toBeLessThanOrEqual(
        (host?.x ?? 0) + (host?.width ?? 0) + 1,
      );
    }
    const ids = [await tshirt.sessionId(), await mug.sessionId()];
    expect(new Set(ids).size).toBe(2);
    await mug.fill(cards.success, 'mug@example.com');
    await mug.pay();
    await mug.expectState('complete');
    await tshirt.fill(cards.success, 'tshirt@example.com');
    await tshirt.pay();
    await tshirt.expectState('complete');
  });
});
