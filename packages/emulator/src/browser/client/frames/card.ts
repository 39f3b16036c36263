// Card field validation with Stripe.js's messages. Pure, so the payment iframe and the tests share it.
import { passesLuhn } from '../../../state/cards.js';

export interface CardFields {
  number: string;
  expiry: string;
  cvc: string;
  postalCode: string;
}

export type CardFieldName = keyof CardFields;

export type CardErrors = Partial<Record<CardFieldName, string>>;

export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

function isAmex(digits: string): boolean {
  return /^3[47]/.test(digits);
}

/** "4242424242424242" → "4242 4242 4242 4242" (amex: 4-6-5). */
export function formatCardNumber(value: string): string {
  const digits = digitsOf(value).slice(0, 19);
  const groups = isAmex(digits) ? [4, 6, 5] : [4, 4, 4, 4, 3];
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.join(' ');
}

/** "1234" → "12 / 34". */
export function formatExpiry(value: string): string {
  const digits = digitsOf(value).slice(0, 4);
  return digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
}

export function parseExpiry(value: string): { month: number; year: number } | null {
  const digits = digitsOf(value);
  if (digits.length !== 4) return null;
  return { month: Number(digits.slice(0, 2)), year: 2000 + Number(digits.slice(2)) };
}

export function validateCard(fields: CardFields, now: Date, requirePostalCode: boolean): CardErrors {
  const errors: CardErrors = {};
  const number = digitsOf(fields.number);
  const expectedLength = isAmex(number) ? 15 : 16;
  if (number.length < expectedLength) errors.number = 'Your card number is incomplete.';
  else if (!passesLuhn(number)) errors.number = 'Your card number is invalid.';
  const expiry = parseExpiry(fields.expiry);
  if (!expiry) errors.expiry = "Your card's expiration date is incomplete.";
  else if (expiry.month < 1 || expiry.month > 12) errors.expiry = "Your card's expiration date is invalid.";
  else if (expiry.year < now.getFullYear()) errors.expiry = "Your card's expiration year is in the past.";
  else if (expiry.year === now.getFullYear() && expiry.month < now.getMonth() + 1) {
    errors.expiry = "Your card's expiration date is in the past.";
  }
  const cvc = digitsOf(fields.cvc);
  if (cvc.length < (isAmex(number) ? 4 : 3)) errors.cvc = "Your card's security code is incomplete.";
  if (requirePostalCode && fields.postalCode.trim() === '')
    errors.postalCode = 'Your postal code is incomplete.';
  return errors;
}
