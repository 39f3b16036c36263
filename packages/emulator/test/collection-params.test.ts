// The create parameters that ask the buyer for more than a payment, through the official SDK: each is echoed on
// the session as Stripe shapes it and refused where stripe-node 23.1.0 documents a refusal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Stripe from 'stripe';
import { elementsSession, expectStripeError, useEmulator } from './helpers.js';

// biome-ignore lint/correctness/useHookAtTopLevel: useEmulator registers node:test hooks; it is not a React hook.
const env = useEmulator();
// biome-ignore lint/correctness/useHookAtTopLevel: as above.
const preview = useEmulator({ previews: ['elements_optional_items'] });
// biome-ignore lint/correctness/useHookAtTopLevel: as above.
const noTerms = useEmulator({ termsOfServiceUrl: null });

function hostedSession(stripe: Stripe, params: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: 'payment',
    success_url: 'https://shop.example/success',
    line_items: [{ price: 'price_demo_tshirt', quantity: 1 }],
    ...params,
  });
}

describe('tax ID, consent, names, phone and Link settings are echoed as Stripe shapes them', () => {
  it('echoes tax_id_collection (required defaults to never), consent_collection and name_collection', async () => {
    const session = await elementsSession(env.stripe, {
      tax_id_collection: { enabled: true },
      consent_collection: { terms_of_service: 'required', promotions: 'auto' },
      name_collection: { business: { enabled: true }, individual: { enabled: true, optional: true } },
      phone_number_collection: { enabled: true },
      wallet_options: { link: { display: 'never' } },
    });
    assert.deepEqual(session.tax_id_collection, { enabled: true, required: 'never' });
    assert.deepEqual(session.consent_collection, {
      payment_method_reuse_agreement: null,
      promotions: 'auto',
      terms_of_service: 'required',
    });
    assert.deepEqual(session.consent, { promotions: null, terms_of_service: null });
    assert.deepEqual(session.name_collection, {
      business: { enabled: true, optional: false },
      individual: { enabled: true, optional: true },
    });
    assert.deepEqual(session.phone_number_collection, { enabled: true });
    assert.deepEqual(session.wallet_options, { link: { display: 'never' } });
    assert.deepEqual(session.collected_information, {
      business_name: null,
      individual_name: null,
      shipping_details: null,
    });
    const plain = await elementsSession(env.stripe);
    assert.deepEqual(plain.tax_id_collection, { enabled: false, required: 'never' });
    assert.equal(plain.consent, null);
    assert.equal(plain.consent_collection, null);
    assert.equal(plain.name_collection, undefined);
    assert.equal(plain.optional_items, undefined);
    assert.deepEqual(plain.permissions, { update_shipping_details: null });
  });

  it('refuses terms of service consent when the account has no terms of service URL', async () => {
    await expectStripeError(
      elementsSession(noTerms.stripe, { consent_collection: { terms_of_service: 'required' } }),
      { status: 400, param: 'consent_collection[terms_of_service]', message: /terms of service URL/ },
    );
    const none = await elementsSession(noTerms.stripe, { consent_collection: { terms_of_service: 'none' } });
    assert.equal(none.consent_collection?.terms_of_service, 'none');
  });

  it('refuses phone number collection in setup mode', async () => {
    await expectStripeError(
      env.stripe.checkout.sessions.create({
        mode: 'setup',
        ui_mode: 'elements',
        currency: 'usd',
        return_url: 'https://shop.example/return',
        phone_number_collection: { enabled: true },
      }),
      { status: 400, param: 'phone_number_collection[enabled]' },
    );
  });
});

describe('parameters Stripe refuses with ui_mode elements', () => {
  const refusals: [string, Partial<Stripe.Checkout.SessionCreateParams>][] = [
    ['custom_text', { custom_text: { submit: { message: 'Ships in 2 days' } } }],
    ['submit_type', { submit_type: 'donate' }],
    ['tax_id_collection[required]', { tax_id_collection: { enabled: true, required: 'if_supported' } }],
    ['after_expiration', { after_expiration: { recovery: { enabled: true } } }],
    ['origin_context', { origin_context: 'web' }],
    [
      'custom_fields',
      { custom_fields: [{ key: 'gift', label: { type: 'custom', custom: 'Gift' }, type: 'text' }] },
    ],
  ];
  for (const [param, params] of refusals) {
    it(`refuses ${param} on an elements session and accepts it on a hosted one`, async () => {
      await expectStripeError(elementsSession(env.stripe, params), {
        status: 400,
        code: 'parameters_exclusive',
        param,
        message: /when `ui_mode` is `elements`/,
      });
      await hostedSession(env.stripe, params);
    });
  }

  it('echoes custom_text on a hosted session; "" leaves a position empty', async () => {
    const hosted = await hostedSession(env.stripe, {
      custom_text: { submit: { message: 'Ships in 2 days' }, after_submit: '' },
    });
    assert.deepEqual(hosted.custom_text, {
      after_submit: null,
      shipping_address: null,
      submit: { message: 'Ships in 2 days' },
      terms_of_service_acceptance: null,
    });
  });

  it('permissions: echoed on elements sessions, refused on hosted ones; update_line_items does not exist', async () => {
    const session = await elementsSession(env.stripe, {
      permissions: { update_shipping_details: 'server_only' },
      shipping_address_collection: { allowed_countries: ['US'] },
    });
    assert.deepEqual(session.permissions, { update_shipping_details: 'server_only' });
    await expectStripeError(
      hostedSession(env.stripe, { permissions: { update_shipping_details: 'server_only' } }),
      {
        status: 400,
        param: 'permissions',
      },
    );
    await expectStripeError(
      elementsSession(env.stripe, {
        permissions: { update_line_items: 'server_only' } as Stripe.Checkout.SessionCreateParams.Permissions,
      }),
      { status: 400, code: 'parameter_unknown', param: 'permissions[update_line_items]' },
    );
  });
});

describe('optional_items', () => {
  it('are refused on elements sessions unless the account has the elements_optional_items preview', async () => {
    const refused = await expectStripeError(
      elementsSession(env.stripe, { optional_items: [{ price: 'price_demo_mug', quantity: 1 }] }),
      { status: 400, param: 'optional_items' },
    );
    assert.match(refused.message, /previews: \['elements_optional_items'\]/);
    const session = await elementsSession(preview.stripe, {
      optional_items: [
        { price: 'price_demo_mug', quantity: 1, adjustable_quantity: { enabled: true, maximum: 5 } },
        { price: 'price_demo_stickers', quantity: 2 },
      ],
    });
    assert.deepEqual(session.optional_items, [
      {
        adjustable_quantity: { enabled: true, minimum: 0, maximum: 5 },
        price: 'price_demo_mug',
        quantity: 1,
      },
      { adjustable_quantity: null, price: 'price_demo_stickers', quantity: 2 },
    ]);
    assert.equal(session.amount_total, 2500, 'optional items are not part of the order until added');
    const hosted = await hostedSession(env.stripe, {
      optional_items: [{ price: 'price_demo_mug', quantity: 1 }],
    });
    assert.equal(hosted.optional_items?.[0]?.price, 'price_demo_mug');
  });

  it('are validated like line items, within Stripe limits', async () => {
    const create = (optional_items: Stripe.Checkout.SessionCreateParams.OptionalItem[]) =>
      elementsSession(preview.stripe, { optional_items });
    await expectStripeError(create([{ price: 'price_nope', quantity: 1 }]), {
      status: 404,
      code: 'resource_missing',
      param: 'optional_items[0][price]',
    });
    await expectStripeError(
      create(Array.from({ length: 11 }, () => ({ price: 'price_demo_mug', quantity: 1 }))),
      { status: 400, param: 'optional_items', message: /at most 10 optional items/ },
    );
    await expectStripeError(
      create([
        { price: 'price_demo_mug', quantity: 1 },
        { price: 'price_demo_mug', quantity: 2 },
      ]),
      { status: 400, param: 'optional_items[1][price]' },
    );
    await expectStripeError(create([{ price: 'price_demo_membership_monthly', quantity: 1 }]), {
      status: 400,
      param: 'optional_items[0][price]',
      message: /recurring price/,
    });
    const euro = await preview.stripe.prices.create({
      currency: 'eur',
      unit_amount: 500,
      product_data: { name: 'Euro sticker' },
    });
    await expectStripeError(create([{ price: euro.id, quantity: 1 }]), {
      status: 400,
      param: 'optional_items[0][price]',
      message: /session's currency \(usd\)/,
    });
    await expectStripeError(
      create([{ price: 'price_demo_mug', quantity: 7, adjustable_quantity: { enabled: true, maximum: 5 } }]),
      { status: 400, param: 'optional_items[0][quantity]' },
    );
    await expectStripeError(create([{ price: 'price_demo_mug', quantity: 0 }]), {
      status: 400,
      param: 'optional_items[0][quantity]',
    });
    await expectStripeError(
      preview.stripe.checkout.sessions.create({
        mode: 'setup',
        ui_mode: 'elements',
        currency: 'usd',
        return_url: 'https://shop.example/return',
        optional_items: [{ price: 'price_demo_mug', quantity: 1 }],
      }),
      { status: 400, param: 'optional_items' },
    );
  });
});
