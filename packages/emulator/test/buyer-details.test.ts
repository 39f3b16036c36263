// What confirm requires besides a card, through the endpoints the stand-in calls and the buyer simulation: a phone
// number, first-class names, accepted terms, a well-formed tax ID, optional items the buyer adds and removes, and
// shipping that only the merchant's server may set.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Stripe from 'stripe';
import { checkTaxId, CHECKOUT_TAX_ID_TYPES, TAX_ID_FORMATS } from '../src/state/tax-ids.js';
import { StripeApiError } from '../src/index.js';
import { elementsSession, useEmulator } from './helpers.js';

// biome-ignore lint/correctness/useHookAtTopLevel: useEmulator registers node:test hooks; it is not a React hook.
const env = useEmulator({ previews: ['elements_optional_items'] });

interface Answer {
  status: number;
  body: {
    session: Stripe.Checkout.Session;
    optional_items?: { price: Stripe.Price; quantity: number; line_item: string | null }[];
    terms_of_service_url: string | null;
    error?: { code?: string; param?: string; message: string };
  };
}

async function page(session: Stripe.Checkout.Session, call: string, extra: object = {}): Promise<Answer> {
  const response = await fetch(`${env.emulator.url}/v1/payment_pages/${session.id}/${call}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      key: env.emulator.publishableKey,
      client_secret: session.client_secret,
      ...extra,
    }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const pay = {
  payment_method: { type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2034 } },
};

/** The programmatic buyer rejects with the same error body the HTTP API answers with. */
async function expectBuyerError(
  promise: Promise<unknown>,
  expected: { status: number; param?: string; code?: string },
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StripeApiError, String(error));
    assert.equal(error.status, expected.status, error.message);
    if (expected.param !== undefined) assert.equal(error.body.param, expected.param, error.message);
    if (expected.code !== undefined) assert.equal(error.body.code, expected.code, error.message);
    return true;
  });
}

function assertRefused(answer: Answer, param: string, code?: string): void {
  assert.equal(answer.status, 400, JSON.stringify(answer.body.error));
  assert.equal(answer.body.error?.param, param);
  if (code) assert.equal(answer.body.error?.code, code);
}

describe('confirm requires what the session collects', () => {
  it('a phone number when phone_number_collection is enabled', async () => {
    const session = await elementsSession(env.stripe, {
      customer_email: 'ada@example.com',
      phone_number_collection: { enabled: true },
    });
    assertRefused(await page(session, 'confirm', pay), 'phone', 'parameter_missing');
    const updated = await page(session, 'update', { phone: ' +44 20 7946 0958 ' });
    assert.equal(updated.body.session.customer_details?.phone, '+44 20 7946 0958');
    assert.equal((await page(session, 'confirm', pay)).status, 200);
    const paid = await env.stripe.checkout.sessions.retrieve(session.id);
    assert.equal(paid.customer_details?.phone, '+44 20 7946 0958');
  });

  it('accepted terms of service when consent_collection requires them', async () => {
    const session = await elementsSession(env.stripe, {
      customer_email: 'ada@example.com',
      consent_collection: { terms_of_service: 'required' },
    });
    const init = await page(session, 'init');
    assert.equal(init.body.terms_of_service_url, 'https://example.com/terms');
    assertRefused(await page(session, 'confirm', pay), 'terms_of_service', 'parameter_missing');
    const accepted = await page(session, 'update', { terms_of_service: 'accepted' });
    assert.deepEqual(accepted.body.session.consent, { promotions: null, terms_of_service: 'accepted' });
    const withdrawn = await page(session, 'update', { terms_of_service: null });
    assert.equal(withdrawn.body.session.consent?.terms_of_service, null);
    assert.equal((await page(session, 'confirm', { ...pay, terms_of_service: 'accepted' })).status, 200);
    const paid = await env.stripe.checkout.sessions.retrieve(session.id);
    assert.equal(paid.consent?.terms_of_service, 'accepted');
    const noTerms = await elementsSession(env.stripe);
    assertRefused(await page(noTerms, 'update', { terms_of_service: 'accepted' }), 'terms_of_service');
  });

  it('the names name_collection does not mark optional, saved to the session and the new customer', async () => {
    const session = await elementsSession(env.stripe, {
      customer_email: 'ada@example.com',
      customer_creation: 'always',
      name_collection: { individual: { enabled: true }, business: { enabled: true, optional: true } },
    });
    assertRefused(await page(session, 'confirm', pay), 'individual_name', 'parameter_missing');
    const named = await page(session, 'update', { individual_name: '  Ada Lovelace ' });
    assert.equal(named.body.session.collected_information?.individual_name, 'Ada Lovelace');
    assert.equal((await page(session, 'update', { business_name: 'Analytical Engines Ltd' })).status, 200);
    assert.equal((await page(session, 'confirm', pay)).status, 200);
    const paid = await env.stripe.checkout.sessions.retrieve(session.id, { expand: ['customer'] });
    assert.equal(paid.customer_details?.individual_name, 'Ada Lovelace');
    assert.equal(paid.customer_details?.business_name, 'Analytical Engines Ltd');
    const customer = paid.customer as Stripe.Customer;
    assert.equal(customer.individual_name, 'Ada Lovelace');
    assert.equal(customer.business_name, 'Analytical Engines Ltd');
    const unnamed = await elementsSession(env.stripe);
    assertRefused(await page(unnamed, 'update', { individual_name: 'Ada' }), 'individual_name');
  });

  it('a tax ID well-formed for its type, only on sessions that collect one', async () => {
    const session = await elementsSession(env.stripe, {
      customer_email: 'ada@example.com',
      tax_id_collection: { enabled: true },
    });
    const taxId = (type: string, value: string) => ({
      tax_id: { type, value, business_name: 'Engines GmbH' },
    });
    assertRefused(
      await page(session, 'update', taxId('eu_vat', 'DE12345')),
      'tax_id.value',
      'tax_id_invalid',
    );
    assertRefused(
      await page(session, 'update', taxId('eu_vat', 'XX123456789')),
      'tax_id.value',
      'tax_id_invalid',
    );
    assertRefused(await page(session, 'update', taxId('xx_vat', '123')), 'tax_id.type', 'tax_id_invalid');
    assertRefused(
      await page(session, 'update', { tax_id: { type: 'eu_vat', value: 'DE123456789', business_name: ' ' } }),
      'tax_id.business_name',
    );
    const saved = await page(session, 'update', taxId('eu_vat', 'de 123 456 789'));
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body.session.customer_details?.tax_ids, [
      { type: 'eu_vat', value: 'DE123456789' },
    ]);
    assert.equal(saved.body.session.customer_details?.business_name, 'Engines GmbH');
    const cleared = await page(session, 'update', { tax_id: null });
    assert.deepEqual(cleared.body.session.customer_details?.tax_ids ?? [], []);
    // A tax ID is optional in Elements (`tax_id_collection[required]` cannot be set there): confirm pays without.
    assert.equal((await page(session, 'confirm', { ...pay, ...taxId('gb_vat', 'GB123456789') })).status, 200);
    const paid = await env.stripe.checkout.sessions.retrieve(session.id);
    assert.deepEqual(paid.customer_details?.tax_ids, [{ type: 'gb_vat', value: 'GB123456789' }]);
    const without = await elementsSession(env.stripe);
    assertRefused(await page(without, 'update', taxId('gb_vat', 'GB123456789')), 'tax_id');
  });
});

describe('tax ID formats follow the examples Stripe documents', () => {
  it('accepts every documented example and refuses it with digits too many', () => {
    for (const format of TAX_ID_FORMATS) {
      const check = checkTaxId(format.type, format.example);
      assert.ok(check.ok, `${format.type} ${format.country}: ${format.example}`);
      assert.ok(
        (CHECKOUT_TAX_ID_TYPES as readonly string[]).includes(format.type),
        `${format.type} is a Stripe.js StripeCheckoutTaxIdType`,
      );
      const long = `${format.example}99999`;
      assert.equal(checkTaxId(format.type, long).ok, false, `${format.type} ${format.country}: ${long}`);
    }
    assert.ok(checkTaxId('ch_vat', 'che-123.456.789 mwst').ok, 'letters are upper-cased');
    assert.equal(checkTaxId('eu_vat', 'FR12345678901').ok, true, 'a French number with a digit key');
    assert.equal(checkTaxId('us_ein', '123456789').ok, false, 'the EIN needs its dash');
    assert.equal(checkTaxId('eu_vat', 'DE12345678').ok, false, 'a German VAT number has nine digits');
    assert.equal(checkTaxId('gb_vat', 'DE123456789').ok, false, 'a GB VAT number starts with GB');
    assert.ok(
      checkTaxId('kr_brn', '123-45-67890').ok,
      'a type without a documented format is taken as given',
    );
  });
});

describe('optional items the buyer adds and removes', () => {
  it('become line items, are listed with their state, and leave again', async () => {
    const session = await elementsSession(env.stripe, {
      optional_items: [
        { price: 'price_demo_mug', quantity: 2, adjustable_quantity: { enabled: true, maximum: 4 } },
      ],
    });
    const init = await page(session, 'init');
    assert.equal(init.body.optional_items?.[0]?.price.id, 'price_demo_mug');
    assert.equal(
      (init.body.optional_items?.[0]?.price.product as Stripe.Product | undefined)?.name,
      'Emulator Mug',
    );
    assert.equal(init.body.optional_items?.[0]?.line_item, null);
    const added = await page(session, 'update', { add_optional_item: 'price_demo_mug' });
    assert.equal(added.body.session.amount_total, 2500 + 2 * 1200);
    const lineItem = added.body.optional_items?.[0]?.line_item;
    assert.ok(lineItem);
    const line = added.body.session.line_items?.data.find((item) => item.id === lineItem);
    assert.equal(line?.quantity, 2);
    assert.deepEqual(line?.adjustable_quantity, { enabled: true, minimum: 0, maximum: 4 });
    assertRefused(await page(session, 'update', { add_optional_item: 'price_demo_mug' }), 'price');
    assertRefused(
      await page(session, 'update', { add_optional_item: 'price_demo_stickers' }),
      'price',
      'resource_missing',
    );
    const removed = await page(session, 'update', { remove_optional_item: 'price_demo_mug' });
    assert.equal(removed.body.session.amount_total, 2500);
    assert.equal(removed.body.optional_items?.[0]?.line_item, null);
    assertRefused(await page(session, 'update', { remove_optional_item: 'price_demo_mug' }), 'price');
  });

  it('a server update that omits an added item deselects it', async () => {
    const session = await elementsSession(env.stripe, {
      optional_items: [{ price: 'price_demo_mug', quantity: 1 }],
    });
    await page(session, 'update', { add_optional_item: 'price_demo_mug' });
    const [first] = (await env.stripe.checkout.sessions.listLineItems(session.id)).data;
    await env.stripe.checkout.sessions.update(session.id, { line_items: [{ id: first!.id, quantity: 2 }] });
    const after = await page(session, 'init');
    assert.equal(after.body.optional_items?.[0]?.line_item, null);
    assert.equal(after.body.session.amount_total, 5000);
  });
});

describe('shipping the merchant server owns (permissions[update_shipping_details]=server_only)', () => {
  it('refuses the buyer’s shipping address, and confirm waits for the server to set one', async () => {
    const session = await elementsSession(env.stripe, {
      customer_email: 'ada@example.com',
      permissions: { update_shipping_details: 'server_only' },
      shipping_address_collection: { allowed_countries: ['US'] },
    });
    const address = { name: 'Ada', address: { line1: '1 Main St', city: 'Austin', country: 'US' } };
    assertRefused(await page(session, 'update', { shipping_address: address }), 'shipping_address');
    assertRefused(await page(session, 'confirm', pay), 'shipping_address', 'parameter_missing');
    await expectBuyerError(env.emulator.buyer.complete(session.id), {
      status: 400,
      param: 'shipping_address',
    });
    await env.stripe.checkout.sessions.update(session.id, {
      collected_information: { shipping_details: address },
      shipping_options: [{ shipping_rate: 'shr_demo_standard' }],
    });
    const confirmed = await page(session, 'confirm', pay);
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.body.session.amount_total, 3000);
  });
});

describe('the buyer simulation', () => {
  it('fills in what the session requires, or applies what the test gives', async () => {
    const session = await elementsSession(env.stripe, {
      phone_number_collection: { enabled: true },
      consent_collection: { terms_of_service: 'required' },
      name_collection: { business: { enabled: true } },
      tax_id_collection: { enabled: true },
      optional_items: [{ price: 'price_demo_stickers', quantity: 1 }],
    });
    await expectBuyerError(env.emulator.buyer.complete(session.id, { termsAccepted: false }), {
      status: 400,
      param: 'terms_of_service',
    });
    await expectBuyerError(
      env.emulator.buyer.complete(session.id, {
        taxId: { type: 'eu_vat', value: 'FR1', businessName: 'Moteurs SA' },
      }),
      { status: 400, code: 'tax_id_invalid' },
    );
    const paid = await env.emulator.buyer.complete(session.id, {
      taxId: { type: 'eu_vat', value: 'FRAB123456789', businessName: 'Moteurs SA' },
      optionalItems: ['price_demo_stickers'],
    });
    assert.equal(paid.status, 'complete');
    assert.equal(paid.amount_total, 2500 + 500);
    assert.equal(paid.consent?.terms_of_service, 'accepted');
    assert.ok(paid.customer_details?.phone);
    assert.equal(paid.customer_details?.business_name, 'Test Business Ltd');
    assert.deepEqual(paid.customer_details?.tax_ids, [{ type: 'eu_vat', value: 'FRAB123456789' }]);
  });

  it('buyer.update and POST /_emulator/checkout/sessions/:id/update change the session like the Elements would', async () => {
    const session = await elementsSession(env.stripe, {
      name_collection: { individual: { enabled: true } },
      consent_collection: { terms_of_service: 'required' },
    });
    const updated = await env.emulator.buyer.update(session.id, {
      email: 'ada@example.com',
      individualName: 'Ada Lovelace',
      termsAccepted: true,
    });
    assert.equal(updated.customer_details?.email, 'ada@example.com');
    assert.equal(updated.collected_information?.individual_name, 'Ada Lovelace');
    assert.equal(updated.consent?.terms_of_service, 'accepted');
    const response = await fetch(`${env.emulator.url}/_emulator/checkout/sessions/${session.id}/update`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${env.emulator.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ individual_name: 'Grace Hopper', phone: '+1 555 0100' }),
    });
    const body = (await response.json()) as Stripe.Checkout.Session;
    assert.equal(response.status, 200);
    assert.equal(body.collected_information?.individual_name, 'Grace Hopper');
    const unknown = await fetch(`${env.emulator.url}/_emulator/checkout/sessions/${session.id}/update`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${env.emulator.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ nickname: 'Ada' }),
    });
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'parameter_unknown');
    await expectBuyerError(env.emulator.buyer.update(session.id, { businessName: 'Ltd' }), {
      status: 400,
      param: 'business_name',
    });
  });
});
