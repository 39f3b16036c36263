import { expect, type Page } from '@playwright/test';
import { CheckoutDriver } from './checkout.js';

export interface StoreOrder {
  readonly sessionId: string;
  readonly mode: string | null;
  readonly amountTotal: number | null;
  readonly fulfilments: number;
}

/** Puts products in the store's cart and opens its checkout; resolves when the element is ready to pay. */
export async function openStoreCheckout(
  page: Page,
  options: { readonly products?: readonly string[]; readonly query?: string } = {},
): Promise<CheckoutDriver> {
  await page.goto(`/${options.query ?? ''}`);
  for (const product of options.products ?? ['Emulator T-shirt']) {
    await page.getByRole('button', { name: `Add ${product} to cart` }).click();
  }
  await page.getByRole('button', { name: 'Checkout', exact: true }).click();
  const checkout = new CheckoutDriver(page, '#checkout-host stripe-checkout');
  await checkout.expectState('ready');
  return checkout;
}

export async function storeOrders(page: Page): Promise<StoreOrder[]> {
  const response = await page.request.get('/api/store/orders');
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { orders: StoreOrder[] }).orders;
}
