import { expect, test } from '@playwright/test';
import { CheckoutDriver, cards, clickSettled } from './support/checkout.js';
import { exampleUrl } from './support/examples.js';
import { watchPageHealth } from './support/page-health.js';
import { saveScreenshot } from './support/screenshots.js';

const cmsUrl = exampleUrl('E2E_CMS_URL');

test('both embedded checkouts pay on a cross-origin CMS page under a strict CSP, with hostile CSS, a builder block re-inserted and the script included twice', async ({
  page,
}, testInfo) => {
  const health = await watchPageHealth(page);
  await page.setViewportSize({ width: 1100, height: 2000 });
  await page.goto(cmsUrl);

  // The policy is really strict, and the companion server is really on another origin.
  const policy = (await page.request.get(cmsUrl)).headers()['content-security-policy'] ?? '';
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain('unsafe-eval');
  const endpoint = await page.locator('#tshirt-checkout').getAttribute('session-endpoint');
  expect(new URL(endpoint!).origin).not.toBe(new URL(cmsUrl).origin);
  // Two copies of the bundle ran (two URLs), and the tag is defined once.
  const bundles = await page.evaluate(
    () =>
      performance.getEntriesByType('resource').filter((entry) => entry.name.includes('stripe-checkout.js'))
        .length,
  );
  expect(bundles).toBe(2);

  const tshirt = new CheckoutDriver(page, '#tshirt-checkout');
  const mug = new CheckoutDriver(page, '#mug-checkout');
  await tshirt.expectState('ready');
  await mug.expectState('ready');
  await tshirt.paymentFormShown();
  await mug.paymentFormShown();
  await saveScreenshot(page.locator('main'), testInfo, 'cms-embed');
  // The theme's `iframe { width: 50%; border: … }` does not shrink Stripe's frames: they span their column (the
  // whole element when stacked; the form column beside the summary when the element is ≥ 720 px wide, as here).
  for (const checkout of [tshirt, mug]) {
    const host = await checkout.root.boundingBox();
    const paymentFrame = page.locator(`${checkout.selector} iframe[title="Secure payment input frame"]`);
    const frame = await paymentFrame.boundingBox();
    const column = await paymentFrame.evaluate(
      (iframe) => iframe.closest('[slot]')?.getBoundingClientRect().width ?? -1,
    );
    expect(Math.abs((frame?.width ?? 0) - column)).toBeLessThanOrEqual(2);
    expect(column).toBeGreaterThan((host?.width ?? 0) * 0.4);
    // Nor do its resets leak into the element: the pay button stays inside it, its text is not centred, and
    // it fills its block instead of shrinking to its content in the theme's centred flex column.
    const button = await checkout.root.locator('[part~="pay-button"]').boundingBox();
    expect((button?.x ?? 0) + (button?.width ?? 0)).toBeLessThanOrEqual(
      (host?.x ?? 0) + (host?.width ?? 0) + 1,
    );
    await expect(checkout.root.locator('[part~="summary"]')).toHaveCSS('text-align', 'start');
    const parentWidth = await checkout.root.evaluate((element) => {
      const parent = element.parentElement as HTMLElement;
      const style = getComputedStyle(parent);
      return (
        parent.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight)
      );
    });
    expect(Math.abs((host?.width ?? 0) - parentWidth)).toBeLessThanOrEqual(2);
  }

  // The page builder removes the block and puts it back: the element tears down and comes back ready, once.
  await clickSettled(page.getByRole('button', { name: 'Remove block' }));
  await expect(mug.root).toHaveCount(0);
  await clickSettled(page.getByRole('button', { name: 'Insert block' }));
  await mug.expectState('ready');
  await expect(page.locator('#mug-checkout iframe[title="Secure payment input frame"]')).toHaveCount(1);

  await mug.fillBuyer(cards.success);
  await mug.pay();
  await mug.expectState('complete');
  await tshirt.fillBuyer(cards.success);
  await tshirt.pay();
  await tshirt.expectState('complete');

  // The thank-you page (the companion's return URL) loads the return page's own bundle, cross-origin under the same
  // policy, and not the checkout's.
  const sessionId = await tshirt.root.evaluate(
    (element) => (element as HTMLElement & { session: { id: string } | null }).session?.id,
  );
  expect(sessionId).toMatch(/^cs_test_/);
  await page.goto(new URL(`thanks.html?session_id=${sessionId}`, cmsUrl).href);
  await expect(page.locator('stripe-checkout-status')).toHaveAttribute('state', 'succeeded');
  const scripts = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
  );
  expect(scripts).toContain('/assets/stripe-checkout-status.js');
  expect(scripts).not.toContain('/assets/stripe-checkout.js');

  expect(await health.problems()).toEqual([]);
});
