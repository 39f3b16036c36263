import { expect, test } from '@playwright/test';
import { e2eSite, logIn } from './support/site.js';

test('the release zip installs through wp-admin → Plugins → Add New → Upload Plugin, and activates', async ({
  browser,
}) => {
  const site = e2eSite();
  const page = await logIn(browser, site.admin);
  await page.goto(`${site.url}/wp-admin/plugin-install.php?tab=upload`);
  await page.locator('#pluginzip').setInputFiles(site.zip);
  await page.getByRole('button', { name: 'Install Now' }).click();
  await expect(page.getByText('Plugin installed successfully.')).toBeVisible();
  await page.getByRole('link', { name: 'Activate Plugin' }).click();
  await expect(page.getByText('Plugin activated.')).toBeVisible();
  const row = page.locator('tr[data-slug="checkout-element"]');
  await expect(row).toHaveClass(/active/);
  await expect(row).toContainText('Checkout Element');
  await expect(row.getByRole('link', { name: 'Settings' })).toBeVisible();

  // The companion routes answer, in the protocol's JSON.
  const answer = await page.request.get(`${site.url}/wp-json/checkout-element/v1/no-such-route`);
  expect(answer.status()).toBe(404);
  expect(await answer.json()).toMatchObject({ error: { code: 'not_found', retryable: false } });
  // Activation created the orders table: the Orders screen lists nothing yet.
  await page.goto(`${site.url}/wp-admin/admin.php?page=checkout-element-orders`);
  await expect(page.getByText('No paid orders yet.')).toBeVisible();
});
