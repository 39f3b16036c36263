// Stripe's currency facts, shared by the companion server (which checks a configured currency before asking Stripe)
// and the emulator (which refuses what Stripe refuses and formats amounts as Stripe.js does). Pure data, no imports:
// it is the `@checkout-element/protocol/currencies` entry, which a browser bundle can take without zod.
// Source: https://docs.stripe.com/currencies (supported presentment currencies, zero-decimal and three-decimal
// currencies), transcribed 2026-11-30.

/**
 * Stripe's supported presentment currencies as its docs list them for a US account, lowercase ISO 4217, in the
 * order Stripe's own refusal lists them ("Invalid currency: zzz. Stripe currently supports these currencies: usd,
 * aed, …"). https://docs.stripe.com/currencies#presentment-currencies. BGN is gone since Bulgaria moved to the
 * euro; XCG (Caribbean guilder) is listed beside ANG, which it replaces.
 */
// biome-ignore format: a table, one currency per line would hide it
export const stripePresentmentCurrencies: readonly string[] = [
  'usd', 'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bif', 'bmd',
  'bnd', 'bob', 'brl', 'bsd', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'clp', 'cny', 'cop', 'crc', 'cve', 'czk',
  'djf', 'dkk', 'dop', 'dzd', 'egp', 'etb', 'eur', 'fjd', 'fkp', 'gbp', 'gel', 'gip', 'gmd', 'gnf', 'gtq', 'gyd',
  'hkd', 'hnl', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk', 'jmd', 'jpy', 'kes', 'kgs', 'khr', 'kmf', 'krw', 'kyd',
  'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl', 'mga', 'mkd', 'mmk', 'mnt', 'mop', 'mur', 'mvr', 'mwk',
  'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok', 'npr', 'nzd', 'pab', 'pen', 'pgk', 'php', 'pkr', 'pln', 'pyg',
  'qar', 'ron', 'rsd', 'rub', 'rwf', 'sar', 'sbd', 'scr', 'sek', 'sgd', 'shp', 'sle', 'sos', 'srd', 'std', 'szl',
  'thb', 'tjs', 'top', 'try', 'ttd', 'twd', 'tzs', 'uah', 'ugx', 'uyu', 'uzs', 'vnd', 'vuv', 'wst', 'xaf', 'xcd',
  'xcg', 'xof', 'xpf', 'yer', 'zar', 'zmw',
];

/**
 * Stripe's three-decimal currencies: API amounts are thousandths, and Stripe requires the last digit to be 0 (5.124
 * KWD is sent as 5120 or 5130). https://docs.stripe.com/currencies#three-decimal
 */
export const threeDecimalCurrencies: readonly string[] = ['bhd', 'jod', 'kwd', 'omr', 'tnd'];

/**
 * Currencies Stripe accepts only for accounts in some countries, beyond the list above: the three-decimal
 * currencies and the regional ones Stripe names in its refusal for such accounts. Which account may use which is
 * Stripe's check.
 */
export const stripeRegionalCurrencies: readonly string[] = [
  ...threeDecimalCurrencies,
  'btn',
  'ghs',
  'mru',
  'usdc',
];

/**
 * Stripe's zero-decimal currencies: API amounts are whole units (500 is ¥500). https://docs.stripe.com/currencies#zero-decimal
 * Stripe's special cases are not in it: ISK stays two-decimal in the API with amounts divisible by 100 (500 is
 * 5 ISK), and HUF and TWD are two-decimal for charges, zero-decimal for payouts only
 * (https://docs.stripe.com/currencies#special-cases). UGX is on Stripe's zero-decimal list.
 */
// biome-ignore format: a table
export const zeroDecimalCurrencies: readonly string[] = [
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
];

const zeroDecimal = new Set(zeroDecimalCurrencies);
const threeDecimal = new Set(threeDecimalCurrencies);

/** Whether `currency` (any case) is a zero-decimal currency: its API amounts are whole units. */
export function isZeroDecimalCurrency(currency: string): boolean {
  return zeroDecimal.has(currency.toLowerCase());
}

/**
 * How many API amount units make one unit of `currency` (any case): 1 for zero-decimal currencies, 1000 for
 * three-decimal ones, 100 for every other (Stripe.js's `minorUnitsAmountDivisor`).
 */
export function minorUnitsPerUnit(currency: string): 1 | 100 | 1000 {
  const code = currency.toLowerCase();
  if (zeroDecimal.has(code)) return 1;
  return threeDecimal.has(code) ? 1000 : 100;
}
