// `@checkout-element/server`: the Fetch API core. No Express, helmet or database driver is imported from here,
// so it runs in any runtime with `fetch`; the stores and the Express router are the `./sqlite`, `./postgres` and
// `./express` entry points.
export type {
  CompanionErrorBody,
  CompanionErrorCode,
  SessionCreated,
  SessionItemsUpdateRequest,
  SessionShippingUpdateRequest,
  SessionStatus,
  SessionUpdated,
  UiMode,
  WebhookAnswer,
} from '@checkout-element/protocol';
export type { CheckoutCall } from './call.js';
export {
  type CheckoutCore,
  type CheckoutHandler,
  createCheckoutCore,
  createCheckoutHandler,
} from './core.js';
export {
  CheckoutInputError,
  CheckoutOptionsError,
  FulfilmentError,
  InvalidEventError,
  LedgerUnavailableError,
  WebhookSignatureError,
  type WebhookSignatureFailure,
} from './errors.js';
export {
  createFulfilmentForwarder,
  FULFILMENT_SIGNATURE_HEADER,
  type FulfilmentForwarder,
  type FulfilmentForwarderOptions,
  fulfilmentPayload,
  signFulfilment,
  verifyFulfilmentSignature,
} from './forwarding.js';
export {
  type EventRecord,
  type EventStart,
  LEDGER_SCHEMA_VERSION,
  type Ledger,
  type LedgerDurability,
  type TaskClaim,
  type TaskKey,
  type TaskKind,
  type TaskRecord,
  type TaskState,
} from './ledger/ledger.js';
export type { Answer } from './http.js';
export { type CheckoutLoggerOptions, createCheckoutLogger } from './logger.js';
export {
  type CatalogEntry,
  type CheckoutMode,
  type CheckoutOptions,
  type CheckoutSession,
  ELEMENTS_UI_MODE_SINCE,
  type LineItem,
  type LineItemsRequest,
  type RateLimit,
  type SessionDefaults,
  type SessionHook,
  uiModeFor,
} from './options.js';
export { type OrderRow, ordersFrom } from './orders.js';
export {
  MAX_SHIPPING_RATES,
  parseShippingRates,
  type ShippingAddress,
  type ShippingOptionsHook,
  type ShippingQuote,
  type ShippingRateQuote,
  type ShippingRateTable,
  type ShippingRefusal,
  shippingRateTable,
} from './shipping.js';
export { createStripeClient, type StripeClientOptions } from './stripe-client.js';
export { verifyWebhook, WEBHOOK_TOLERANCE_SECONDS } from './webhook-signature.js';
