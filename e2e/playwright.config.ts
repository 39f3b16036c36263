import { execFileSync } from 'node:child_process';
import { chromiumLaunchOptions } from '@checkout-element/test-browser';
import { defineConfig } from '@playwright/test';

// Each example runs as its users would start it (`pnpm start`), offline on its own in-process emulator. The
// store exposes its emulator's test controls at GET /__emulator (STORE_EXPOSE_EMULATOR=1) so tests can advance
// the clock, inject faults and read webhook deliveries.

/** Ports the system has free now: `count` listeners on port 0, held together so the ports differ, then closed. */
function freePorts(count: number): number[] {
  // A child process, because the config must know its ports synchronously and `listen` is asynchronous.
  const script = `const net = require('node:net');
const servers = Array.from({ length: ${count} }, () => net.createServer());
Promise.all(servers.map((server) => new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => resolve(server.address().port));
}))).then((ports) => {
  process.stdout.write(ports.join(','));
  for (const server of servers) server.close();
});`;
  const ports = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).split(',').map(Number);
  if (ports.length !== count || !ports.every((port) => Number.isInteger(port) && port > 0)) {
    throw new Error(
      `e2e/playwright.config.ts: expected ${count} free ports from the probe, got "${ports.join(',')}"`,
    );
  }
  return ports;
}

interface ExamplePorts {
  store: number;
  /** Each of these examples serves its companion server on a second origin (`COMPANION_PORT`). */
  cms: { site: number; companion: number };
  react: { site: number; companion: number };
  vue: { site: number; companion: number };
}

/**
 * Free ports for the examples, not fixed ones that collide with whatever else the machine runs. Playwright loads
 * this file in the runner and again in every worker; the runner picks the ports and hands them to the workers
 * (which inherit its environment) in E2E_EXAMPLE_PORTS, so every process agrees. E2E_STORE_PORT pins the store.
 */
function examplePorts(): ExamplePorts {
  const picked = process.env.E2E_EXAMPLE_PORTS;
  if (picked) return JSON.parse(picked) as ExamplePorts;
  const [store = 0, cms = 0, cmsCompanion = 0, react = 0, reactCompanion = 0, vue = 0, vueCompanion = 0] =
    freePorts(7);
  const ports: ExamplePorts = {
    store: process.env.E2E_STORE_PORT ? Number(process.env.E2E_STORE_PORT) : store,
    cms: { site: cms, companion: cmsCompanion },
    react: { site: react, companion: reactCompanion },
    vue: { site: vue, companion: vueCompanion },
  };
  process.env.E2E_EXAMPLE_PORTS = JSON.stringify(ports);
  return ports;
}

const ports = examplePorts();
// The specs open these; set them to test an example that already runs elsewhere.
process.env.E2E_CMS_URL ??= `http://127.0.0.1:${ports.cms.site}/`;
process.env.E2E_REACT_URL ??= `http://127.0.0.1:${ports.react.site}/`;
process.env.E2E_VUE_URL ??= `http://127.0.0.1:${ports.vue.site}/`;

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
    baseURL: `http://127.0.0.1:${ports.store}`,
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: [
    example('store', ports.store, { STORE_EXPOSE_EMULATOR: '1' }),
    example('cms-embed', ports.cms.site, { COMPANION_PORT: String(ports.cms.companion) }),
    example('react', ports.react.site, { COMPANION_PORT: String(ports.react.companion) }),
    example('vue', ports.vue.site, { COMPANION_PORT: String(ports.vue.companion) }),
  ].filter((server) => !only || only.some((name) => server.command.includes(`example-${name} `))),
});
