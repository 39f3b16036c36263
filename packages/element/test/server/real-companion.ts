/// <reference types="node" />
// The real companion server (`@checkout-element/server`'s fetch handler) under `/__checkout/real/`, against the same
// emulator: the element's update routes meet the shop's own implementation, not only the test server's. It sells the
// demo T-shirt, mug and stickers, collects a US shipping address, and prices it with a `shippingOptions` hook that
// refuses Alaska and Hawaii.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CATALOG, type Emulator } from '@checkout-element/emulator';
import { type CheckoutHandler, createCheckoutHandler, createCheckoutLogger } from '@checkout-element/server';
import { createSqliteLedger } from '@checkout-element/server/sqlite';

export const REAL_BASE = '/__checkout/real';

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: string;
  method: string;
  status: number;
  body: unknown;
  set(name: string, value: string): void;
  respond?: boolean;
}

export function realCompanion(emulator: () => Emulator | null) {
  let handler: CheckoutHandler | null = null;
  let directory: string | null = null;

  function handlerFor(origin: string): CheckoutHandler {
    const running = emulator();
    if (!running) throw new Error('the emulator is not running');
    if (handler) return handler;
    directory = mkdtempSync(join(tmpdir(), 'element-sdk-ledger-'));
    handler = createCheckoutHandler({
      secretKey: running.secretKey,
      apiBase: running.url,
      publishableKey: running.publishableKey,
      catalog: [
        { price: DEMO_CATALOG.prices.tshirt, maxQuantity: 10 },
        { price: DEMO_CATALOG.prices.mug, maxQuantity: 10 },
        { price: DEMO_CATALOG.prices.stickers, maxQuantity: 10 },
      ],
      returnUrl: `${origin}/__checkout/return?session_id={CHECKOUT_SESSION_ID}`,
      allowedOrigins: [origin],
      webhookSecret: 'whsec_element_browser_tests',
      ledger: createSqliteLedger(join(directory, 'ledger.sqlite')),
      sessionDefaults: { shipping_address_collection: { allowed_countries: ['US'] } },
      shippingOptions: (address) =>
        address.state === 'AK' || address.state === 'HI'
          ? { refused: 'We do not ship to Alaska or Hawaii.' }
          : [
              { displayName: 'Standard', amount: 500 },
              { displayName: 'Express', amount: 1500 },
            ],
      basePath: REAL_BASE,
      logger: createCheckoutLogger({ level: 'warn' }),
    });
    return handler;
  }

  /** Answers a request under REAL_BASE through the real handler; the test page's origin is the allowed one. */
  async function handle(ctx: Ctx): Promise<void> {
    const host = ctx.req.headers.host ?? 'localhost';
    const origin = `http://${host}`;
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(ctx.req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const request = new Request(`${origin}${ctx.url}`, {
      method: ctx.method,
      headers,
      ...(ctx.method === 'GET' || ctx.method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
    });
    const response = await handlerFor(origin)(request);
    ctx.status = response.status;
    response.headers.forEach((value, name) => {
      if (name !== 'content-length') ctx.set(name, value);
    });
    ctx.body = Buffer.from(await response.arrayBuffer());
  }

  function stop(): void {
    if (directory) rmSync(directory, { recursive: true, force: true });
  }

  return { handle, stop };
}
