import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import Stripe from 'stripe';
import { DEFAULT_SECRET_KEY } from '../src/index.js';
import { startReceiver } from './helpers.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

/** Collects stdout until `pattern` shows up (bounded). */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in output: ${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    child.once('exit', () => reject(new Error(`exited early: ${output}`)));
  });
}

describe('stripe-emulator CLI', () => {
  it('prints the URL and keys, serves the SDK, and exits cleanly on SIGTERM', async () => {
    const child = run(['--port', '0']);
    const output = await waitForOutput(child, /publishable key: \S+/);
    const url = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
    assert.ok(url, output);
    assert.ok(output.includes(DEFAULT_SECRET_KEY));
    const stripe = new Stripe(DEFAULT_SECRET_KEY, {
      host: '127.0.0.1',
      port: Number(url[2]),
      protocol: 'http',
    });
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price: 'price_demo_tshirt', quantity: 1 }],
      success_url: 'https://shop.example/done',
    });
    assert.equal((await stripe.checkout.sessions.retrieve(session.id)).id, session.id);
    assert.equal((await stripe.checkout.sessions.expire(session.id)).status, 'expired');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  it('prints usage for --help and rejects unknown flags', async () => {
    const help = run(['--help']);
    const output = await waitForOutput(help, /--webhook-secret/);
    assert.match(output, /--port <port>.*12111/);
    const bad = run(['--prot', '1']);
    let stderr = '';
    bad.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(bad, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /--prot/);
  });

  it('sends --webhook-url events at --webhook-api-version, and refuses a malformed version', async () => {
    const receiver = await startReceiver();
    const child = run([
      '--port',
      '0',
      '--webhook-url',
      receiver.url,
      '--webhook-secret',
      'whsec_cli_test',
      '--webhook-api-version',
      '2025-09-30.clover',
    ]);
    const output = await waitForOutput(child, /publishable key: \S+/);
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    const stripe = new Stripe(DEFAULT_SECRET_KEY, { host: '127.0.0.1', port, protocol: 'http' });
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price: 'price_demo_tshirt', quantity: 1 }],
      success_url: 'https://shop.example/done',
    });
    await stripe.checkout.sessions.expire(session.id);
    await receiver.waitFor(1);
    const event = new Stripe('sk_test_unused').webhooks.constructEvent(
      receiver.received[0]!.body,
      receiver.received[0]!.signature,
      'whsec_cli_test',
    );
    assert.equal(event.api_version, '2025-09-30.clover');
    assert.equal((event.data.object as Stripe.Checkout.Session).ui_mode, 'hosted');
    child.kill('SIGTERM');
    await once(child, 'exit');
    await receiver.close();

    const bad = run(['--webhook-api-version', 'latest']);
    let stderr = '';
    bad.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(bad, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /--webhook-api-version must look like 2026-10-28\.endive/);
  });

  it('gives the account --preview and --terms-of-service-url, and refuses an unknown preview', async () => {
    const child = run([
      '--port',
      '0',
      '--preview',
      'elements_optional_items',
      '--terms-of-service-url',
      'https://shop.example/terms',
    ]);
    const output = await waitForOutput(child, /publishable key: \S+/);
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    const stripe = new Stripe(DEFAULT_SECRET_KEY, { host: '127.0.0.1', port, protocol: 'http' });
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      ui_mode: 'elements',
      return_url: 'https://shop.example/return',
      line_items: [{ price: 'price_demo_tshirt', quantity: 1 }],
      optional_items: [{ price: 'price_demo_mug', quantity: 1 }],
      consent_collection: { terms_of_service: 'required' },
    });
    const init = await fetch(`http://127.0.0.1:${port}/v1/payment_pages/${session.id}/init`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        key: /publishable key: (\S+)/.exec(output)?.[1],
        client_secret: session.client_secret,
      }),
    });
    assert.equal(
      ((await init.json()) as { terms_of_service_url: string }).terms_of_service_url,
      'https://shop.example/terms',
    );
    child.kill('SIGTERM');
    await once(child, 'exit');

    const bad = run(['--preview', 'everything']);
    let stderr = '';
    bad.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(bad, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /--preview must be one of elements_optional_items, received everything/);
  });
});
