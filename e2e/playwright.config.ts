import { chromiumLaunchOptions } from '@checkout-element/test-browser';
import { defineConfig } from '@playwright/test';

const storePort = Number(process.env.E2E_STORE_PORT ?? 3100);

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${storePort}`,
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'pnpm --filter @checkout-element/example-store start',
    url: `http://127.0.0.1:${storePort}/`,
    env: { PORT: String(storePort) },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
