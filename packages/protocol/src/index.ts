export {
  type CompanionErrorCode,
  companionErrors,
  type CompanionErrorBody,
  companionErrorBodySchema,
  isRetryable,
} from './errors.js';
export {
  type CheckoutItem,
  checkoutItemSchema,
  idempotencyKeyPattern,
  type SessionCreateRequest,
  sessionCreateRequestSchema,
  type SessionCreated,
  sessionCreatedSchema,
  type SessionStatus,
  sessionStatusSchema,
  type SessionStatusLineItem,
  sessionIdPattern,
  type UiMode,
  uiModeSchema,
  type WebhookAnswer,
  webhookAnswerSchema,
} from './sessions.js';
