// `POST /v1/checkout/sessions/:id`: what a merchant's server may change on an open session, held to
// SessionUpdateParams (stripe-node 23.1.0) and Stripe's guides on dynamic updates:
// - line items: https://docs.stripe.com/payments/advanced/dynamically-update-line-items (and the 2025-12-15.clover
//   changelog "Adds the ability to update line items on existing Checkout Sessions with a custom UI");
// - shipping: https://docs.stripe.com/payments/checkout/custom-shipping-options?payment-ui=embedded-components
//   ("Pass in permissions.update_shipping_details=server_only when you create the Checkout Session to enable update
//   shipping address and shipping options from your server").
import { fillAddress } from '../state/lifecycle.js';
import type { SessionRecord } from '../state/records.js';
import type { State } from '../state/store.js';
import { uiModeName } from '../state/api-version.js';
import {
  assertSameCurrency,
  resolveLineItems,
  resolveShippingOptions,
  withoutEmpty,
} from './checkout-session-builder.js';
import type { UpdateParams } from './checkout-session-params.js';
import { invalidRequest } from './errors.js';

/** "The shipping rate options to apply to this Session. Up to a maximum of 5." (SessionUpdateParams.shipping_options) */
const MAX_SHIPPING_OPTIONS = 5;
const SHIPPING_GUIDE =
  'https://docs.stripe.com/payments/checkout/custom-shipping-options?payment-ui=embedded-components';
const LINE_ITEMS_GUIDE = 'https://docs.stripe.com/payments/advanced/dynamically-update-line-items';

/** Applies an update, or refuses it whole: every check runs before anything changes. */
export function applySessionUpdate(state: State, session: SessionRecord, update: UpdateParams): void {
  if (session.status !== 'open') {
    throw invalidRequest(`This Checkout Session is ${session.status} and can no longer be updated.`, {
      code: session.status === 'expired' ? 'checkout_session_expired' : 'checkout_session_complete',
    });
  }
  const uiName = uiModeName(session.uiMode, session.createdApiVersion);
  const currency = session.currency ?? 'usd';

  const lineItems =
    update.line_items !== undefined ? checkedLineItems(state, session, update, uiName) : undefined;
  let rateIds: string[] | undefined;
  if (update.shipping_options !== undefined) {
    assertServerMayUpdateShipping(session, 'shipping_options');
    // "Only supported in payment mode. Shipping rates aren't available in subscription mode." (shipping guide)
    if (session.mode !== 'payment') {
      throw invalidRequest('`shipping_options` can only be used in `payment` mode.', {
        param: 'shipping_options',
      });
    }
    const options = update.shipping_options === '' ? [] : update.shipping_options;
    if (options.length > MAX_SHIPPING_OPTIONS) {
      throw invalidRequest(`A Checkout Session accepts at most ${MAX_SHIPPING_OPTIONS} shipping options.`, {
        param: 'shipping_options',
      });
    }
    rateIds = resolveShippingOptions(state, options, currency);
  }
  const shippingDetails = update.collected_information?.shipping_details;
  if (update.collected_information !== undefined) {
    // "Can only be set when updating `embedded_page` or `elements` sessions." (SessionUpdateParams.collected_information)
    if (session.uiMode === 'hosted') {
      throw invalidRequest(`You can't update \`collected_information\` when \`ui_mode\` is \`${uiName}\`.`, {
        param: 'collected_information',
      });
    }
    assertServerMayUpdateShipping(session, 'collected_information[shipping_details]');
  }
  if (shippingDetails) assertShipsTo(session, shippingDetails.address.country ?? '');
  if (update.payment_intent_data !== undefined) {
    // "You can only update these parameters when `ui_mode` is `elements` and while the session is active"
    // (SessionUpdateParams.payment_intent_data); "for Checkout Sessions in `payment` mode".
    if (session.uiMode !== 'elements' || session.mode !== 'payment') {
      throw invalidRequest(
        `You can only update \`payment_intent_data\` of a \`payment\` mode Checkout Session with \`ui_mode: elements\`; this one is a \`${session.mode}\` session with \`ui_mode: ${uiName}\`.`,
        { param: 'payment_intent_data' },
      );
    }
  }

  if (update.metadata !== undefined) {
    session.metadata =
      update.metadata === '' ? {} : withoutEmpty({ ...session.metadata, ...update.metadata });
  }
  if (lineItems) {
    session.lineItems = lineItems;
    // An optional item the buyer added is deselected when the server's list no longer has its line item.
    for (const optional of session.optionalItems ?? []) {
      if (optional.lineItemId && !lineItems.some((line) => line.id === optional.lineItemId)) {
        optional.lineItemId = null;
      }
    }
  }
  if (rateIds) {
    session.shippingRateIds = rateIds;
    if (session.selectedShippingRateId === null || !rateIds.includes(session.selectedShippingRateId)) {
      session.selectedShippingRateId = rateIds[0] ?? null;
    }
  }
  if (shippingDetails) {
    session.shipping = { name: shippingDetails.name, address: fillAddress(shippingDetails.address) };
  }
}

/**
 * "When updating line items, you must retransmit the entire array of line items. To retain an existing line item,
 * specify its `id`. … To add a new line item, specify one of `price` or `price_data` and `quantity`. To remove an
 * existing line item, omit the line item's ID" (SessionUpdateParams.line_items).
 */
function checkedLineItems(state: State, session: SessionRecord, update: UpdateParams, uiName: string) {
  const items = update.line_items ?? [];
  // Dynamic line item updates are for Elements: "Dynamic updates aren't supported for hosted pages" and "The full
  // embedded page doesn't support dynamically updating line items" (the line items guide's other variants).
  if (session.uiMode !== 'elements') {
    throw invalidRequest(
      `You can only update \`line_items\` of a Checkout Session with \`ui_mode: elements\`; this one has \`ui_mode: ${uiName}\` (${LINE_ITEMS_GUIDE}).`,
      { param: 'line_items' },
    );
  }
  if (session.mode === 'setup') {
    throw invalidRequest('You cannot pass `line_items` in `setup` mode.', { param: 'line_items' });
  }
  if (items.length === 0) {
    throw invalidRequest(
      'A Checkout Session needs at least one line item: retransmit the items to keep (with their `id`). To end the checkout, expire the session instead.',
      { param: 'line_items' },
    );
  }
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (item.id === undefined) return;
    if (seen.has(item.id)) {
      throw invalidRequest(
        `The line item ${item.id} appears twice in \`line_items\`; list each existing item once.`,
        {
          param: `line_items[${index}][id]`,
        },
      );
    }
    seen.add(item.id);
  });
  const lineItems = resolveLineItems(state, items, session.mode, session.lineItems);
  assertSameCurrency(state, lineItems, session.currency ?? 'usd');
  return lineItems;
}

function assertServerMayUpdateShipping(session: SessionRecord, param: string): void {
  if (session.updateShippingDetails === 'server_only') return;
  throw invalidRequest(
    `To update \`${param}\` from your server, create the Checkout Session with \`permissions[update_shipping_details]=server_only\` (${SHIPPING_GUIDE}).`,
    { param },
  );
}

function assertShipsTo(session: SessionRecord, country: string): void {
  const allowed = session.shippingAddressCollection?.allowed_countries;
  if (allowed && !allowed.includes(country)) {
    throw invalidRequest(
      `This session ships only to ${allowed.join(', ')} (shipping_address_collection[allowed_countries]); ${country} is not one of them.`,
      { param: 'collected_information[shipping_details][address][country]' },
    );
  }
}
