import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Stripe from 'stripe';
import { elementsSession, reference, RETURN_URL, useEmulator } from './helpers.js';

interface SchemaProperty {
  name: string;
  kind: string;
  nullable: boolean;
  required: boolean;
  enum?: string[];
}

const schema = reference<{ properties: SchemaProperty[] }>('checkout_session_schema.json');
const fixture = reference<{ resources: Record<string, Record<string, unknown>> }>('fixtures3.json').resources[
  'checkout.session'
]!;
// In the `stripe` 23.1.0 types (which win over the transcribed schema, per the reference README) but not in it.
const FROM_NEWER_TYPES = new Set(['allowed_payment_method_types']);

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** Every required property present, nullability and scalar kinds respected, and the fixture's key set. */
function assertConforms(session: Stripe.Checkout.Session, label: string): void {
  const object = session as unknown as Record<string, unknown>;
  const names = new Set(schema.properties.map((property) => property.name));
  for (const key of Object.keys(object)) {
    if (key === 'lastResponse') continue;
    assert.ok(
      names.has(key) || FROM_NEWER_TYPES.has(key),
      `${label}: ${key} is not a checkout.session property`,
    );
  }
  for (const key of Object.keys(fixture))
    assert.ok(key in object, `${label}: lacks ${key}, which the fixture has`);
  for (const property of schema.properties) {
    const present = property.name in object;
    if (property.required) assert.ok(present, `${label}: lacks required ${property.name}`);
    if (!present) continue;
    const value = object[property.name];
    if (value === null) {
      assert.ok(property.nullable, `${label}: ${property.name} is null but not nullable`);
      continue;
    }
    if (['integer', 'boolean', 'string', 'array'].includes(property.kind)) {
      assert.equal(kindOf(value), property.kind, `${label}: ${property.name} should be ${property.kind}`);
    }
    if (property.kind === 'object') assert.equal(typeof value, 'object', `${label}: ${property.name}`);
    if (property.enum) {
      assert.ok(
        property.enum.includes(String(value)),
        `${label}: ${property.name}=${String(value)} not in enum`,
      );
    }
  }
}

// biome-ignore lint/correctness/useHookAtTopLevel: useEmulator registers node:test hooks; it is not a React hook.
const env = useEmulator();

describe('every returned session matches checkout_session_schema.json and the fixture key set', () => {
  it('holds for open, complete and expired sessions in every mode, expanded or not', async () => {
    const rich = await elementsSession(env.stripe, {
      line_items: [
        { price: 'price_demo_tshirt', quantity: 2, adjustable_quantity: { enabled: true, maximum: 5 } },
        { price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: 'Poster' } }, quantity: 1 },
      ],
      discounts: [{ promotion_code: 'promo_demo_save10' }],
      automatic_tax: { enabled: true },
      shipping_address_collection: { allowed_countries: ['US', 'CA'] },
      shipping_options: [
        { shipping_rate: 'shr_demo_standard' },
        { shipping_rate_data: { display_name: 'Pickup', fixed_amount: { amount: 0, currency: 'usd' } } },
      ],
      billing_address_collection: 'required',
      phone_number_collection: { enabled: true },
      customer_email: 'grace@example.com',
      client_reference_id: 'ref_1',
      locale: 'fr',
      metadata: { a: 'b' },
    });
    assertConforms(rich, 'rich open');
    const expanded = await env.stripe.checkout.sessions.retrieve(rich.id, {
      expand: ['line_items', 'customer', 'payment_intent', 'total_details.breakdown'],
    });
    assertConforms(expanded, 'expanded open');
    const completed = await env.emulator.buyer.complete(rich.id, {
      card: '4242424242424242',
      name: 'Grace Hopper',
    });
    assertConforms(completed, 'complete payment');
    assertConforms(
      await env.stripe.checkout.sessions.retrieve(rich.id, { expand: ['payment_intent', 'line_items'] }),
      'expanded complete',
    );

    const subscription = await elementsSession(env.stripe, {
      mode: 'subscription',
      line_items: [{ price: 'price_demo_membership_monthly', quantity: 1 }],
    });
    assertConforms(subscription, 'subscription open');
    await env.emulator.buyer.complete(subscription.id);
    assertConforms(
      await env.stripe.checkout.sessions.retrieve(subscription.id, { expand: ['subscription', 'customer'] }),
      'subscription complete',
    );

    const setup = await env.stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'eur',
      ui_mode: 'elements',
      return_url: RETURN_URL,
    });
    assertConforms(setup, 'setup open');
    assertConforms(await env.emulator.buyer.complete(setup.id), 'setup complete');

    const hosted = await env.stripe.checkout.sessions.create({
      mode: 'payment',
      success_url: 'https://x.example',
      cancel_url: 'https://x.example/cancel',
      line_items: [{ price: 'price_demo_mug', quantity: 1 }],
    });
    assertConforms(hosted, 'hosted open');
    assertConforms(await env.stripe.checkout.sessions.expire(hosted.id), 'hosted expired');

    const browser = await elementsSession(env.stripe, {
      discounts: [{ coupon: 'demo_5_off' }],
      shipping_options: [{ shipping_rate: 'shr_demo_express' }],
    });
    const init = await fetch(`${env.emulator.url}/v1/payment_pages/${browser.id}/init`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ key: env.emulator.publishableKey, client_secret: browser.client_secret }),
    });
    assertConforms(((await init.json()) as { session: Stripe.Checkout.Session }).session, 'browser init');

    const list = await env.stripe.checkout.sessions.list({ limit: 100, expand: ['data.line_items'] });
    for (const session of list.data) assertConforms(session, `listed ${session.id}`);
  });
});
