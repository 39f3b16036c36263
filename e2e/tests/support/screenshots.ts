import { mkdir } from 'node:fs/promises';
import type { Page, TestInfo } from '@playwright/test';

const docsDir = new URL('../../../docs/', import.meta.url);

/**
 * Saves a screenshot as a test artifact; with E2E_UPDATE_DOCS=1 (`pnpm --filter @checkout-element/e2e
 * docs:screenshots`) it also writes docs/<name>.png, the images the root README shows.
 */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot({ fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { body, contentType: 'image/png' });
  if (process.env.E2E_UPDATE_DOCS === '1') {
    await mkdir(docsDir, { recursive: true });
    await page.screenshot({
      path: new URL(`${name}.png`, docsDir).pathname,
      fullPage: true,
      animations: 'disabled',
    });
  }
}
