// The create parameters that turn on what a buyer is asked for besides the payment: tax IDs, consent, names,
// optional items, custom text, who may update shipping details, Link. Each is validated as stripe-node 23.1.0
// documents it (`SessionCreateParams` in node_modules/stripe/esm/resources/Checkout/Sessions.d.ts) and stored
// on the session record, which echoes it in Stripe's shape (state/session-view.ts).
import type {
  ConsentCollectionRecord,
  CustomTextRecord,
  NameCollectionRecord,
  OptionalItemRecord,
  SessionRecord,
  UiModeKind,
} from '../state/records.js';
import type { State } from '../state/store.js';
import type { CreateParams, CustomTextPosition, OptionalItemParams } from './checkout-session-params.js';
import { invalidRequest, resourceMissing } from './errors.js';

/** "There is a maximum of 10 optional items allowed on a Checkout Session" (SessionCreateParams.optional_items). */
const MAX_OPTIONAL_ITEMS = 10;
/** "For `payment` mode, there is a maximum of 100 combined line items and optional items" (same). */
const MAX_COMBINED_PAYMENT_ITEMS = 100;
/** "For `subscription` mode, there is a maximum of 20 line items and optional items with recurring Prices and 20
 * line items and optional items with one-time Prices" (same). */
const MAX_SUBSCRIPTION_ITEMS_PER_KIND = 20;
const MAX_ADJUSTABLE_QUANTITY = 999_999;
const CUSTOM_TEXT_POSITIONS: readonly CustomTextPosition[] = [
  'after_submit',
  'shipping_address',
  'submit',
  'terms_of_service_acceptance',
];

/**
 * Parameters stripe-node 23.1.0 documents as "You can't set this parameter if `ui_mode` is `elements`" (and, for
 * `branding_settings`, "not allowed if ui_mode is `elements`"). `ui_mode: custom` is the same mode under its name
 * before 2026-03-25.dahlia.
 */
const NOT_FOR_ELEMENTS: readonly { param: string; given: (params: CreateParams) => boolean }[] = [
  { param: 'after_expiration', given: (params) => has(params, 'after_expiration') },
  { param: 'branding_settings', given: (params) => has(params, 'branding_settings') },
  { param: 'custom_fields', given: (params) => has(params, 'custom_fields') },
  { param: 'custom_text', given: (params) => params.custom_text !== undefined },
  { param: 'origin_context', given: (params) => has(params, 'origin_context') },
  { param: 'submit_type', given: (params) => params.submit_type !== undefined },
  {
    param: 'tax_id_collection[required]',
    given: (params) => params.tax_id_collection?.required !== undefined,
  },
  {
    param: 'payment_method_options[acss_debit]',
    given: (params) => nested(params, 'payment_method_options', 'acss_debit') !== undefined,
  },
  {
    param: 'payment_method_options[card][restrictions]',
    given: (params) => {
      const card = nested(params, 'payment_method_options', 'card');
      return typeof card === 'object' && card !== null && 'restrictions' in card;
    },
  },
];

function has(params: CreateParams, key: string): boolean {
  return (params as Record<string, unknown>)[key] !== undefined;
}

function nested(params: CreateParams, key: string, child: string): unknown {
  const value = (params as Record<string, unknown>)[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[child] : undefined;
}

/** Refuses what a session of this `ui_mode` cannot have, naming the parameter and the mode as the request named it. */
export function assertAllowedForUiMode(
  state: State,
  params: CreateParams,
  uiMode: UiModeKind,
  uiName: string,
): void {
  if (uiMode === 'elements') {
    for (const rule of NOT_FOR_ELEMENTS) {
      if (rule.given(params)) throw notForUiMode(rule.param, uiName);
    }
    // stripe-node 23.1.0 says `optional_items` "can't" be set with `ui_mode: elements`, while @stripe/stripe-js
    // 9+ declares `optionalItems`, `addOptionalLineItem()` and `removeOptionalLineItem()` for exactly those
    // sessions: an account needs a preview for them (FIDELITY.md). The emulator follows the API reference unless
    // it is started with that preview.
    if (params.optional_items !== undefined && !state.account.previews.has('elements_optional_items')) {
      throw invalidRequest(
        `You can't set \`optional_items\` when \`ui_mode\` is \`${uiName}\`. Stripe.js offers optional items to ` +
          "Elements integrations as a preview; start the emulator with previews: ['elements_optional_items'] " +
          '(CLI: --preview elements_optional_items) to emulate an account that has it.',
        { code: 'parameters_exclusive', param: 'optional_items' },
      );
    }
  }
  // "Can only be set when creating `embedded_page` or `elements` sessions" (SessionCreateParams.permissions).
  if (params.permissions !== undefined && uiMode === 'hosted') throw notForUiMode('permissions', uiName);
}

function notForUiMode(param: string, uiName: string) {
  return invalidRequest(`You can't set \`${param}\` when \`ui_mode\` is \`${uiName}\`.`, {
    code: 'parameters_exclusive',
    param,
  });
}

/** The collection settings of a new session, validated. */
export function resolveCollection(
  state: State,
  params: CreateParams,
  mode: SessionRecord['mode'],
): Pick<
  SessionRecord,
  | 'taxIdCollection'
  | 'consentCollection'
  | 'customText'
  | 'nameCollection'
  | 'updateShippingDetails'
  | 'linkDisplay'
> {
  // "Can only be set in `payment` and `subscription` mode" (SessionCreateParams.PhoneNumberCollection.enabled).
  if (mode === 'setup' && params.phone_number_collection?.enabled) {
    throw invalidRequest(
      '`phone_number_collection[enabled]` can only be set in `payment` and `subscription` mode.',
      {
        param: 'phone_number_collection[enabled]',
      },
    );
  }
  return {
    taxIdCollection: {
      enabled: params.tax_id_collection?.enabled ?? false,
      // "Defaults to `never`" (SessionCreateParams.TaxIdCollection.required).
      required: params.tax_id_collection?.required ?? 'never',
    },
    consentCollection: resolveConsent(state, params.consent_collection),
    customText: resolveCustomText(params.custom_text),
    nameCollection: resolveNames(params.name_collection),
    updateShippingDetails: params.permissions?.update_shipping_details ?? null,
    linkDisplay: params.wallet_options?.link?.display ?? null,
  };
}

function resolveConsent(
  state: State,
  consent: CreateParams['consent_collection'],
): ConsentCollectionRecord | null {
  if (consent === undefined) return null;
  // "There must be a valid terms of service URL set in your Dashboard settings"
  // (SessionCreateParams.ConsentCollection.terms_of_service); the emulator's is `termsOfServiceUrl`.
  if (consent.terms_of_service === 'required' && !state.account.termsOfServiceUrl) {
    throw invalidRequest(
      'You cannot set `consent_collection[terms_of_service]` to `required` without a terms of service URL in ' +
        'your Dashboard public details (https://dashboard.stripe.com/settings/public). The emulator was started ' +
        'with termsOfServiceUrl: null.',
      { param: 'consent_collection[terms_of_service]' },
    );
  }
  return {
    paymentMethodReuseAgreement: consent.payment_method_reuse_agreement ?? null,
    promotions: consent.promotions ?? null,
    termsOfService: consent.terms_of_service ?? null,
  };
}

function resolveCustomText(text: CreateParams['custom_text']): CustomTextRecord {
  const entries = CUSTOM_TEXT_POSITIONS.map((position) => {
    const value = text?.[position];
    return [position, typeof value === 'object' ? { message: value.message } : null] as const;
  });
  return Object.fromEntries(entries) as CustomTextRecord;
}

function resolveNames(names: CreateParams['name_collection']): NameCollectionRecord | null {
  if (names === undefined) return null;
  // `optional` "Defaults to `false`" (SessionCreateParams.NameCollection.Business/Individual).
  const field = (given: { enabled: boolean; optional?: boolean } | undefined) =>
    given ? { enabled: given.enabled, optional: given.optional ?? false } : null;
  return { business: field(names.business), individual: field(names.individual) };
}

/**
 * `optional_items`: prices the buyer may add. Each must be an active price in the session's currency that the
 * mode accepts (a recurring price needs `subscription` mode), within Stripe's limits on counts and quantities.
 */
export function resolveOptionalItems(
  state: State,
  items: readonly OptionalItemParams[] | undefined,
  session: Pick<SessionRecord, 'mode' | 'lineItems'> & { currency: string },
): OptionalItemRecord[] | null {
  if (items === undefined) return null;
  if (session.mode === 'setup') {
    throw invalidRequest('You cannot pass `optional_items` in `setup` mode.', { param: 'optional_items' });
  }
  if (items.length > MAX_OPTIONAL_ITEMS) {
    throw invalidRequest(`A Checkout Session accepts at most ${MAX_OPTIONAL_ITEMS} optional items.`, {
      param: 'optional_items',
    });
  }
  if (session.mode === 'payment' && items.length + session.lineItems.length > MAX_COMBINED_PAYMENT_ITEMS) {
    throw invalidRequest(
      `A Checkout Session in \`payment\` mode accepts at most ${MAX_COMBINED_PAYMENT_ITEMS} line items and optional items combined.`,
      { param: 'optional_items' },
    );
  }
  const seen = new Set<string>();
  const records = items.map((item, index): OptionalItemRecord => {
    const path = `optional_items[${index}]`;
    const price = state.prices.get(item.price);
    if (!price) throw resourceMissing('price', item.price, `${path}[price]`);
    if (!price.active) {
      throw invalidRequest(
        `The price specified (${price.id}) is inactive. This field only accepts active prices.`,
        { param: `${path}[price]` },
      );
    }
    // Stripe.js adds and removes optional items by price (`addOptionalLineItem(priceId)`), so one price may be
    // offered once (FIDELITY.md: the emulator's rule).
    if (seen.has(price.id)) {
      throw invalidRequest(
        `The price ${price.id} is offered twice in \`optional_items\`; offer each price once.`,
        {
          param: `${path}[price]`,
        },
      );
    }
    seen.add(price.id);
    if (price.currency !== session.currency) {
      throw invalidRequest(
        `All optional items must use the session's currency (${session.currency}); ${path} is in ${price.currency}.`,
        { param: `${path}[price]` },
      );
    }
    if (session.mode === 'payment' && price.type === 'recurring') {
      throw invalidRequest(
        'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
        { param: `${path}[price]` },
      );
    }
    const adjustable = item.adjustable_quantity
      ? {
          enabled: item.adjustable_quantity.enabled,
          // "By default this value is 0" / "By default this value is 99. You can specify a value up to 999999."
          minimum: item.adjustable_quantity.minimum ?? 0,
          maximum: item.adjustable_quantity.maximum ?? 99,
        }
      : null;
    if (adjustable && adjustable.maximum > MAX_ADJUSTABLE_QUANTITY) {
      throw invalidRequest(
        `Invalid ${path}[adjustable_quantity][maximum]: must be at most ${MAX_ADJUSTABLE_QUANTITY}.`,
        { param: `${path}[adjustable_quantity][maximum]` },
      );
    }
    if (adjustable && adjustable.minimum > adjustable.maximum) {
      throw invalidRequest(
        `${path}[adjustable_quantity][minimum] (${adjustable.minimum}) must not exceed ${path}[adjustable_quantity][maximum] (${adjustable.maximum}).`,
        { param: `${path}[adjustable_quantity][minimum]` },
      );
    }
    if (item.quantity < 1 || item.quantity > MAX_ADJUSTABLE_QUANTITY) {
      throw invalidRequest(`Invalid ${path}[quantity]: must be between 1 and ${MAX_ADJUSTABLE_QUANTITY}.`, {
        param: `${path}[quantity]`,
      });
    }
    if (adjustable?.enabled && (item.quantity < adjustable.minimum || item.quantity > adjustable.maximum)) {
      throw invalidRequest(
        `${path}[quantity] (${item.quantity}) must be between ${path}[adjustable_quantity][minimum] (${adjustable.minimum}) and [maximum] (${adjustable.maximum}).`,
        { param: `${path}[quantity]` },
      );
    }
    return { priceId: price.id, quantity: item.quantity, adjustableQuantity: adjustable, lineItemId: null };
  });
  if (session.mode === 'subscription') {
    const recurring = (priceId: string) => state.prices.get(priceId)?.type === 'recurring';
    const all = [...session.lineItems.map((line) => line.priceId), ...records.map((item) => item.priceId)];
    const recurringCount = all.filter(recurring).length;
    if (
      recurringCount > MAX_SUBSCRIPTION_ITEMS_PER_KIND ||
      all.length - recurringCount > MAX_SUBSCRIPTION_ITEMS_PER_KIND
    ) {
      throw invalidRequest(
        `A Checkout Session in \`subscription\` mode accepts at most ${MAX_SUBSCRIPTION_ITEMS_PER_KIND} recurring and ${MAX_SUBSCRIPTION_ITEMS_PER_KIND} one-time line items and optional items combined.`,
        { param: 'optional_items' },
      );
    }
  }
  return records;
}
