import { expect, test } from '@playwright/test';
import { cards, clickSettled, threeDSecure } from './support/checkout.js';
import { EmulatorControl } from './support/emulator.js';
import { openStoreCheckout, storeOrders } from './support/store.js';

test('a 4242 card pays inline, and the order is fulfilled once after both the webhook and the return page', async ({
  page,
  request,
  baseURL,
}) => {
  const emulator = await EmulatorControl.of(request, baseURL!);
  const checkout = await openStoreCheckout(page);
  await expect(page.getByText('Offline test mode — no real payments.')).toBeVisible();
  await checkout.fillBuyer(cards.success);
  const completed = checkout.completion();
  await checkout.pay();
  const sessionId = await completed;
  await checkout.expectState('complete');
  await expect(checkout.complete).toBeVisible();
  await expect(page.getByText('Your order appears on the orders page')).toBeVisible();

  // The webhook reached the companion server and was accepted…
  await expect
    .poll(async () =>
      (await emulator.deliveriesFor(sessionId, 'checkout.session.completed')).map(
        (delivery) => delivery.state,
      ),
    )
    .toContain('succeeded');
  // …and the buyer's return-page lookup runs too: the order is still fulfilled exactly once.
  await page.goto(`/return?session_id=${sessionId}`);
  await expect(page.locator('stripe-checkout-status')).toHaveAttribute('state', 'succeeded');
  // The return page's own bundle, without the checkout's.
  const scripts = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
  );
  expect(scripts).toContain('/assets/stripe-checkout-status.js');
  expect(scripts).not.toContain('/assets/stripe-checkout.js');
  const orders = await storeOrders(page);
  expect(orders.filter((order) => order.sessionId === sessionId)).toEqual([
    expect.objectContaining({ sessionId, mode: 'payment', fulfilments: 1 }),
  ]);
  await page.goto('/orders');
  await expect(page.locator(`tr[data-session-id="${sessionId}"]`)).toContainText('payment');
});

for (const [name, number, message] of [
  ['a declined card (…0002)', cards.declined, 'Your card was declined.'],
  ['insufficient funds (…9995)', cards.insufficientFunds, 'Your card has insufficient funds.'],
] as const) {
  test(`${name} shows Stripe's message, then another card pays in the same session`, async ({ page }) => {
    const checkout = await openStoreCheckout(page);
    await checkout.fillBuyer(number);
    const sessionBefore = await checkout.sessionField('id');
    await checkout.pay();
    await expect(page.locator('stripe-checkout').getByText(message).first()).toBeVisible();
    await checkout.expectState('ready');

    await checkout.fillCard(cards.success);
    const completed = checkout.completion();
    await checkout.pay();
    expect(await completed).toBe(sessionBefore);
    await checkout.expectState('complete');
  });
}

test('3D Secure: a completed challenge pays', async ({ page }) => {
  const checkout = await openStoreCheckout(page);
  await checkout.fillBuyer(cards.threeDSecure);
  await checkout.pay();
  await clickSettled(threeDSecure(page).getByRole('button', { name: /complete/i }));
  await checkout.expectState('complete');
});

test('3D Secure: a failed challenge shows an error, and the buyer can pay again', async ({ page }) => {
  const checkout = await openStoreCheckout(page);
  await checkout.fillBuyer(cards.threeDSecure);
  await checkout.pay();
  await clickSettled(threeDSecure(page).getByRole('button', { name: /fail/i }));
  await expect(checkout.error).not.toBeEmpty();
  await checkout.expectState('ready');
  await checkout.fillCard(cards.success);
  await checkout.pay();
  await checkout.expectState('complete');
});

test('redirect="always" lands on the return page, which shows success', async ({ page }) => {
  const checkout = await openStoreCheckout(page, { query: '?redirect=always' });
  await expect(checkout.root).toHaveAttribute('redirect', 'always');
  await checkout.fillBuyer(cards.success);
  await checkout.pay();
  await page.waitForURL(/\/return\?session_id=cs_/);
  await expect(page.locator('stripe-checkout-status')).toHaveAttribute('state', 'succeeded');
});
