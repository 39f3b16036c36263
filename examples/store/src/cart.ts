import { CheckoutInputError, type LineItem, type LineItemsRequest } from '@checkout-element/server';

const maxQuantity = 10;

/**
 * Turns the cart the page sends into line items, like the server's `catalog` option, but lets the buyer change
 * quantities inside the checkout (`adjustable_quantity`), which a plain catalog entry does not ask Stripe for.
 */
export function cartLineItems(allowlist: readonly string[]) {
  const sellable = new Set(allowlist);
  return ({ items }: LineItemsRequest): LineItem[] => {
    if (!Array.isArray(items) || items.length === 0 || items.length > 20) {
      throw new CheckoutInputError('items: must list 1 to 20 { price, quantity } entries', 'items');
    }
    const seen = new Set<string>();
    return items.map((item: unknown, index) => {
      const { price, quantity, ...rest } = (typeof item === 'object' && item !== null ? item : {}) as Record<
        string,
        unknown
      >;
      const extra = Object.keys(rest)[0];
      if (extra)
        throw new CheckoutInputError(`items[${index}].${extra}: unknown field`, `items[${index}].${extra}`);
      if (typeof price !== 'string' || !sellable.has(price) || seen.has(price)) {
        throw new CheckoutInputError(
          `items[${index}].price: not for sale here, or listed twice`,
          `items[${index}].price`,
        );
      }
      if (!Number.isInteger(quantity) || (quantity as number) < 1 || (quantity as number) > maxQuantity) {
        throw new CheckoutInputError(
          `items[${index}].quantity: must be a whole number from 1 to ${maxQuantity}`,
          `items[${index}].quantity`,
        );
      }
      seen.add(price);
      return {
        price,
        quantity: quantity as number,
        adjustable_quantity: { enabled: true, minimum: 1, maximum: maxQuantity },
      };
    });
  };
}
