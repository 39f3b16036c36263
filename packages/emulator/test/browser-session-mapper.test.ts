import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkoutAmount } from '../src/browser/client/money.js';
import { type RestSession, toCheckoutSession } from '../src/browser/client/session-mapper.js';
import { toCloverSession, toDahliaSession } from '../src/browser/client/session-shapes.js';

const product = {
  id: 'prod_tshirt',
  object: 'product',
  name: 'T-shirt',
  description: 'Organic cotton',
  images: ['https://example.com/tshirt.png'],
  unit_label: null,
};

const coupon = {
  id: 'SUMMER',
  object: 'coupon',
  name: 'Summer sale',
  percent_off: 10,
  amount_off: null,
  duration: 'repeating',
  duration_in_months: 3,
};

const promotionCode = { id: 'promo_1', object: 'promotion_code', code: 'SUMMER10' };

const shippingRate = (id: string, name: string, amount: number) => ({
  id,
  object: 'shipping_rate',
  display_name: name,
  fixed_amount: { amount, currency: 'usd' },
  delivery_estimate: {
    minimum: { unit: 'business_day', value: 2 },
    maximum: { unit: 'business_day', value: 5 },
  },
});

/** A REST session as /v1/payment_pages answers it (expanded), with only what the mapper reads. */
function restSession(overrides: Record<string, unknown> = {}): RestSession {
  return {
    id: 'cs_test_a1abc',
    object: 'checkout.session',
    livemode: false,
    currency: 'usd',
    mode: 'payment',
    status: 'open',
    payment_status: 'unpaid',
    amount_subtotal: 4000,
    amount_total: 4100,
    automatic_tax: { enabled: false, status: null, liability: null, provider: null },
    customer_email: null,
    customer_details: null,
    collected_information: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    discounts: [],
    return_url: 'https://shop.test/return?session_id={CHECKOUT_SESSION_ID}',
    total_details: {
      amount_discount: 0,
      amount_shipping: 0,
      amount_tax: 100,
      breakdown: { discounts: [], taxes: [] },
    },
    line_items: {
      object: 'list',
      has_more: false,
      url: '/v1/checkout/sessions/cs_test_a1abc/line_items',
      data: [
        {
          id: 'li_1',
          object: 'item',
          description: 'T-shirt',
          quantity: 2,
          amount_subtotal: 4000,
          amount_discount: 0,
          amount_tax: 0,
          amount_total: 4000,
          currency: 'usd',
          adjustable_quantity: { enabled: true, minimum: 1, maximum: null },
          price: {
            id: 'price_tshirt',
            object: 'price',
            unit_amount: 2000,
            currency: 'usd',
            recurring: null,
            product,
          },
        },
      ],
    },
    ...overrides,
  } as unknown as RestSession;
}

describe('toCheckoutSession (REST checkout.session → Stripe.js StripeCheckoutSession)', () => {
  it('formats amounts the way Stripe.js does, minor units plus a display string', () => {
    assert.deepEqual(checkoutAmount(4100, 'usd'), { minorUnitsAmount: 4100, amount: '$41.00' });
    assert.deepEqual(checkoutAmount(500, 'jpy'), { minorUnitsAmount: 500, amount: '¥500' });
    assert.equal(checkoutAmount(1999, 'eur').amount, '€19.99');
    // Three-decimal currencies count thousandths (https://docs.stripe.com/currencies#three-decimal).
    assert.equal(checkoutAmount(5120, 'kwd').amount.replace(/\s/gu, ' '), 'KWD 5.120');
  });

  it('maps totals, line items and the open status', () => {
    const session = toCheckoutSession(restSession());
    assert.equal(session.id, 'cs_test_a1abc');
    assert.deepEqual(session.status, { type: 'open' });
    assert.equal(session.minorUnitsAmountDivisor, 100);
    assert.equal(session.total.subtotal.amount, '$40.00');
    assert.equal(session.total.total.minorUnitsAmount, 4100);
    assert.equal(session.total.taxExclusive.minorUnitsAmount, 100);
    const [item] = session.lineItems;
    assert.ok(item);
    assert.equal(item.name, 'T-shirt');
    assert.equal(item.description, 'Organic cotton');
    assert.equal(item.quantity, 2);
    assert.equal(item.unitAmount.amount, '$20.00');
    assert.equal(item.priceId, 'price_tshirt');
    assert.deepEqual(item.images, ['https://example.com/tshirt.png']);
    assert.deepEqual(item.adjustableQuantity, { minimum: 1, maximum: 99 });
    assert.equal(session.discountAmounts, null);
    assert.equal(session.shipping, null);
  });

  it('cannot confirm without an email, can once the buyer gave one', () => {
    assert.equal(toCheckoutSession(restSession()).canConfirm, false);
    const withEmail = toCheckoutSession(restSession({ customer_email: 'buyer@example.com' }));
    assert.equal(withEmail.email, 'buyer@example.com');
    assert.equal(withEmail.canConfirm, true);
  });

  it('needs a shipping address when the session collects one', () => {
    const collecting = restSession({
      customer_email: 'buyer@example.com',
      shipping_address_collection: { allowed_countries: ['US'] },
    });
    assert.equal(toCheckoutSession(collecting).canConfirm, false);
    const address = {
      line1: '1 Main St',
      line2: null,
      city: 'Springfield',
      state: 'IL',
      postal_code: '62701',
      country: 'US',
    };
    const given = toCheckoutSession(
      restSession({
        customer_email: 'buyer@example.com',
        shipping_address_collection: { allowed_countries: ['US'] },
        collected_information: {
          shipping_details: { name: 'Jenny Rosen', address },
          business_name: null,
          individual_name: null,
        },
      }),
    );
    assert.equal(given.canConfirm, true);
    assert.deepEqual(given.shippingAddress, { name: 'Jenny Rosen', address });
  });

  it('maps shipping options and the selected one', () => {
    const session = toCheckoutSession(
      restSession({
        shipping_options: [
          { shipping_amount: 500, shipping_rate: shippingRate('shr_standard', 'Standard', 500) },
          { shipping_amount: 1500, shipping_rate: shippingRate('shr_express', 'Express', 1500) },
        ],
        shipping_cost: {
          amount_subtotal: 1500,
          amount_tax: 0,
          amount_total: 1500,
          shipping_rate: 'shr_express',
        },
        total_details: { amount_discount: 0, amount_shipping: 1500, amount_tax: 0 },
      }),
    );
    assert.deepEqual(
      session.shippingOptions.map((option) => [option.id, option.displayName, option.amount]),
      [
        ['shr_standard', 'Standard', '$5.00'],
        ['shr_express', 'Express', '$15.00'],
      ],
    );
    assert.equal(session.shipping?.shippingOption.id, 'shr_express');
    assert.equal(session.total.shippingRate.amount, '$15.00');
    assert.deepEqual(session.shippingOptions[0]?.deliveryEstimate, {
      minimum: { unit: 'business_day', value: 2 },
      maximum: { unit: 'business_day', value: 5 },
    });
  });

  it('maps an applied promotion code to discountAmounts', () => {
    const session = toCheckoutSession(
      restSession({
        discounts: [{ coupon, promotion_code: promotionCode }],
        total_details: {
          amount_discount: 400,
          amount_shipping: 0,
          amount_tax: 0,
          breakdown: {
            taxes: [],
            discounts: [
              {
                amount: 400,
                discount: { source: { coupon, type: 'coupon' }, promotion_code: promotionCode },
              },
            ],
          },
        },
      }),
    );
    assert.deepEqual(session.discountAmounts, [
      {
        minorUnitsAmount: 400,
        amount: '$4.00',
        displayName: 'Summer sale',
        promotionCode: 'SUMMER10',
        percentOff: 10,
        recurring: { type: 'repeating', durationInMonths: 3 },
      },
    ]);
    assert.equal(session.total.discount.amount, '$4.00');
  });

  it('resolves the ids in the discount breakdown through the expanded session discounts', () => {
    const session = toCheckoutSession(
      restSession({
        discounts: [{ coupon, promotion_code: promotionCode }],
        total_details: {
          amount_discount: 400,
          amount_shipping: 0,
          amount_tax: 0,
          breakdown: {
            taxes: [],
            discounts: [
              {
                amount: 400,
                discount: { source: { coupon: 'SUMMER', type: 'coupon' }, promotion_code: 'promo_1' },
              },
            ],
          },
        },
      }),
    );
    assert.equal(session.discountAmounts?.[0]?.promotionCode, 'SUMMER10');
    assert.equal(session.discountAmounts?.[0]?.displayName, 'Summer sale');
    assert.equal(session.discountAmounts?.[0]?.percentOff, 10);
  });

  it('maps completion with its payment status, and keeps the last payment error it is given', () => {
    const paid = toCheckoutSession(restSession({ status: 'complete', payment_status: 'paid' }));
    assert.deepEqual(paid.status, { type: 'complete', paymentStatus: 'paid' });
    assert.equal(paid.canConfirm, false);
    const expired = toCheckoutSession(restSession({ status: 'expired' }));
    assert.deepEqual(expired.status, { type: 'expired' });
    const declined = toCheckoutSession(restSession(), { lastPaymentErrorMessage: 'Your card was declined.' });
    assert.deepEqual(declined.lastPaymentError, { message: 'Your card was declined.' });
  });

  it('describes a subscription with its billing interval', () => {
    const base = restSession();
    const items = base.line_items!.data.map((item) => ({
      ...item,
      price: { ...item.price, recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' } },
    }));
    const session = toCheckoutSession(
      restSession({ mode: 'subscription', line_items: { ...base.line_items, data: items } }),
    );
    assert.equal(session.recurring?.interval, 'month');
    assert.equal(session.recurring?.dueNext.total.amount, '$41.00');
    assert.deepEqual(session.lineItems[0]?.recurring, {
      interval: 'month',
      intervalCount: 1,
      usageType: 'licensed',
    });
  });
});

describe('toCheckoutSession: what the session collects besides the payment', () => {
  const email = { customer_email: 'buyer@example.com' };

  it('cannot confirm without the phone number phone_number_collection requires', () => {
    const collecting = { ...email, phone_number_collection: { enabled: true } };
    assert.equal(toCheckoutSession(restSession(collecting)).canConfirm, false);
    const given = toCheckoutSession(
      restSession({ ...collecting, customer_details: { email: 'buyer@example.com', phone: '+1 555 0100' } }),
    );
    assert.equal(given.phoneNumber, '+1 555 0100');
    assert.equal(given.canConfirm, true);
  });

  it('reports nameCollection only when names are collected, and waits for the required ones', () => {
    assert.equal(toCheckoutSession(restSession(email)).nameCollection, null);
    const names = {
      ...email,
      name_collection: {
        individual: { enabled: true, optional: false },
        business: { enabled: true, optional: true },
      },
    };
    const missing = toCheckoutSession(restSession(names));
    assert.deepEqual(missing.nameCollection, { individualName: null, businessName: null });
    assert.equal(missing.canConfirm, false);
    const given = toCheckoutSession(
      restSession({
        ...names,
        collected_information: {
          shipping_details: null,
          individual_name: 'Ada Lovelace',
          business_name: null,
        },
      }),
    );
    assert.deepEqual(given.nameCollection, { individualName: 'Ada Lovelace', businessName: null });
    assert.equal(given.canConfirm, true, 'the optional business name may stay empty');
  });

  it('waits for accepted terms when consent_collection requires them', () => {
    const required = { ...email, consent_collection: { terms_of_service: 'required', promotions: null } };
    assert.equal(
      toCheckoutSession(restSession({ ...required, consent: { terms_of_service: null } })).canConfirm,
      false,
    );
    assert.equal(
      toCheckoutSession(restSession({ ...required, consent: { terms_of_service: 'accepted' } })).canConfirm,
      true,
    );
  });

  it('maps the tax ID and its business name to taxIdInfo; older releases drop a v10-only type', () => {
    const session = toCheckoutSession(
      restSession({
        customer_details: {
          email: 'buyer@example.com',
          business_name: 'Engines GmbH',
          tax_ids: [{ type: 'eu_vat', value: 'DE123456789' }],
        },
      }),
    );
    assert.deepEqual(session.taxIdInfo, {
      taxId: { type: 'eu_vat', value: 'DE123456789' },
      businessName: 'Engines GmbH',
    });
    assert.equal(session.businessName, 'Engines GmbH');
    assert.deepEqual(toDahliaSession(session).taxIdInfo, session.taxIdInfo);
    const canary = {
      ...session,
      taxIdInfo: { taxId: { type: 'ic_nif' as const, value: 'A1234567' }, businessName: 'X' },
    };
    assert.equal(toDahliaSession(canary).taxIdInfo, null, 'ic_nif is not a v9 StripeCheckoutTaxIdType');
    assert.equal(toCloverSession(canary).taxIdInfo, null);
    assert.deepEqual(toCloverSession(session).taxIdInfo, session.taxIdInfo);
  });

  it('maps optional items, selected or not, and marks the line items they became removable', () => {
    const mug = {
      id: 'price_mug',
      object: 'price',
      unit_amount: 1200,
      currency: 'usd',
      recurring: null,
      product: {
        id: 'prod_mug',
        object: 'product',
        name: 'Mug',
        description: null,
        images: [],
        unit_label: 'mug',
      },
    };
    const rest = restSession();
    const unselected = toCheckoutSession(rest, {
      optionalItems: [
        {
          price: mug as never,
          quantity: 1,
          adjustable_quantity: { enabled: true, minimum: 0, maximum: 5 },
          line_item: null,
        },
      ],
    });
    assert.deepEqual(unselected.optionalItems, [
      {
        priceId: 'price_mug',
        name: 'Mug',
        description: null,
        unitAmount: checkoutAmount(1200, 'usd'),
        unitAmountDecimal: null,
        unitLabel: 'mug',
        quantity: 1,
        adjustableQuantity: { minimum: 0, maximum: 5 },
        recurring: null,
        images: [],
        isSelected: false,
      },
    ]);
    assert.equal(unselected.lineItems[0]?.isRemovable, false);
    const selected = toCheckoutSession(rest, {
      optionalItems: [{ price: mug as never, quantity: 1, adjustable_quantity: null, line_item: 'li_1' }],
    });
    assert.equal(selected.optionalItems?.[0]?.isSelected, true);
    assert.equal(selected.optionalItems?.[0]?.quantity, 2, "the line item's quantity once added");
    assert.equal(selected.lineItems[0]?.isRemovable, true);
    assert.equal(toCheckoutSession(rest).optionalItems, null);
  });
});
