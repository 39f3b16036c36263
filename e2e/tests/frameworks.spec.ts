import { expect, test } from '@playwright/test';
import { CheckoutDriver, cards } from './support/checkout.js';
import { exampleUrl } from './support/examples.js';
import { watchPageHealth } from './support/page-health.js';

const apps = [
  { name: 'React 19', url: exampleUrl('E2E_REACT_URL') },
  { name: 'Vue 3', url: exampleUrl('E2E_VUE_URL') },
];

for (const app of apps) {
  test(`the ${app.name} app completes a payment, with properties and events wired by the framework`, async ({
    page,
  }) => {
    const health = await watchPageHealth(page);
    await page.goto(app.url);
    const checkout = new CheckoutDriver(page);
    await checkout.expectState('ready');
    await expect(page.getByTestId('checkout-state')).toHaveText('ready');

    // The framework passes a new `items` array: the element starts a new session with both products.
    await page.getByLabel('Emulator Mug').fill('2');
    await expect(checkout.root.getByText('Emulator Mug')).toBeVisible();
    await checkout.expectState('ready');

    await checkout.fillBuyer(cards.success);
    await checkout.pay();
    await checkout.expectState('complete');
    await expect(page.getByTestId('checkout-state')).toHaveText('complete');
    await expect(page.getByRole('status').filter({ hasText: 'paid' })).toContainText('$49.00');
    expect(await health.problems()).toEqual([]);
  });
}
