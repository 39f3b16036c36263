import type { ShippingAddress } from '@checkout-element/protocol';
import type Stripe from 'stripe';
import { z } from 'zod';

export type { ShippingAddress };

/** One rate the shop offers for an address; `currency` defaults to the session's. */
export interface ShippingRateQuote {
  readonly displayName: string;
  /** In the currency's smallest unit (cents), as every Stripe amount. */
  readonly amount: number;
  readonly currency?: string;
}

/** The shop does not ship to this address: `message` is shown on the address field named by `field`. */
export interface ShippingRefusal {
  readonly refused: string;
  /** The address part at fault, as the protocol names it (default `address`), e.g. `address.country`. */
  readonly field?: string;
}

/** What a `shippingOptions` hook answers: 1–5 rates (Stripe's maximum per session), or a refusal. */
export type ShippingQuote = readonly ShippingRateQuote[] | ShippingRefusal;

/**
 * The shop's shipping calculator (issue 13, `permissions.update_shipping_details: 'server_only'`): called with the
 * address the buyer typed and the session (as Stripe has it now, without expansions).
 */
export type ShippingOptionsHook = (
  address: ShippingAddress,
  session: Stripe.Checkout.Session,
) => ShippingQuote | Promise<ShippingQuote>;

/** "The shipping rate options to apply to this Session. Up to a maximum of 5." (stripe-node SessionUpdateParams) */
export const MAX_SHIPPING_RATES = 5;

const rateSchema = z.strictObject({
  displayName: z.string().min(1).max(100),
  amount: z.number().int().min(0),
  currency: z
    .string()
    .regex(/^[a-zA-Z]{3}$/)
    .optional(),
});

/** The hook's answer, checked: a hook bug is the shop's to fix, reported in the log, never a buyer's 4xx. */
export const shippingQuoteSchema = z.union([
  z.array(rateSchema).min(1).max(MAX_SHIPPING_RATES),
  z.strictObject({
    refused: z.string().min(1).max(500),
    field: z
      .string()
      .regex(/^address(\.[a-z0-9_]+)?$/)
      .optional(),
  }),
]);

/** A fixed table: country code (or `*` for every other country) → the rates offered there. */
export type ShippingRateTable = Readonly<Record<string, readonly ShippingRateQuote[]>>;

/**
 * A `shippingOptions` hook from a fixed table (what `CHECKOUT_SHIPPING_RATES` configures). A country the table
 * does not list, when it has no `*` row, is refused with a message naming the countries it ships to.
 */
export function shippingRateTable(table: ShippingRateTable): ShippingOptionsHook {
  const countries = Object.keys(table).filter((country) => country !== '*');
  return (address) => {
    const rates = table[address.country] ?? table['*'];
    if (rates && rates.length > 0) return rates;
    return {
      refused: `We do not ship to ${address.country}; we ship to ${countries.join(', ')}.`,
      field: 'address.country',
    };
  };
}

/** `US:500,CA:900:Express,*:1500` → a rate table; throws an Error naming the entry at fault. */
export function parseShippingRates(text: string, defaultName = 'Standard shipping'): ShippingRateTable {
  const table: Record<string, ShippingRateQuote[]> = {};
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([A-Z]{2}|\*):(\d{1,9})(?::(.{1,100}))?$/.exec(entry);
    if (!match) {
      throw new Error(
        `"${entry}" should be COUNTRY:amount or COUNTRY:amount:label, with a two-letter country code in capitals or * and the amount in cents (e.g. US:500,CA:900:Express,*:1500)`,
      );
    }
    const [, country, amount, label] = match as unknown as [string, string, string, string | undefined];
    const rates = table[country] ?? [];
    table[country] = rates;
    if (rates.length === MAX_SHIPPING_RATES) {
      throw new Error(`lists more than ${MAX_SHIPPING_RATES} rates for ${country} (Stripe's maximum)`);
    }
    rates.push({ displayName: label?.trim() || defaultName, amount: Number(amount) });
  }
  if (Object.keys(table).length === 0) throw new Error('lists no rate (e.g. US:500,*:1500)');
  return table;
}
