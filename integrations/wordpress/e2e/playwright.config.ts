import { chromiumLaunchOptions } from '@checkout-element/test-browser';
import { defineConfig } from '@playwright/test';

// A real WordPress (Debian's package, MariaDB, `php -S`) and the Stripe emulator, started by global-setup.ts. The
// plugin is installed the way a site owner installs it: the `install` project uploads dist/checkout-element.zip in
// wp-admin; every other test runs on that installation.
export default defineConfig({
  testDir: '.',
  outputDir: '../artifacts/test-results',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['html', { outputFolder: '../artifacts/report', open: 'never' }]],
  use: {
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 1000 },
  },
  projects: [
    { name: 'install', testMatch: /install\.spec\.ts/ },
    { name: 'shop', testMatch: /(checkout|editor|settings)\.spec\.ts/, dependencies: ['install'] },
  ],
});
