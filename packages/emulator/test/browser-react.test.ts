// Stripe's own React binding on the emulator: @stripe/react-stripe-js 7's CheckoutElementsProvider, its
// PaymentElement and BillingAddressElement, and useCheckout(), against the endive stand-in, paying with 4242.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { clientSecretOf, type Harness, startHarness } from './browser-harness.js';

let harness: Harness;
let server: Server;
let origin: string;
let appScript: string;

before(async () => {
  harness = await startHarness();
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./react-app/checkout-app.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  });
  appScript = bundle.outputFiles[0]!.text;
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/app.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(appScript);
      return;
    }
    const config = {
      publishableKey: harness.publishableKey,
      clientSecret: url.searchParams.get('secret') ?? '',
    };
    response.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>React checkout</title>
<script src="${harness.emulatorUrl}/endive/stripe.js"></script>
<script>window.checkoutConfig = ${JSON.stringify(config)};</script>
</head><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await harness?.close();
});

describe('@stripe/react-stripe-js on the emulator', () => {
  it('renders CheckoutElementsProvider, PaymentElement, BillingAddressElement and useCheckout(), and pays with 4242', async () => {
    const session = await harness.createSession('endive');
    const context = await harness.browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    await page.goto(`${origin}/?secret=${encodeURIComponent(clientSecretOf(session))}`);

    await page.getByRole('button', { name: 'Pay $20.00' }).waitFor();
    assert.equal(await page.getByTestId('email').textContent(), 'buyer@example.com');
    assert.deepEqual(await page.evaluate(() => window.reactChecks), {
      createPaymentElement: 'function',
      changeAppearance: 'function',
      loadFonts: 'function',
      confirm: 'function',
      currency: 'usd',
    });
    const card = page.frameLocator('#payment iframe');
    await card.getByLabel('Card number').fill('4242 4242 4242 4242');
    await card.getByLabel('Expiration date').fill('12 / 34');
    await card.getByLabel('Security code').fill('123');
    await card.getByLabel('Postal code').fill('10001');
    const billing = page.frameLocator('#billing iframe');
    await billing.getByLabel('Full name').fill('Grace Hopper');
    await billing.getByLabel('Address line 1').fill('1 Navy Way');
    await billing.getByLabel('City').fill('Arlington');
    await billing.getByLabel('State or province').fill('VA');
    await billing.getByLabel('Postal code').fill('22202');
    await page.getByRole('button', { name: 'Pay $20.00' }).click();
    await page.getByRole('status').filter({ hasText: 'Paid $20.00' }).waitFor();

    const completed = await harness.stripe.checkout.sessions.retrieve(session.id);
    assert.equal(completed.status, 'complete');
    assert.equal(completed.payment_status, 'paid');
    assert.equal(completed.customer_details?.name, 'Grace Hopper');
    const registered = await page.evaluate(() =>
      (window as unknown as { __stripeEmulator: { appInfo(): Array<{ name: string }> } }).__stripeEmulator
        .appInfo()
        .map((entry) => entry.name),
    );
    assert.ok(registered.includes('react-stripe-js'), 'react-stripe-js registered itself with the stand-in');
    assert.deepEqual(problems, [], 'no page errors, no stripe-js version warning');
    await context.close();
  });
});
