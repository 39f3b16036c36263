import { expect, test } from '@playwright/test';
import { configureShop, e2eSite, logIn, saveScreenshot } from './support/site.js';

test.beforeAll(async () => {
  await configureShop();
});

test('the settings page refuses a live key on a test setup and a malformed key, keeps the working keys, and tests the connection', async ({
  browser,
}, testInfo) => {
  const site = e2eSite();
  const page = await logIn(browser, site.admin);
  await page.goto(`${site.url}/wp-admin/options-general.php?page=checkout-element`);
  // Saved secrets are never printed back.
  const html = await page.content();
  expect(html).not.toContain(site.emulator.secretKey);
  expect(html).not.toContain(site.webhookSecret);
  await expect(page.locator('table.checkout-element-prices')).toContainText('Emulator T-shirt');
  await expect(page.locator('table.checkout-element-prices')).toContainText('25.00 USD');
  await saveScreenshot(page.locator('#wpbody-content'), testInfo, 'wordpress-settings');

  await page.getByLabel('Secret key').fill('sk_live_51LiveKeyOnATestSite000');
  await page.getByRole('button', { name: 'Save Changes' }).click();
  await expect(
    page
      .locator('.notice-error, .error')
      .filter({ hasText: 'This is a live key, but the plugin is in test mode' }),
  ).toBeVisible();
  await expect(page.getByText('Settings saved.')).toHaveCount(0);

  await page.getByLabel('Publishable key').fill('pk_test_has spaces');
  await page.getByLabel('Webhook signing secret').fill('not-a-webhook-secret');
  await page.getByRole('button', { name: 'Save Changes' }).click();
  await expect(page.getByText('Publishable key: The key contains spaces')).toBeVisible();
  await expect(
    page.getByText('Webhook signing secret: A webhook signing secret starts with whsec_'),
  ).toBeVisible();
  // The previous, working values were kept: the connection test passes and the shop still sells.
  await expect(page.getByLabel('Publishable key')).toHaveValue(site.emulator.publishableKey);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('Connected to Stripe in test mode: the secret key works.')).toBeVisible();
  const answer = await page.request.post(`${site.url}/wp-json/checkout-element/v1/sessions`, {
    data: { items: [{ price: 'price_demo_tshirt', quantity: 1 }] },
    headers: { 'Content-Type': 'application/json' },
  });
  expect(answer.status()).toBe(200);

  // A price Stripe does not know is refused by name.
  await page
    .getByLabel('Prices for sale')
    .fill('price_demo_tshirt:1-5\nprice_demo_mug\nprice_nobody_sells_this');
  await page.getByRole('button', { name: 'Save Changes' }).click();
  await expect(page.getByText('Stripe does not know price_nobody_sells_this')).toBeVisible();
  await expect(page.locator('table.checkout-element-prices tbody tr')).toHaveCount(2);
});

for (const role of ['editor', 'subscriber'] as const) {
  test(`the settings page and the orders screen refuse a user who is not an administrator (${role})`, async ({
    browser,
  }) => {
    const site = e2eSite();
    const page = await logIn(browser, site[role]);
    for (const path of [
      'options-general.php?page=checkout-element',
      'admin.php?page=checkout-element-orders',
    ]) {
      const response = await page.goto(`${site.url}/wp-admin/${path}`);
      expect(response?.status()).toBe(403);
      await expect(page.getByText('Sorry, you are not allowed to access this page.')).toBeVisible();
    }
    // Posting the settings form directly is refused too, and changes nothing.
    const nonceless = await page.request.post(`${site.url}/wp-admin/options.php`, {
      form: {
        option_page: 'checkout-element',
        action: 'update',
        'checkout_element_settings[form]': '1',
        'checkout_element_settings[publishable_key]': 'pk_test_attacker0000',
      },
    });
    expect(nonceless.status()).toBeGreaterThanOrEqual(400);
    const admin = await logIn(browser, site.admin);
    await admin.goto(`${site.url}/wp-admin/options-general.php?page=checkout-element`);
    await expect(admin.getByLabel('Publishable key')).toHaveValue(site.emulator.publishableKey);
  });
}
