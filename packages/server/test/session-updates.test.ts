import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '@checkout-element/emulator';
import {
  companionErrorBodySchema,
  sessionCreatedSchema,
  sessionUpdatedSchema,
} from '@checkout-element/protocol';
import {
  CheckoutOptionsError,
  type CheckoutOptions,
  createCheckoutHandler,
  createStripeClient,
  type ShippingOptionsHook,
  shippingRateTable,
} from '../src/index.js';
import { createSqliteLedger } from '../src/sqlite.js';
import {
  createdSession,
  handlerDefaults,
  pay,
  PRICES,
  SECRET_KEY,
  SHOP_ORIGIN,
  type Stack,
  startStack,
} from './support/stack.js';

const post = (stack: Stack, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function errorOf(response: Response) {
  return companionErrorBodySchema.parse(await response.json()).error;
}

const linesOf = async (stack: Stack, sessionId: string) =>
  (await stack.stripe.checkout.sessions.listLineItems(sessionId, { limit: 100 })).data.map((line) => ({
    id: line.id,
    price: line.price?.id,
    quantity: line.quantity,
  }));

describe('POST /sessions/:id/items (server-side cart updates) against the emulator', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ ledger: createSqliteLedger(':memory:') });
  });
  after(() => stack.close());

  it('changes quantities, adds and removes lines, keeping the line of a price already in the cart', async () => {
    const created = sessionCreatedSchema.parse(
      await (await stack.createSession({ items: [{ price: PRICES.tshirt, quantity: 1 }] })).json(),
    );
    // Nothing beyond card and email: the element loads the Payment and Contact Details Elements only.
    assert.deepEqual(created.collects, {
      shippingAddress: false,
      billingAddress: false,
      shippingDetails: 'client_only',
      contactDetails: true,
      taxId: false,
      terms: false,
      linkSignup: false,
    });
    const { sessionId } = created;
    const [before] = await linesOf(stack, sessionId);

    const response = await post(stack, `/sessions/${sessionId}/items`, {
      items: [
        { price: PRICES.tshirt, quantity: 3 },
        { price: PRICES.mug, quantity: 2 },
      ],
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(sessionUpdatedSchema.parse(await response.json()), { sessionId, updated: true });
    const lines = await linesOf(stack, sessionId);
    assert.deepEqual(
      lines.map(({ price, quantity }) => ({ price, quantity })),
      [
        { price: PRICES.tshirt, quantity: 3 },
        { price: PRICES.mug, quantity: 2 },
      ],
    );
    assert.equal(lines[0]!.id, before!.id, 'the T-shirt keeps its line item (updated by id, as Stripe asks)');
    const session = await stack.stripe.checkout.sessions.retrieve(sessionId);
    assert.equal(session.amount_total, 3 * 2500 + 2 * 1200);

    const removed = await post(stack, `/sessions/${sessionId}/items`, {
      items: [{ price: PRICES.mug, quantity: 1 }],
    });
    assert.equal(removed.status, 200);
    assert.deepEqual(
      (await linesOf(stack, sessionId)).map(({ price, quantity }) => ({ price, quantity })),
      [{ price: PRICES.mug, quantity: 1 }],
    );
  });

  it('refuses what session creation refuses, naming the field, and changes nothing', async () => {
    const { sessionId } = await createdSession(stack, { items: [{ price: PRICES.tshirt, quantity: 2 }] });
    const cases: [unknown, string, RegExp][] = [
      [{ items: [{ price: 'price_not_sold', quantity: 1 }] }, 'items[0].price', /is not for sale here/],
      [{ items: [{ price: PRICES.mug, quantity: 6 }] }, 'items[0].quantity', /between 1 and 5/],
      [{ items: [{ price: PRICES.tshirt, quantity: 0 }] }, 'items[0].quantity', /between 1 and 99/],
      [
        {
          items: [
            { price: PRICES.tshirt, quantity: 1 },
            { price: PRICES.tshirt, quantity: 1 },
          ],
        },
        'items[1].price',
        /listed twice/,
      ],
      [{ items: [{ price: PRICES.tshirt, quantity: 1, unit_amount: 1 }] }, 'items[0].unit_amount', /unknown/],
      [{ items: [], email: 'a@b.example' }, 'email', /unknown field; the only field is items/],
      [{ items: [] }, 'items', /at least one item/],
      [{}, 'items', /is required/],
      [[], 'body', /JSON object/],
      ['{"items":', 'body', /not valid JSON/],
    ];
    for (const [body, field, message] of cases) {
      const response = await post(stack, `/sessions/${sessionId}/items`, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const error = await errorOf(response);
      assert.equal(error.code, 'invalid_request');
      assert.equal(error.field, field, JSON.stringify(body));
      assert.match(error.message, message);
    }
    assert.deepEqual(
      (await linesOf(stack, sessionId)).map(({ price, quantity }) => ({ price, quantity })),
      [{ price: PRICES.tshirt, quantity: 2 }],
    );
  });

  it('answers 404 for a session Stripe does not know and 400 for what is no session id', async () => {
    const unknown = await post(stack, '/sessions/cs_test_doesnotexist/items', {
      items: [{ price: PRICES.tshirt, quantity: 1 }],
    });
    assert.equal(unknown.status, 404);
    assert.equal((await errorOf(unknown)).code, 'not_found');

    const { clientSecret } = await createdSession(stack);
    const secret = await post(stack, `/sessions/${encodeURIComponent(clientSecret)}/items`, {
      items: [{ price: PRICES.tshirt, quantity: 1 }],
    });
    assert.equal(secret.status, 400);
    const error = await errorOf(secret);
    assert.equal(error.field, 'id');
    assert.match(error.message, /not the client secret/);
    assert.equal(JSON.stringify(error).includes('_secret_'), false);

    const notAnId = await post(stack, '/sessions/pi_123/items', { items: [] });
    assert.equal(notAnId.status, 400);
    assert.equal((await errorOf(notAnId)).field, 'id');
  });

  it('answers 409 session_not_open for a paid or an expired session', async () => {
    const paid = await createdSession(stack);
    await pay(stack, paid.sessionId);
    const expired = await createdSession(stack);
    await stack.stripe.checkout.sessions.expire(expired.sessionId);
    for (const [sessionId, status] of [
      [paid.sessionId, 'complete'],
      [expired.sessionId, 'expired'],
    ] as const) {
      const response = await post(stack, `/sessions/${sessionId}/items`, {
        items: [{ price: PRICES.tshirt, quantity: 2 }],
      });
      assert.equal(response.status, 409);
      const error = await errorOf(response);
      assert.equal(error.code, 'session_not_open');
      assert.equal(error.retryable, false);
      assert.match(error.message, new RegExp(`is ${status}`));
    }
  });

  it('speaks CORS and HTTP like the other routes: preflight, foreign origin, method, media type', async () => {
    const { sessionId } = await createdSession(stack);
    const preflight = await fetch(`${stack.base}/sessions/${sessionId}/items`, {
      method: 'OPTIONS',
      headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'POST');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Content-Type/);

    const foreign = await post(
      stack,
      `/sessions/${sessionId}/items`,
      { items: [{ price: PRICES.tshirt, quantity: 1 }] },
      { origin: 'https://evil.example' },
    );
    assert.equal(foreign.status, 403);
    assert.equal((await errorOf(foreign)).code, 'origin_not_allowed');
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);

    const get = await fetch(`${stack.base}/sessions/${sessionId}/shipping`, {
      headers: { origin: SHOP_ORIGIN },
    });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST, OPTIONS');

    const text = await post(stack, `/sessions/${sessionId}/items`, 'items', { 'content-type': 'text/plain' });
    assert.equal(text.status, 415);
    assert.equal((await errorOf(text)).field, 'content-type');
  });
});

describe('POST /sessions/:id/items on a setup-mode server', () => {
  it('answers 501 not_supported: a setup session has no line items', async () => {
    const stack = await startStack({
      ledger: createSqliteLedger(':memory:'),
      overrides: { mode: 'setup', catalog: undefined, sessionDefaults: { currency: 'eur' } },
    });
    try {
      const { sessionId } = await createdSession(stack, {});
      const response = await post(stack, `/sessions/${sessionId}/items`, {
        items: [{ price: PRICES.tshirt, quantity: 1 }],
      });
      assert.equal(response.status, 501);
      assert.equal((await errorOf(response)).code, 'not_supported');
    } finally {
      await stack.close();
    }
  });
});

const US_ADDRESS = {
  country: 'US',
  line1: '1 Market St',
  city: 'San Francisco',
  state: 'CA',
  postal_code: '94105',
};

describe('POST /sessions/:id/shipping (server-side shipping rates) against the emulator', () => {
  let stack: Stack;
  let hookAnswer: Awaited<ReturnType<ShippingOptionsHook>> | undefined;
  const table = shippingRateTable({
    US: [
      { displayName: 'Standard', amount: 500 },
      { displayName: 'Express', amount: 1500 },
    ],
    CA: [{ displayName: 'Standard', amount: 900 }],
  });
  const seen: string[] = [];
  before(async () => {
    stack = await startStack({
      ledger: createSqliteLedger(':memory:'),
      overrides: {
        sessionDefaults: { shipping_address_collection: { allowed_countries: ['US', 'CA', 'NO'] } },
        shippingOptions: (address, session) => {
          seen.push(`${session.id}:${address.country}`);
          return hookAnswer ?? table(address, session);
        },
      },
    });
  });
  after(() => stack.close());

  it('creates sessions whose shipping only the server may set, and tells the element so (collects)', async () => {
    const created = sessionCreatedSchema.parse(await (await stack.createSession()).json());
    assert.deepEqual(created.collects, {
      shippingAddress: true,
      billingAddress: false,
      shippingDetails: 'server_only',
      contactDetails: true,
      taxId: false,
      terms: false,
      linkSignup: false,
    });
    const { sessionId } = created;
    const session = await stack.stripe.checkout.sessions.retrieve(sessionId);
    assert.equal(session.permissions?.update_shipping_details, 'server_only');
    assert.deepEqual(session.shipping_address_collection?.allowed_countries, ['US', 'CA', 'NO']);
  });

  it('sets the address and the hook’s rates, answers them, and the session can then be paid', async () => {
    const { sessionId } = await createdSession(stack);
    const response = await post(stack, `/sessions/${sessionId}/shipping`, {
      name: 'Jenny Rosen',
      address: US_ADDRESS,
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
    assert.deepEqual(sessionUpdatedSchema.parse(await response.json()), {
      sessionId,
      updated: true,
      shippingRates: [
        { displayName: 'Standard', amount: 500, currency: 'usd' },
        { displayName: 'Express', amount: 1500, currency: 'usd' },
      ],
    });
    assert.ok(seen.includes(`${sessionId}:US`), 'the hook saw the session and the address');
    const session = await stack.stripe.checkout.sessions.retrieve(sessionId);
    assert.equal(session.collected_information?.shipping_details?.name, 'Jenny Rosen');
    assert.equal(session.collected_information?.shipping_details?.address.line1, '1 Market St');
    assert.deepEqual(
      session.shipping_options.map((option) => option.shipping_amount),
      [500, 1500],
    );
    assert.equal(session.total_details?.amount_shipping, 500, 'the first rate is selected');
    assert.equal(session.amount_total, 2500 + 500);

    await pay(stack, sessionId);
    const paid = await stack.stripe.checkout.sessions.retrieve(sessionId);
    assert.equal(paid.status, 'complete');
  });

  it('prices an address still being typed (no line1) without setting it', async () => {
    const { sessionId } = await createdSession(stack);
    const response = await post(stack, `/sessions/${sessionId}/shipping`, {
      name: 'Jenny Rosen',
      address: { country: 'CA', line1: null, postal_code: null },
    });
    assert.equal(response.status, 200);
    const body = sessionUpdatedSchema.parse(await response.json());
    assert.deepEqual(body.shippingRates, [{ displayName: 'Standard', amount: 900, currency: 'usd' }]);
    const session = await stack.stripe.checkout.sessions.retrieve(sessionId);
    assert.equal(session.collected_information?.shipping_details ?? null, null);
    assert.deepEqual(
      session.shipping_options.map((option) => option.shipping_amount),
      [900],
    );
  });

  it('answers 422 shipping_address_refused with the hook’s message, or for a country the session excludes', async () => {
    const { sessionId } = await createdSession(stack);
    const refused = await post(stack, `/sessions/${sessionId}/shipping`, {
      name: 'Kari Nordmann',
      address: { country: 'NO', line1: 'Karl Johans gate 1', city: 'Oslo', postal_code: '0154' },
    });
    assert.equal(refused.status, 422);
    const error = await errorOf(refused);
    assert.equal(error.code, 'shipping_address_refused');
    assert.equal(error.field, 'address.country');
    assert.equal(error.message, 'We do not ship to NO; we ship to US, CA.');
    assert.equal(error.retryable, false);

    const excluded = await post(stack, `/sessions/${sessionId}/shipping`, {
      name: 'Erika Mustermann',
      address: { country: 'DE', line1: 'Unter den Linden 1', city: 'Berlin' },
    });
    assert.equal(excluded.status, 422);
    const excludedError = await errorOf(excluded);
    assert.equal(excludedError.field, 'address.country');
    assert.match(excludedError.message, /ship to US, CA, NO/);
    const session = await stack.stripe.checkout.sessions.retrieve(sessionId);
    assert.equal(session.collected_information?.shipping_details ?? null, null, 'nothing was set');

    hookAnswer = { refused: 'We cannot deliver to PO boxes.', field: 'address.line1' };
    try {
      const own = await post(stack, `/sessions/${sessionId}/shipping`, {
        name: 'Jenny Rosen',
        address: { ...US_ADDRESS, line1: 'PO Box 1' },
      });
      assert.equal(own.status, 422);
      const ownError = await errorOf(own);
      assert.equal(ownError.message, 'We cannot deliver to PO boxes.');
      assert.equal(ownError.field, 'address.line1');
    } finally {
      hookAnswer = undefined;
    }
  });

  it('refuses a malformed body naming the field', async () => {
    const { sessionId } = await createdSession(stack);
    const cases: [unknown, string, RegExp][] = [
      [
        { name: 'J', address: { ...US_ADDRESS, country: 'us' } },
        'address.country',
        /two-letter country code/,
      ],
      [{ name: '', address: US_ADDRESS }, 'name', /recipient/],
      [{ name: 'J', address: { ...US_ADDRESS, phone: '1' } }, 'address.phone', /unknown field/],
      [{ name: 'J', address: US_ADDRESS, rate: 0 }, 'rate', /unknown field/],
      [{ name: 'J' }, 'address', /./],
    ];
    for (const [body, field, message] of cases) {
      const response = await post(stack, `/sessions/${sessionId}/shipping`, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const error = await errorOf(response);
      assert.equal(error.field, field);
      assert.match(error.message, message);
    }
  });

  it('answers 404 for an unknown session and 409 for a closed one', async () => {
    const unknown = await post(stack, '/sessions/cs_test_doesnotexist/shipping', {
      name: 'J',
      address: US_ADDRESS,
    });
    assert.equal(unknown.status, 404);
    const { sessionId } = await createdSession(stack);
    await stack.stripe.checkout.sessions.expire(sessionId);
    const closed = await post(stack, `/sessions/${sessionId}/shipping`, { name: 'J', address: US_ADDRESS });
    assert.equal(closed.status, 409);
    assert.equal((await errorOf(closed)).code, 'session_not_open');
  });

  it('answers 501 for a session the server may not ship (not created server_only)', async () => {
    const session = await stack.stripe.checkout.sessions.create({
      mode: 'payment',
      ui_mode: 'elements',
      return_url: `${SHOP_ORIGIN}/thanks?session_id={CHECKOUT_SESSION_ID}`,
      line_items: [{ price: PRICES.tshirt, quantity: 1 }],
      shipping_address_collection: { allowed_countries: ['US'] },
    });
    const response = await post(stack, `/sessions/${session.id}/shipping`, {
      name: 'J',
      address: US_ADDRESS,
    });
    assert.equal(response.status, 501);
    const error = await errorOf(response);
    assert.equal(error.code, 'not_supported');
    assert.match(error.message, /server_only/);
  });

  it('a hook answering nonsense is the shop’s bug: 500 for the buyer, the reason in the log', async () => {
    const { sessionId } = await createdSession(stack);
    hookAnswer = [] as unknown as typeof hookAnswer;
    try {
      const response = await post(stack, `/sessions/${sessionId}/shipping`, {
        name: 'J',
        address: US_ADDRESS,
      });
      assert.equal(response.status, 500);
      assert.equal((await errorOf(response)).code, 'internal_error');
      assert.ok(stack.logs.some((line) => line.includes('shippingOptions hook answered neither')));
    } finally {
      hookAnswer = undefined;
    }
  });
});

describe('shipping routes without a hook, and the hook’s option checks', () => {
  it('answers 501 not_supported when no shippingOptions hook is configured (Fetch core, under basePath)', async () => {
    const emulator = await startEmulator({ port: 0, secretKey: SECRET_KEY });
    try {
      const handler = createCheckoutHandler({
        stripe: createStripeClient({ secretKey: SECRET_KEY, apiBase: emulator.url }),
        ...handlerDefaults(),
        basePath: '/api/checkout',
      });
      const created = await handler(
        new Request('http://shop.test/api/checkout/sessions', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN },
          body: JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 1 }] }),
        }),
      );
      const { sessionId } = (await created.json()) as { sessionId: string };
      const shipping = await handler(
        new Request(`http://shop.test/api/checkout/sessions/${sessionId}/shipping`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN },
          body: JSON.stringify({ name: 'J', address: US_ADDRESS }),
        }),
      );
      assert.equal(shipping.status, 501);
      assert.equal(shipping.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
      assert.equal((await errorOf(shipping)).code, 'not_supported');
      // The same core serves the cart route.
      const items = await handler(
        new Request(`http://shop.test/api/checkout/sessions/${sessionId}/items`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN },
          body: JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 4 }] }),
        }),
      );
      assert.equal(items.status, 200);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses a hook in subscription mode, without an address collection, or optional items off the catalog', () => {
    const base: CheckoutOptions = { ...handlerDefaults(), secretKey: SECRET_KEY };
    const hook: ShippingOptionsHook = () => [{ displayName: 'Standard', amount: 500 }];
    const cases: [Partial<CheckoutOptions>, RegExp][] = [
      [
        {
          mode: 'subscription',
          shippingOptions: hook,
          sessionDefaults: { shipping_address_collection: { allowed_countries: ['US'] } },
        },
        /`shippingOptions` only applies in payment mode/,
      ],
      [{ shippingOptions: hook }, /`shippingOptions` needs sessionDefaults.shipping_address_collection/],
      [
        { shippingOptions: 'table' as unknown as ShippingOptionsHook },
        /`shippingOptions` must be a function/,
      ],
      [
        { sessionDefaults: { optional_items: [{ price: PRICES.mug, quantity: 1 }] } },
        /`sessionDefaults.optional_items\[0\].price` price_demo_mug is not in the catalog/,
      ],
    ];
    for (const [overrides, message] of cases) {
      assert.throws(
        () => createCheckoutHandler({ ...base, ...overrides }),
        (error: unknown) => error instanceof CheckoutOptionsError && message.test(error.message),
        String(message),
      );
    }
  });
});
