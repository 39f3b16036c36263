/** What paying with a test card does, following Stripe's published test cards. */
export type CardOutcome =
  | { readonly kind: 'success'; readonly brand: string }
  | { readonly kind: 'three_d_secure'; readonly brand: string }
  | {
      readonly kind: 'decline';
      readonly brand: string;
      readonly code: 'card_declined' | 'expired_card' | 'incorrect_cvc';
      readonly declineCode: string;
      readonly message: string;
      readonly param?: string;
    };

/** Card number (digits only) → outcome. Any other number is declined like a live card used in test mode. */
export const TEST_CARDS: Readonly<Record<string, CardOutcome>> = Object.freeze({
  '4242424242424242': { kind: 'success', brand: 'visa' },
  '4000056655665556': { kind: 'success', brand: 'visa' },
  '5555555555554444': { kind: 'success', brand: 'mastercard' },
  '378282246310005': { kind: 'success', brand: 'amex' },
  '4000000000000002': {
    kind: 'decline',
    brand: 'visa',
    code: 'card_declined',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  },
  '4000000000009995': {
    kind: 'decline',
    brand: 'visa',
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  '4000000000000069': {
    kind: 'decline',
    brand: 'visa',
    code: 'expired_card',
    declineCode: 'expired_card',
    message: 'Your card has expired.',
    param: 'exp_month',
  },
  '4000000000000127': {
    kind: 'decline',
    brand: 'visa',
    code: 'incorrect_cvc',
    declineCode: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
    param: 'cvc',
  },
  '4000002500003155': { kind: 'three_d_secure', brand: 'visa' },
  '4000002760003184': { kind: 'three_d_secure', brand: 'visa' },
});

export const LIVE_CARD_IN_TEST_MODE: CardOutcome = Object.freeze({
  kind: 'decline',
  brand: 'unknown',
  code: 'card_declined',
  declineCode: 'test_mode_live_card',
  message: 'Your card was declined. Your request was in test mode, but used a non test card.',
});

export function normaliseCardNumber(number: string): string {
  return number.replace(/[\s-]/g, '');
}

export function cardOutcome(number: string): CardOutcome {
  return TEST_CARDS[normaliseCardNumber(number)] ?? LIVE_CARD_IN_TEST_MODE;
}

/** Stripe.js refuses numbers that are too short or fail the Luhn check before they reach the API. */
export function isCompleteCardNumber(number: string): boolean {
  const digits = normaliseCardNumber(number);
  return /^\d{13,19}$/.test(digits) && passesLuhn(digits);
}

/**
 * The Luhn checksum of a string of digits (every card number has one). Shared with the stand-in's card form
 * (client/frames/card.ts), which bundles this module.
 */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
