import { chromiumLaunchOptions } from '@checkout-element/test-browser';
import { defineConfig } from '@playwright/test';

// Each example runs as its users would start it (`pnpm start`), offline on its own in-process emulator. The
// store exposes its emulator's test controls at GET /__emulator (STORE_EXPOSE_EMULATOR=1) so tests can advance
// the clock, inject faults and read webhook deliveries.
const storePort = Number(process.env.E2E_STORE_PORT ?? 3100);
const cmsPort = 3200;
const reactPort = 3300;
const vuePort = 3400;

// E2E_SERVERS=store,cms-embed starts only those examples (for running one spec file while working on it).
const only = process.env.E2E_SERVERS?.split(',').map((name) => name.trim());

const example = (name: string, port: number, env: Record<string, string> = {}) => ({
  command: `pnpm --filter @checkout-element/example-${name} start`,
  url: `http://127.0.0.1:${port}/`,
  env: { PORT: String(port), ...env },
  reuseExistingServer: false,
  timeout: 180_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
});

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { outputFolder: './artifacts/report', open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${storePort}`,
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: [
    example('store', storePort, { STORE_EXPOSE_EMULATOR: '1' }),
    example('cms-embed', cmsPort),
    example('react', reactPort),
    example('vue', vuePort),
  ].filter((server) => !only || only.some((name) => server.command.includes(`example-${name} `))),
});
