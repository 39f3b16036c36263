// The store's own pages as a buyer found them in issue 13: the Orders page lists what was bought and whole session
// ids, the cart panel keeps its distance from the banner, and at 390 px the navigation wraps between labels only.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { cards } from './support/checkout.js';
import { openStoreCheckout } from './support/store.js';

/** Every navigation link is drawn on one line (a label split over two lines has two client rects). */
async function navLinksOnOneLine(page: Page): Promise<Record<string, number>> {
  return page
    .locator('.site-header nav a')
    .evaluateAll((links) =>
      Object.fromEntries(links.map((link) => [link.textContent, link.getClientRects().length])),
    );
}

for (const width of [390, 1280]) {
  test(`at ${width} px the navigation wraps between labels and the cart panel clears the banner`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/');
    await expect(page.locator('#mode-banner')).toBeVisible();
    const lines = await navLinksOnOneLine(page);
    expect(Object.keys(lines)).toEqual(['Shop', 'Product page', 'Membership', 'Save a card', 'Orders']);
    for (const [label, rects] of Object.entries(lines)) expect(rects, `"${label}" on one line`).toBe(1);

    const banner = await page.locator('#mode-banner').boundingBox();
    const shop = await page.locator('.shop').boundingBox();
    expect(banner && shop).toBeTruthy();
    // At least 16 px between the banner and the products/cart below it (1.5rem in the stylesheet).
    expect(shop!.y - (banner!.y + banner!.height)).toBeGreaterThanOrEqual(16);
  });
}

test('the Orders page lists each order’s items and its whole session id, with a copy button', async ({
  page,
  context,
}) => {
  const checkout = await openStoreCheckout(page, { products: ['Emulator T-shirt', 'Emulator Mug'] });
  await checkout.fillBuyer(cards.success);
  const completed = checkout.completion();
  await checkout.pay();
  const sessionId = await completed;
  await checkout.expectState('complete');

  // The webhook fulfils the order (no return page visit): the items come from Stripe, not from the event.
  const row = page.locator(`tr[data-session-id="${sessionId}"]`);
  await expect
    .poll(async () => {
      await page.goto('/orders');
      return row.count();
    })
    .toBe(1);
  await expect(row.locator('td').nth(3)).toHaveText(
    /1 × Emulator T-shirt.*1 × Emulator Mug|1 × Emulator Mug.*1 × Emulator T-shirt/,
  );
  await expect(row.locator('.session-id code')).toHaveText(sessionId);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await row.getByRole('button', { name: `Copy session id ${sessionId}` }).click();
  await expect(row.getByRole('button', { name: `Copy session id ${sessionId}` })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sessionId);
});

test('the product page has no axe violations around the checkout', async ({ page }) => {
  await page.goto('/product');
  await expect(page.locator('#checkout-host stripe-checkout')).toHaveAttribute('state', 'ready', {
    timeout: 20_000,
  });
  const results = await new AxeBuilder({ page })
    .include('main')
    .exclude('iframe[name^="__privateStripeFrame"]')
    .analyze();
  expect(
    results.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
});
