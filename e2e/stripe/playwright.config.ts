import { chromiumLaunchOptions } from '@checkout-element/test-browser';
import { defineConfig } from '@playwright/test';

// Run by `pnpm test:stripe` (stripe/run.ts), which sets the keys, the webhook secret and the prices it created:
// the store runs on the real Stripe test-mode account, and its pages load Stripe.js from js.stripe.com.
const port = Number(process.env.STORE_PORT ?? 3500);

export default defineConfig({
  testDir: './specs',
  outputDir: '../artifacts/stripe-results',
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'pnpm --filter @checkout-element/example-store start',
    url: `http://127.0.0.1:${port}/`,
    env: { PORT: String(port) },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
