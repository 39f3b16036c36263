import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { cards } from './support/checkout.js';
import { saveScreenshot } from './support/screenshots.js';
import { openStoreCheckout } from './support/store.js';

async function expectNoAxeViolations(page: Page): Promise<void> {
  // Stripe's iframes are Stripe's to audit (here they are the emulator's stand-ins, not what buyers see).
  const results = await new AxeBuilder({ page })
    .include('#checkout-section')
    .exclude('iframe[name^="__privateStripeFrame"]')
    .analyze();
  expect(
    results.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

test('the store checkout has no axe violations when ready, after an error, and when complete', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1100, height: 2200 });
  const checkout = await openStoreCheckout(page, { products: ['Emulator T-shirt', 'Emulator Mug'] });
  await checkout.paymentFormShown();
  await expectNoAxeViolations(page);
  await saveScreenshot(page.locator('main'), testInfo, 'store-ready');

  await checkout.fillBuyer(cards.declined);
  await checkout.pay();
  await expect(checkout.error).toContainText('declined');
  await expectNoAxeViolations(page);
  await saveScreenshot(page.locator('main'), testInfo, 'store-error');

  await checkout.fillCard(cards.success);
  await checkout.pay();
  await checkout.expectState('complete');
  await expectNoAxeViolations(page);
  await saveScreenshot(page.locator('main'), testInfo, 'store-complete');
});
