import { expect, test } from '@playwright/test';
import { type CheckoutDriver, clickSettled } from './support/checkout.js';
import { openStoreCheckout } from './support/store.js';

/** The session's total as the element shows it, in cents. */
async function totalCents(checkout: CheckoutDriver): Promise<number> {
  const text = ((await checkout.total.textContent()) ?? '').replace(/[^\d.]/g, '');
  return Math.round(Number(text) * 100);
}

async function expectTotalToChange(checkout: CheckoutDriver, from: number): Promise<number> {
  await expect.poll(() => totalCents(checkout)).not.toBe(from);
  return totalCents(checkout);
}

test('a promotion code lowers the total, an invalid one is refused, and a code can be removed', async ({
  page,
}) => {
  const checkout = await openStoreCheckout(page);
  const field = checkout.root.getByLabel('Promotion code');
  const before = await totalCents(checkout);

  await field.fill('NOPE');
  await clickSettled(checkout.root.getByRole('button', { name: 'Apply' }));
  await expect(checkout.root.getByText('This code is invalid.')).toBeVisible();
  expect(await totalCents(checkout)).toBe(before);

  await field.fill('SAVE10');
  await clickSettled(checkout.root.getByRole('button', { name: 'Apply' }));
  const discounted = await expectTotalToChange(checkout, before);
  expect(discounted).toBeLessThan(before);
  await expect(checkout.root.locator('[part="discount"]')).toBeVisible();

  await clickSettled(checkout.root.getByRole('button', { name: /^Remove/ }));
  await expect.poll(() => totalCents(checkout)).toBe(before);
});

test('changing a quantity updates the total', async ({ page }) => {
  const checkout = await openStoreCheckout(page);
  const before = await totalCents(checkout);
  const quantity = checkout.root.getByLabel('Quantity for Emulator T-shirt');
  await quantity.fill('3');
  await quantity.press('Enter');
  await quantity.blur();
  // The T-shirt is $25.00: two more add $50.00.
  await expect.poll(() => totalCents(checkout)).toBe(before + 5000);
});

test('choosing another shipping option updates the total', async ({ page }) => {
  const checkout = await openStoreCheckout(page);
  await checkout.fillShippingAddress();
  const options = checkout.root.locator('[part="shipping-options"]');
  await expect(options).toBeVisible();
  await clickSettled(options.getByLabel(/Standard shipping/));
  await expect(options.getByLabel(/Standard shipping/)).toBeChecked();
  const standard = await totalCents(checkout);
  await clickSettled(options.getByLabel(/Express shipping/));
  // Express costs $15.00, standard $5.00.
  await expect.poll(() => totalCents(checkout)).toBe(standard + 1000);
});
