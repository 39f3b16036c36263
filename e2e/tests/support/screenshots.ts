import { mkdir, writeFile } from 'node:fs/promises';
import type { Locator, TestInfo } from '@playwright/test';

const docsDir = new URL('../../../docs/', import.meta.url);

/**
 * Saves a screenshot of `target` as a test artifact; with E2E_UPDATE_DOCS=1 (`pnpm --filter
 * @checkout-element/e2e docs:screenshots`) it also writes docs/<name>.png, the images the root README shows.
 * Take it in a viewport tall enough to hold `target`: stitched captures misdraw Stripe's cross-origin iframes.
 */
export async function saveScreenshot(target: Locator, testInfo: TestInfo, name: string): Promise<void> {
  const body = await target.screenshot({ animations: 'disabled' });
  await testInfo.attach(name, { body, contentType: 'image/png' });
  if (process.env.E2E_UPDATE_DOCS === '1') {
    await mkdir(docsDir, { recursive: true });
    await writeFile(new URL(`${name}.png`, docsDir), body);
  }
}
