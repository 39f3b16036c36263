import { expect, test } from '@playwright/test';
import { Checkout, cards } from './support/checkout.js';
import { configureShop, e2eSite, logIn, saveScreenshot } from './support/site.js';

test.beforeAll(async () => {
  await configureShop();
});

test('an editor inserts the block in the block editor, picks a price, publishes, and the published page pays', async ({
  browser,
}, testInfo) => {
  const site = e2eSite();
  const page = await logIn(browser, site.editor);
  await page.goto(`${site.url}/wp-admin/post-new.php?post_type=page`);
  await page.getByRole('textbox', { name: 'Add title' }).fill('Spring sale');
  await page.getByRole('button', { name: 'Toggle block inserter' }).click();
  await page.getByPlaceholder('Search').fill('Stripe Checkout');
  await page.getByRole('option', { name: 'Stripe Checkout' }).click();
  const block = page.locator('[data-type="checkout-element/checkout"]');
  await expect(block).toContainText('Choose a price in the block settings.');
  await page.getByRole('button', { name: 'Toggle block inserter' }).click();
  const settings = page.getByRole('button', { name: 'Settings', exact: true });
  if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();

  // The sidebar lists only the allowlisted prices, with their names and amounts from Stripe.
  const price = page.getByLabel('Price');
  await expect(price.locator('option')).toHaveText([
    'Choose a price…',
    'Emulator T-shirt — 25.00 USD',
    'Emulator Mug — 12.00 USD',
  ]);
  await price.selectOption({ label: 'Emulator Mug — 12.00 USD' });
  await page.getByLabel('Quantity').fill('3');
  await expect(block).toContainText('Emulator Mug × 3 — 12.00 USD each.');
  await block.click();
  await saveScreenshot(page, testInfo, 'wordpress-block-editor');

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page
    .getByRole('region', { name: 'Editor publish' })
    .getByRole('button', { name: 'Publish', exact: true })
    .click();
  await expect(page.getByText('Spring sale is now live.')).toBeVisible();
  const published = await page
    .getByRole('region', { name: 'Editor publish' })
    .getByRole('link', { name: 'View Page' })
    .first()
    .getAttribute('href');

  const buyer = await browser.newPage();
  await buyer.goto(published!);
  const checkout = new Checkout(buyer, 'stripe-checkout');
  await checkout.expectState('ready');
  await expect(checkout.root.locator('[part="total"]')).toContainText('36.00');
  await checkout.fill(cards.success);
  await checkout.pay();
  await checkout.expectState('complete');
});
