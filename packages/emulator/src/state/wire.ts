import type Stripe from 'stripe';

/**
 * On the wire Stripe sends decimals as strings ("2500"); the SDK's `Decimal` type describes what it turns them
 * into after parsing. The emulator produces the wire form.
 */
export function wireDecimal(value: number | string): Stripe.Decimal {
  return String(value) as unknown as Stripe.Decimal;
}
