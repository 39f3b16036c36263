import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { createBrowserRouter } from '../src/browser/routes.js';

let server: Server;
let base: string;

before(async () => {
  const app = express();
  app.use(createBrowserRouter());
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the browser router', () => {
  it('serves each train at Stripe paths with the right SDK generation, CORS open', async () => {
    for (const [train, method] of [
      ['clover', 'initCheckout'],
      ['dahlia', 'initCheckoutElementsSdk'],
      ['endive', 'initCheckoutElementsSdk'],
      ['v3', 'initCheckoutElementsSdk'],
    ] as const) {
      const response = await fetch(`${base}/${train}/stripe.js`);
      assert.equal(response.status, 200, train);
      assert.match(response.headers.get('content-type') ?? '', /javascript/);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      const script = await response.text();
      assert.ok(script.includes(`instance.${method} =`), `${train} defines ${method}`);
      assert.ok(script.includes(JSON.stringify(train)), `${train} is baked into its bundle`);
    }
  });

  it('serves the iframe pages and their script, and 404s an unknown element', async () => {
    const page = await fetch(`${base}/elements/payment?channel=x&parentOrigin=http%3A%2F%2Flocalhost`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<body data-element="payment">/);
    // The script is named by its fingerprint, and that URL may be cached (stripe/stripe-js#100): the iframes of
    // one checkout download it once. Any other URL of it is revalidated.
    const version = /<script src="frame\.js\?v=([0-9a-f]{12})"><\/script>/.exec(html)?.[1];
    assert.ok(version, html);
    const script = await fetch(`${base}/elements/frame.js?v=${version}`);
    assert.equal(script.status, 200);
    assert.equal(script.headers.get('cache-control'), 'public, max-age=300');
    const text = await script.text();
    assert.match(text, /Card number/);
    assert.equal(createHash('sha256').update(text).digest('hex').slice(0, 12), version);
    const unversioned = await fetch(`${base}/elements/frame.js`);
    assert.equal(unversioned.headers.get('cache-control'), 'no-cache');
    assert.equal(await unversioned.text(), text);
    const stale = await fetch(`${base}/elements/frame.js?v=000000000000`);
    assert.equal(stale.headers.get('cache-control'), 'no-cache');
    assert.equal((await fetch(`${base}/elements/nonsense`)).status, 404);
  });

  it('answers basil (@stripe/stripe-js 7) with a script that names what to load instead', async () => {
    const response = await fetch(`${base}/basil/stripe.js`);
    assert.equal(response.status, 404);
    assert.match(
      await response.text(),
      /basil \(@stripe\/stripe-js 7\) is not emulated .*\/clover\/stripe\.js/,
    );
  });
});
