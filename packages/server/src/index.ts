export { type CheckoutCore, type CheckoutHandler, createCheckoutHandler } from './core.js';
export {
  CheckoutInputError,
  CheckoutOptionsError,
  FulfilmentError,
  WebhookSignatureError,
  type WebhookSignatureFailure,
} from './errors.js';
export { checkoutRouter } from './express.js';
export {
  createFulfilmentForwarder,
  FULFILMENT_SIGNATURE_HEADER,
  type FulfilmentForwarder,
  type FulfilmentForwarderOptions,
  fulfilmentPayload,
  signFulfilment,
  verifyFulfilmentSignature,
} from './forwarding.js';
export type {
  EventRecord,
  Ledger,
  TaskClaim,
  TaskKey,
  TaskKind,
  TaskRecord,
  TaskState,
} from './ledger/ledger.js';
export { createPostgresLedger, type PostgresLedgerOptions } from './ledger/postgres.js';
export { createSqliteLedger } from './ledger/sqlite.js';
export { type CheckoutLoggerOptions, createCheckoutLogger } from './logger.js';
export {
  type CatalogEntry,
  type CheckoutMode,
  type CheckoutOptions,
  type CheckoutSession,
  ELEMENTS_UI_MODE_SINCE,
  type LineItem,
  type LineItemsRequest,
  type SessionDefaults,
  type SessionHook,
  uiModeFor,
} from './options.js';
export { createStripeClient, type StripeClientOptions } from './stripe-client.js';
export { verifyWebhook, WEBHOOK_TOLERANCE_SECONDS } from './webhook-signature.js';
