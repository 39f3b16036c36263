import { expect, test } from '@playwright/test';
import { CheckoutDriver, cards } from './support/checkout.js';
import { storeOrders } from './support/store.js';

test('a membership subscription completes and is fulfilled', async ({ page }) => {
  await page.goto('/subscribe');
  const checkout = new CheckoutDriver(page, '#memberships stripe-checkout');
  await checkout.expectState('ready');
  await expect(checkout.payButton).toContainText(/Subscribe/i);
  await checkout.fillBuyer(cards.success);
  const completed = checkout.completion();
  await checkout.pay();
  const sessionId = await completed;
  await checkout.expectState('complete');
  await expect
    .poll(async () => (await storeOrders(page)).find((order) => order.sessionId === sessionId)?.mode)
    .toBe('subscription');
});

test('saving a card (setup mode) completes', async ({ page }) => {
  await page.goto('/save-card');
  const checkout = new CheckoutDriver(page);
  await checkout.expectState('ready');
  await expect(checkout.payButton).toContainText(/Save card/i);
  await checkout.fillBuyer(cards.success);
  await checkout.pay();
  await checkout.expectState('complete');
});
