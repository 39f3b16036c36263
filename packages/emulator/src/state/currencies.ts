// Stripe's currency facts the emulator enforces, and the fixed exchange rates it uses for Adaptive Pricing.
// Pure data and arithmetic (no Node APIs): the Stripe.js stand-in bundles this module too.
import { minorUnitsPerUnit, stripePresentmentCurrencies } from '@checkout-element/protocol/currencies';

/**
 * Stripe's supported presentment currencies (a US account's), in the order Stripe lists them in the error for an
 * unknown one. The list is shared with the companion server: @checkout-element/protocol/currencies, transcribed
 * from https://docs.stripe.com/currencies#presentment-currencies.
 */
export const SUPPORTED_CURRENCIES: readonly string[] = stripePresentmentCurrencies;

const SUPPORTED = new Set(SUPPORTED_CURRENCIES);

export function isSupportedCurrency(currency: string): boolean {
  return SUPPORTED.has(currency.toLowerCase());
}

/**
 * 100 for two-decimal currencies, 1 for zero-decimal ones, 1000 for three-decimal ones (Stripe.js's
 * `minorUnitsAmountDivisor`; https://docs.stripe.com/currencies#zero-decimal and #three-decimal).
 */
export function minorUnitsAmountDivisor(currency: string): number {
  return minorUnitsPerUnit(currency);
}

/** The digits after the decimal point of an amount in `currency`: 0, 2 or 3. */
export function fractionDigits(currency: string): number {
  return Math.round(Math.log10(minorUnitsAmountDivisor(currency)));
}

/**
 * Minimum charge amounts, in minor units, for the currencies Stripe lists them for.
 * https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts
 * For every other currency Stripe requires the equivalent of 0.50 USD; see `minimumChargeAmount`.
 */
const MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50,
  aed: 200,
  aud: 50,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

/**
 * Emulator-fixed exchange rates, units of each currency per 1 USD. Real Adaptive Pricing uses live rates
 * guaranteed for 24 hours; fixed ones keep tests deterministic (FIDELITY.md lists this).
 */
export const FX_RATES_PER_USD: Readonly<Record<string, number>> = {
  usd: 1,
  eur: 0.92,
  gbp: 0.79,
  chf: 0.88,
  cad: 1.36,
  aud: 1.52,
  nzd: 1.65,
  jpy: 150,
  sek: 10.5,
  nok: 10.6,
  dkk: 6.9,
  pln: 4,
  czk: 23,
  huf: 360,
  mxn: 17,
  brl: 5,
  inr: 83,
  sgd: 1.35,
  hkd: 7.8,
};

/**
 * The currency Adaptive Pricing presents in each test-mode location (`test+location_XX@example.com`).
 * Countries outside this table see the integration currency only (FIDELITY.md).
 */
export const LOCATION_CURRENCIES: Readonly<Record<string, string>> = {
  US: 'usd',
  FR: 'eur',
  DE: 'eur',
  ES: 'eur',
  IT: 'eur',
  NL: 'eur',
  IE: 'eur',
  BE: 'eur',
  AT: 'eur',
  PT: 'eur',
  FI: 'eur',
  GB: 'gbp',
  CH: 'chf',
  CA: 'cad',
  AU: 'aud',
  NZ: 'nzd',
  JP: 'jpy',
  SE: 'sek',
  NO: 'nok',
  DK: 'dkk',
  PL: 'pln',
  CZ: 'czk',
  HU: 'huf',
  MX: 'mxn',
  BR: 'brl',
  IN: 'inr',
  SG: 'sgd',
  HK: 'hkd',
};

/** The exchange rate from one currency to another (units of `to` per unit of `from`), or undefined. */
export function fxRate(from: string, to: string): number | undefined {
  const fromRate = FX_RATES_PER_USD[from.toLowerCase()];
  const toRate = FX_RATES_PER_USD[to.toLowerCase()];
  if (fromRate === undefined || toRate === undefined) return undefined;
  // Six significant decimals, like the `fx_rate` strings Stripe shows.
  return Number((toRate / fromRate).toFixed(6));
}

/** Converts an amount in minor units, rounding half up to the target's minor unit. */
export function convertMinorUnits(amount: number, from: string, to: string): number {
  if (from.toLowerCase() === to.toLowerCase()) return amount;
  const rate = fxRate(from, to);
  if (rate === undefined) throw new RangeError(`No exchange rate from ${from} to ${to}.`);
  const major = amount / minorUnitsAmountDivisor(from);
  return Math.round(major * rate * minorUnitsAmountDivisor(to));
}

/** Stripe's minimum charge in minor units of `currency`, or undefined when the emulator cannot tell. */
export function minimumChargeAmount(currency: string): number | undefined {
  const code = currency.toLowerCase();
  const listed = MINIMUM_CHARGE[code];
  if (listed !== undefined) return listed;
  return FX_RATES_PER_USD[code] === undefined ? undefined : convertMinorUnits(50, 'usd', code);
}

/** "$0.50 usd", the way Stripe's minimum-amount errors print an amount. */
export function describeAmount(amount: number, currency: string): string {
  const divisor = minorUnitsAmountDivisor(currency);
  const major = (amount / divisor).toFixed(fractionDigits(currency));
  const symbol = currency.toLowerCase() === 'usd' ? '$' : '';
  return `${symbol}${major} ${currency.toLowerCase()}`;
}

/** The test-mode location of a buyer: Stripe's `test+location_XX@example.com` convention, or null. */
export function testLocation(email: string | null | undefined): string | null {
  const match = /\+location_([a-z]{2})@/i.exec(email ?? '');
  return match?.[1] ? match[1].toUpperCase() : null;
}
