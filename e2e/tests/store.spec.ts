import { expect, test } from '@playwright/test';

test('the demo store page loads', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/Checkout Element/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Checkout Element');
});
