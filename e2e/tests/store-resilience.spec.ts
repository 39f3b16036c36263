import { expect, test } from '@playwright/test';
import { CheckoutDriver, cards, clickSettled } from './support/checkout.js';
import { EmulatorControl } from './support/emulator.js';
import { openStoreCheckout } from './support/store.js';

test.afterEach(async ({ request, baseURL }) => {
  await (await EmulatorControl.of(request, baseURL!)).clearFaults();
});

test('an expired session is shown, and the buyer can start a new one', async ({ page, request, baseURL }) => {
  const emulator = await EmulatorControl.of(request, baseURL!);
  const checkout = await openStoreCheckout(page);
  const first = await checkout.sessionField('id');
  await checkout.fillBuyer(cards.success);
  // The buyer walks away; Checkout Sessions live 24 hours. Back at the page, paying meets the expired session.
  await emulator.advanceClock(25 * 60 * 60);
  await checkout.pay();
  await checkout.expectState('expired');
  await expect(checkout.error).toContainText('expired');
  await checkout.root.getByRole('button', { name: 'Start a new session' }).click();
  await checkout.expectState('ready');
  const second = await checkout.sessionField('id');
  expect(second).not.toBe(first);
});

test('the companion server being unreachable shows a retryable error; retry succeeds once it is back', async ({
  page,
}) => {
  await page.route('**/api/checkout/sessions', (route) => route.abort('connectionrefused'));
  await page.goto('/');
  await page.getByRole('button', { name: 'Add Emulator T-shirt to cart' }).click();
  await page.getByRole('button', { name: 'Checkout', exact: true }).click();
  const checkout = new CheckoutDriver(page, '#checkout-host stripe-checkout');
  await checkout.expectState('error', 30_000);
  await expect(checkout.error).not.toBeEmpty();
  await expect(checkout.retryButton).toBeVisible();

  await page.unroute('**/api/checkout/sessions');
  await checkout.retryButton.click();
  await checkout.expectState('ready');
});

test('Stripe failing behind the companion server shows a retryable error; retry succeeds', async ({
  page,
  request,
  baseURL,
}) => {
  const emulator = await EmulatorControl.of(request, baseURL!);
  // More failures than the SDK's and the element's automatic retries together.
  await emulator.fault('POST /v1/checkout/sessions', '500', 50);
  await page.goto('/');
  await page.getByRole('button', { name: 'Add Emulator T-shirt to cart' }).click();
  await page.getByRole('button', { name: 'Checkout', exact: true }).click();
  const checkout = new CheckoutDriver(page, '#checkout-host stripe-checkout');
  await checkout.expectState('error', 45_000);
  await expect(checkout.retryButton).toBeVisible();

  await emulator.clearFaults();
  await checkout.retryButton.click();
  await checkout.expectState('ready');
});

test('a slow Stripe keeps the skeleton up, then the checkout becomes ready', async ({
  page,
  request,
  baseURL,
}) => {
  const emulator = await EmulatorControl.of(request, baseURL!);
  await emulator.latency('POST /v1/checkout/sessions', 1500);
  await page.goto('/');
  await page.getByRole('button', { name: 'Add Emulator T-shirt to cart' }).click();
  await page.getByRole('button', { name: 'Checkout', exact: true }).click();
  const checkout = new CheckoutDriver(page, '#checkout-host stripe-checkout');
  await expect(checkout.root.locator('[part="skeleton"]')).toBeVisible();
  await checkout.expectState('ready');
});

test('a double click on pay confirms once', async ({ page }) => {
  const checkout = await openStoreCheckout(page);
  await checkout.fillBuyer(cards.success);
  const confirms: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && /\/v1\/payment_pages\/[^/]+\/confirm$/.test(request.url())) {
      confirms.push(request.url());
    }
  });
  await expect(checkout.payButton).toBeEnabled();
  await clickSettled(checkout.payButton, 2);
  await checkout.expectState('complete');
  expect(confirms).toHaveLength(1);
});
