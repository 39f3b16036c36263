export { type Emulator, startEmulator } from './emulator.js';
export { DEFAULT_PUBLISHABLE_KEY, DEFAULT_SECRET_KEY, type EmulatorOptions } from './options.js';
export type { AddressInput, BuyerChanges, BuyerCompletion, TaxIdInput } from './api/controls.js';
export type { FaultKind, FaultSpec } from './api/faults.js';
export { StripeApiError, type StripeErrorBody } from './api/errors.js';
export { type CardOutcome, TEST_CARDS } from './state/cards.js';
export { DEMO_CATALOG } from './state/catalog.js';
export { AUTOMATIC_TAX_PERCENT } from './state/amounts.js';
export { LATEST_API_VERSION } from './state/api-version.js';
export { DEFAULT_TERMS_OF_SERVICE_URL, type Preview, PREVIEWS } from './state/store.js';
export type {
  DeliveryAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookOptions,
} from './webhooks/dispatcher.js';
export { signatureHeader, signWebhookPayload } from './webhooks/signature.js';
