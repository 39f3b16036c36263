// The store's payment paths on real Stripe: the same driver as the offline suite, no emulator control. The product
// is the one `stripe/run.ts` created for this run; fulfilment is observed through the store's own orders API, which
// the webhook (forwarded by `stripe listen`) and the return page both feed.
import { expect, test } from '@playwright/test';
import { cards } from '../../tests/support/checkout.js';
import { openStoreCheckout, storeOrders } from '../../tests/support/store.js';

const product = process.env.CHECKOUT_TEST_PRODUCT_NAME ?? 'Checkout Element test T-shirt';

test('a 4242 card pays in Stripe’s own iframes, the return page says paid, and the order is fulfilled once', async ({
  page,
}) => {
  const checkout = await openStoreCheckout(page, { products: [product] });
  await checkout.fillBuyer(cards.success);
  const completed = checkout.completion();
  await checkout.pay();
  const sessionId = await completed;
  expect(sessionId).toMatch(/^cs_test_/);
  await checkout.expectState('complete');

  await page.goto(`/return?session_id=${sessionId}`);
  await expect(page.locator('stripe-checkout-status')).toHaveAttribute('state', 'succeeded');
  await expect
    .poll(async () => (await storeOrders(page)).filter((order) => order.sessionId === sessionId), {
      timeout: 60_000,
    })
    .toEqual([expect.objectContaining({ sessionId, fulfilments: 1 })]);
});

test('a declined card shows Stripe’s message, then 4242 pays in the same session', async ({ page }) => {
  const checkout = await openStoreCheckout(page, { products: [product] });
  await checkout.fillBuyer(cards.declined);
  const sessionBefore = await checkout.sessionField('id');
  await checkout.pay();
  await expect(page.locator('stripe-checkout').getByText('Your card was declined.').first()).toBeVisible();
  await checkout.expectState('ready');
  await checkout.fillCard(cards.success);
  const completed = checkout.completion();
  await checkout.pay();
  expect(await completed).toBe(sessionBefore);
  await checkout.expectState('complete');
});
