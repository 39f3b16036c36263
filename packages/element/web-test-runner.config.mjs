// Browser tests: Chromium (system browser via @checkout-element/test-browser) against the Stripe emulator.
// Run through `pnpm test:browser`, which starts this under `node --conditions=source --import tsx` so the
// emulator and the test server load from their TypeScript sources without a prior build.
import { fileURLToPath } from 'node:url';
import { chromiumLaunchOptions } from '@checkout-element/test-browser';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { checkoutTestServer } from './test/server/checkout-test-server.ts';

const checkout = checkoutTestServer();

export default {
  middleware: [checkout.middleware],
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: chromiumLaunchOptions() })],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    checkout.plugin,
  ],
};
