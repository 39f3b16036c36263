/// <reference types="node" />
// The README's screenshots: every state of <stripe-checkout> (loading, ready, processing, complete, error, expired)
// at 320 px and 1280 px wide, plus the stacked layout forced at 1280 px and a French checkout, taken in Chromium
// from the built standalone file against the Stripe emulator. Run with
// `pnpm --filter @checkout-element/element screenshots` (it builds dist/stripe-checkout.js first); writes
// docs/screenshots/*.png. Shared machines: run it under `flock /tmp/browser.lock`.
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@checkout-element/emulator';
import { chromiumLaunchOptions } from '@checkout-element/test-browser';
import { chromium, type Page } from 'playwright-core';
import Stripe from 'stripe';

const root = fileURLToPath(new URL('../', import.meta.url));
const outDir = join(root, 'docs/screenshots');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.html': 'text/html',
};

const emulator = await startEmulator();
const stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });

/** The page: the emulator's Stripe.js stand-in, the standalone file, one element (attributes from the query). */
function page(query: URLSearchParams): string {
  const attributes = [...query].filter(([name]) => name !== 'lang' && name !== 'hold');
  const element = `<stripe-checkout publishable-key="${emulator.publishableKey}" ${attributes
    .map(([name, value]) => `${name}="${value}"`)
    .join(' ')}></stripe-checkout>`;
  // `hold`: a client secret that never arrives, to show the loading state.
  const hold = query.has('hold')
    ? '<script>document.querySelector("stripe-checkout").fetchClientSecret = () => new Promise(() => {});</script>'
    : '';
  return `<!doctype html><html lang="${query.get('lang') ?? 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width"><title>stripe-checkout</title>
<script src="${emulator.url}/endive/stripe.js"></script>
<script type="module" src="/dist/stripe-checkout.js"></script>
<style>body { margin: 0; padding: 16px; background: #fff; }</style></head>
<body>${element}${hold}</body></html>`;
}

const server: Server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/page') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    return res.end(page(url.searchParams));
  }
  if (url.pathname.startsWith('/product-')) {
    const color = url.pathname.includes('blue') ? '#1f4e79' : '#c0392b';
    res.writeHead(200, { 'Content-Type': TYPES['.svg']! });
    return res.end(
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="6" fill="${color}"/><circle cx="24" cy="24" r="12" fill="#fff" opacity=".6"/></svg>`,
    );
  }
  const file = normalize(join(root, url.pathname));
  if (!file.startsWith(join(root, 'dist'))) return res.writeHead(404).end();
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

async function createSession(): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.create({
    ui_mode: 'elements',
    mode: 'payment',
    return_url: `${origin}/return?session_id={CHECKOUT_SESSION_ID}`,
    customer_email: 'buyer@example.com',
    allow_promotion_codes: true,
    line_items: [
      {
        price_data: {
          currency: 'usd',
          unit_amount: 12_900,
          product_data: {
            name: 'Stoneware dinner set for six, ocean blue',
            images: [`${origin}/product-blue.svg`],
          },
        },
        quantity: 1,
        adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 },
      },
      {
        price_data: {
          currency: 'usd',
          unit_amount: 900,
          product_data: { name: 'Gift card', images: [`${origin}/product-red.svg`] },
        },
        quantity: 2,
      },
    ],
  } as Stripe.Checkout.SessionCreateParams);
}

const state = (p: Page) => p.evaluate(() => document.querySelector('stripe-checkout')?.getAttribute('state'));
async function waitForState(p: Page, wanted: string): Promise<void> {
  await p.waitForFunction(
    (value) => document.querySelector('stripe-checkout')?.getAttribute('state') === value,
    wanted,
    { timeout: 20_000 },
  );
  // Two frames: the render that follows the state change is painted.
  await p.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

async function shoot(p: Page, name: string): Promise<void> {
  await p
    .locator('stripe-checkout')
    .screenshot({ path: join(outDir, `${name}.png`), animations: 'disabled' });
  console.log(`docs/screenshots/${name}.png (${await state(p)})`);
}

async function open(p: Page, query: Record<string, string>): Promise<void> {
  await p.goto(`${origin}/page?${new URLSearchParams(query)}`);
}

async function applyCode(p: Page, code: string): Promise<void> {
  const input = p.locator('stripe-checkout [part~="promotion-code"] input');
  if (!(await input.isVisible())) await p.locator('stripe-checkout [part~="summary-toggle"]').click();
  await input.fill(code);
  await input.press('Enter');
  await p.locator('stripe-checkout [part~="discount"]').waitFor();
}

async function fillCard(p: Page): Promise<void> {
  const mount = await p.evaluate(() => {
    const slot = document
      .querySelector('stripe-checkout')
      ?.shadowRoot?.querySelector('slot[name="stripe-payment"]');
    return (slot as HTMLSlotElement | null)?.assignedElements({ flatten: true })[0]?.id;
  });
  const card = p.frameLocator(`[id="${mount}"] iframe`);
  await card.getByLabel('Card number').fill('4242 4242 4242 4242');
  await card.getByLabel('Expiration date').fill('12 / 34');
  await card.getByLabel('Security code').fill('123');
  const postal = card.getByLabel('Postal code');
  if (await postal.count()) await postal.fill('94103');
}

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  for (const width of [320, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    const p = await context.newPage();

    await open(p, { hold: '1' });
    await waitForState(p, 'loading');
    await shoot(p, `${width}-loading`);

    const session = await createSession();
    await open(p, { 'client-secret': session.client_secret!, 'promotion-codes': '' });
    await waitForState(p, 'ready');
    await shoot(p, `${width}-ready`);
    await applyCode(p, 'SAVE10');
    await shoot(p, `${width}-ready-discount`);

    // Confirmation held for a moment at the emulator, to show the processing state.
    await fillCard(p);
    emulator.faults.latency('POST /v1/payment_pages/*/confirm', 3000);
    await p.locator('stripe-checkout [part~="pay-button"]').click();
    await waitForState(p, 'confirming');
    await shoot(p, `${width}-processing`);
    emulator.faults.latency('POST /v1/payment_pages/*/confirm', 0);
    await waitForState(p, 'complete');
    await shoot(p, `${width}-complete`);

    await open(p, { 'client-secret': 'cs_test_missing_secret_screenshot' });
    await waitForState(p, 'error');
    await shoot(p, `${width}-error`);

    const expiring = await createSession();
    await emulator.buyer.expire(expiring.id);
    await open(p, { 'client-secret': expiring.client_secret! });
    await waitForState(p, 'expired');
    await shoot(p, `${width}-expired`);

    if (width === 1280) {
      await open(p, { 'client-secret': (await createSession()).client_secret!, layout: 'stacked' });
      await waitForState(p, 'ready');
      await shoot(p, '1280-ready-stacked');
      await open(p, { 'client-secret': (await createSession()).client_secret!, locale: 'fr', lang: 'fr' });
      await waitForState(p, 'ready');
      await shoot(p, '1280-ready-fr');
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  await emulator.stop();
}
