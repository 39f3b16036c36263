// The optional update routes (docs/companion-protocol.md, "Updating an open session"). A server that does not offer
// a capability answers 404 or 501 for it: its cases are skipped with that reason, never failed. A server that does
// offer it is held to every rule: the allowlist, unknown and closed sessions, refused addresses, CORS.
import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import { type CompanionErrorCode, sessionUpdatedSchema } from '@checkout-element/protocol';
import { type Answer, type RequestOptions, send } from './http.js';
import type { Target } from './target.js';

export interface UpdateCaseContext {
  target(): Target;
  url(path: string): string;
  json(body: unknown, headers?: Record<string, string>): RequestOptions;
  createSession(): Promise<{ sessionId: string }>;
  paidSession(): Promise<string>;
  expectError(answer: Answer, code: CompanionErrorCode, field?: string): Record<string, unknown>;
  expectProtocolHeaders(answer: Answer, what: string): void;
  stripeGet(path: string): Promise<Record<string, unknown>>;
}

/** What every target that prices shipping is configured with (see conformance/README.md). */
export const DELIVERABLE = {
  name: 'Jenny Rosen',
  address: { country: 'US', line1: '1 Market St', city: 'San Francisco', state: 'CA', postal_code: '94105' },
};
const REFUSED = {
  name: 'Kari Nordmann',
  address: { country: 'NO', line1: 'Karl Johans gate 1', city: 'Oslo' },
};

type Capability = 'items' | 'shipping';

export function describeUpdateRoutes(context: UpdateCaseContext): void {
  const offered = new Map<Capability, string | true>();

  /**
   * Whether the target offers a capability, found out once by using it on a fresh session: 404 (no such route),
   * 405 (a server whose `GET /sessions/{id}` route also takes longer paths, as the WordPress plugin's does) or 501
   * (not_supported) means it does not, and the reason is what it said.
   */
  async function offers(capability: Capability): Promise<string | true> {
    const known = offered.get(capability);
    if (known !== undefined) return known;
    const { sessionId } = await context.createSession();
    const target = context.target();
    const body = capability === 'items' ? { items: [{ price: target.sellable, quantity: 2 }] } : DELIVERABLE;
    const answer = await send(
      context.url(`/sessions/${sessionId}/${capability}`),
      'POST',
      context.json(body),
    );
    let verdict: string | true = true;
    if (answer.status === 404 || answer.status === 405 || answer.status === 501) {
      const message = (answer.json as { error?: { message?: string } } | undefined)?.error?.message;
      verdict = `POST /sessions/{id}/${capability} answered ${answer.status}${message ? ` (${message})` : ''}: the optional capability is not offered`;
    } else {
      assert.equal(
        answer.status,
        200,
        `POST /sessions/{id}/${capability} on an open session: ${answer.text}`,
      );
    }
    offered.set(capability, verdict);
    return verdict;
  }

  const whereOffered = (capability: Capability, title: string, body: () => Promise<void>) =>
    test(title, async (t: TestContext) => {
      const verdict = await offers(capability);
      if (verdict !== true) {
        t.skip(verdict);
        return;
      }
      await body();
    });

  describe('POST /sessions/{id}/items (optional)', () => {
    whereOffered('items', 'replaces the cart of an open session: 200 { sessionId, updated }', async () => {
      const target = context.target();
      const { sessionId } = await context.createSession();
      const answer = await send(
        context.url(`/sessions/${sessionId}/items`),
        'POST',
        context.json({
          items: [
            { price: target.sellable, quantity: 3 },
            { price: target.otherSellable, quantity: 1 },
          ],
        }),
      );
      assert.equal(answer.status, 200, answer.text);
      context.expectProtocolHeaders(answer, 'POST /sessions/{id}/items');
      assert.deepEqual(sessionUpdatedSchema.parse(answer.json), { sessionId, updated: true });
      const lines = (await context.stripeGet(`/v1/checkout/sessions/${sessionId}/line_items`)).data as Array<{
        price: { id: string };
        quantity: number;
      }>;
      assert.deepEqual(
        lines.map((line) => [line.price.id, line.quantity]),
        [
          [target.sellable, 3],
          [target.otherSellable, 1],
        ],
      );
    });

    whereOffered(
      'items',
      'refuses a price not for sale and a quantity out of bounds, changing nothing',
      async () => {
        const target = context.target();
        const { sessionId } = await context.createSession();
        const path = context.url(`/sessions/${sessionId}/items`);
        context.expectError(
          await send(path, 'POST', context.json({ items: [{ price: target.notForSale, quantity: 1 }] })),
          'invalid_request',
          'items[0].price',
        );
        context.expectError(
          await send(
            path,
            'POST',
            context.json({ items: [{ price: target.sellable, quantity: target.sellableMax + 1 }] }),
          ),
          'invalid_request',
          'items[0].quantity',
        );
        context.expectError(
          await send(
            path,
            'POST',
            context.json({ items: [{ price: target.sellable, quantity: 1, unit_amount: 1 }] }),
          ),
          'invalid_request',
        );
        const lines = (await context.stripeGet(`/v1/checkout/sessions/${sessionId}/line_items`))
          .data as Array<{
          quantity: number;
        }>;
        assert.deepEqual(
          lines.map((line) => line.quantity),
          [1],
          'the cart is as it was',
        );
      },
    );

    whereOffered(
      'items',
      'an unknown session is 404 not_found; a paid one 409 session_not_open',
      async () => {
        const target = context.target();
        const body = context.json({ items: [{ price: target.sellable, quantity: 1 }] });
        context.expectError(
          await send(context.url('/sessions/cs_test_doesnotexist123/items'), 'POST', body),
          'not_found',
        );
        const paid = await context.paidSession();
        context.expectError(
          await send(context.url(`/sessions/${paid}/items`), 'POST', body),
          'session_not_open',
        );
      },
    );

    whereOffered(
      'items',
      'CORS as on the other browser routes: preflight POST, foreign origins refused',
      async () => {
        const target = context.target();
        const { sessionId } = await context.createSession();
        const preflight = await send(context.url(`/sessions/${sessionId}/items`), 'OPTIONS', {
          headers: { Origin: target.allowedOrigin, 'Access-Control-Request-Method': 'POST' },
        });
        assert.equal(preflight.status, 204, preflight.text);
        assert.equal(preflight.headers['access-control-allow-origin'], target.allowedOrigin);
        assert.match(preflight.headers['access-control-allow-methods'] ?? '', /POST/);
        const foreign = await send(
          context.url(`/sessions/${sessionId}/items`),
          'POST',
          context.json(
            { items: [{ price: target.sellable, quantity: 1 }] },
            { Origin: 'https://evil.example' },
          ),
        );
        context.expectError(foreign, 'origin_not_allowed');
        assert.equal(foreign.headers['access-control-allow-origin'], undefined);
      },
    );
  });

  describe('POST /sessions/{id}/shipping (optional)', () => {
    whereOffered('shipping', 'sets the address and its rates: 200 with shippingRates', async () => {
      const { sessionId } = await context.createSession();
      const answer = await send(
        context.url(`/sessions/${sessionId}/shipping`),
        'POST',
        context.json(DELIVERABLE),
      );
      assert.equal(answer.status, 200, answer.text);
      context.expectProtocolHeaders(answer, 'POST /sessions/{id}/shipping');
      const updated = sessionUpdatedSchema.parse(answer.json);
      assert.equal(updated.sessionId, sessionId);
      assert.ok((updated.shippingRates ?? []).length > 0, 'at least one rate');
      const session = await context.stripeGet(`/v1/checkout/sessions/${sessionId}`);
      const details = (session.collected_information as { shipping_details?: { name: string } } | null)
        ?.shipping_details;
      assert.equal(details?.name, DELIVERABLE.name);
      assert.equal((session.shipping_options as unknown[]).length, updated.shippingRates?.length);
    });

    whereOffered(
      'shipping',
      'refuses an address the shop does not ship to: 422 naming the address part',
      async () => {
        const { sessionId } = await context.createSession();
        const error = context.expectError(
          await send(context.url(`/sessions/${sessionId}/shipping`), 'POST', context.json(REFUSED)),
          'shipping_address_refused',
        );
        assert.match(String(error.field), /^address/);
        const session = await context.stripeGet(`/v1/checkout/sessions/${sessionId}`);
        const details = (session.collected_information as { shipping_details?: unknown } | null)
          ?.shipping_details;
        assert.equal(details ?? null, null, 'nothing was set');
      },
    );

    whereOffered('shipping', 'refuses a malformed address, an unknown and a closed session', async () => {
      const { sessionId } = await context.createSession();
      context.expectError(
        await send(
          context.url(`/sessions/${sessionId}/shipping`),
          'POST',
          context.json({ ...DELIVERABLE, address: { ...DELIVERABLE.address, country: 'usa' } }),
        ),
        'invalid_request',
        'address.country',
      );
      context.expectError(
        await send(
          context.url('/sessions/cs_test_doesnotexist123/shipping'),
          'POST',
          context.json(DELIVERABLE),
        ),
        'not_found',
      );
      const paid = await context.paidSession();
      context.expectError(
        await send(context.url(`/sessions/${paid}/shipping`), 'POST', context.json(DELIVERABLE)),
        'session_not_open',
      );
    });
  });
}
