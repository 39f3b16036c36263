// The README's snippets name the companion server's endpoints; this runs them against a real `checkout-server`
// (the published CLI of @checkout-element/server, built by `pnpm build`) on the offline emulator, so the
// documentation cannot promise routes the server does not have.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Emulator, startEmulator } from '@checkout-element/emulator';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
const documentedHost = 'https://checkout.example.com';
const siteOrigin = 'https://your-site.example';

/** Every `session-endpoint="…"` / `status-endpoint="…"` in the README's HTML snippets. */
function endpoints(attribute: 'session-endpoint' | 'status-endpoint'): string[] {
  return [...readme.matchAll(new RegExp(`${attribute}="([^"]+)"`, 'g'))].map((match) => match[1]!);
}

function cliPath(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@checkout-element/server/package.json');
  const manifest = JSON.parse(require('node:fs').readFileSync(manifestPath, 'utf8')) as {
    bin: Record<string, string>;
  };
  return join(dirname(manifestPath), manifest.bin['checkout-server']!);
}

let emulator: Emulator;
let server: ChildProcess;
let serverUrl: string;
let directory: string;

before(async () => {
  emulator = await startEmulator({ port: 0 });
  directory = await mkdtemp(join(tmpdir(), 'cms-readme-'));
  server = spawn(process.execPath, [cliPath()], {
    env: {
      PATH: process.env.PATH ?? '',
      STRIPE_SECRET_KEY: emulator.secretKey,
      STRIPE_PUBLISHABLE_KEY: emulator.publishableKey,
      STRIPE_WEBHOOK_SECRET: 'whsec_readme_test_secret_value_0123456789',
      STRIPE_API_BASE: emulator.url,
      CHECKOUT_PRICES: 'price_demo_tshirt',
      CHECKOUT_RETURN_URL: `${siteOrigin}/thanks?session_id={CHECKOUT_SESSION_ID}`,
      ALLOWED_ORIGINS: siteOrigin,
      DATABASE_URL: join(directory, 'ledger.sqlite'),
      PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  serverUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`checkout-server did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /https?:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    server.stdout!.on('data', read);
    server.stderr!.on('data', read);
    server.once('exit', (code) => reject(new Error(`checkout-server exited with ${code}:\n${output}`)));
  });
});

after(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  await emulator?.stop();
  await rm(directory, { recursive: true, force: true });
});

test('the README documents at least one session and one status endpoint on the companion host', () => {
  assert.ok(endpoints('session-endpoint').length > 0, 'no session-endpoint in the README');
  assert.ok(endpoints('status-endpoint').length > 0, 'no status-endpoint in the README');
  for (const url of [...endpoints('session-endpoint'), ...endpoints('status-endpoint')]) {
    assert.ok(url.startsWith(documentedHost), `${url} should be on ${documentedHost}`);
  }
});

test("the README's session endpoint creates a session on checkout-server, and its status endpoint answers for it", async () => {
  for (const documented of endpoints('session-endpoint')) {
    const response = await fetch(documented.replace(documentedHost, serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: siteOrigin },
      body: JSON.stringify({ items: [{ price: 'price_demo_tshirt', quantity: 1 }] }),
    });
    const created = (await response.json()) as { sessionId?: string; clientSecret?: string };
    assert.equal(response.status, 200, `POST ${documented}: ${JSON.stringify(created)}`);
    assert.match(created.clientSecret ?? '', /^cs_test_.+_secret_.+$/);

    for (const statusEndpoint of endpoints('status-endpoint')) {
      const url = `${statusEndpoint.replace(documentedHost, serverUrl)}/${encodeURIComponent(created.sessionId!)}`;
      const status = await fetch(url, { headers: { origin: siteOrigin } });
      const body = (await status.json()) as { status?: string };
      assert.equal(status.status, 200, `GET ${statusEndpoint}/:id: ${JSON.stringify(body)}`);
      assert.equal(body.status, 'open');
    }
  }
});
