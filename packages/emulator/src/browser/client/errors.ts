/** Stripe.js throws IntegrationError for integration mistakes (bad key, bad mount target, ...). */
export class IntegrationError extends Error {
  readonly type = 'IntegrationError';
  constructor(message: string) {
    super(message);
    this.name = 'IntegrationError';
  }
}
