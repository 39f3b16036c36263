// The buyer's details as the emulator's two JSON surfaces take them: the stand-in's payment pages
// (`/v1/payment_pages/*`, what Stripe.js sends) and the test controls (`/_emulator/*`). Both use the REST API's
// ParamSchema machinery and snake_case, so one schema and one conversion serve both.
import type { AddressInput, TaxIdInput } from './controls.js';
import { invalidRequest } from './errors.js';
import { coerceParams } from './params.js';
import { emptyable, nullable, object, type ParamSchema, str } from './schema.js';

// A form left blank sends "" (or null) for an optional line; both mean "none".
const addressLine = (): ParamSchema => nullable(emptyable(str()));
export const addressSchema = object({
  line1: addressLine(),
  line2: addressLine(),
  city: addressLine(),
  state: addressLine(),
  postal_code: addressLine(),
  country: addressLine(),
});
export const namedAddressSchema = object({ name: nullable(str()), address: addressSchema }, ['address']);
export const taxIdSchema = object({ type: str(), value: str(), business_name: str() }, [
  'type',
  'value',
  'business_name',
]);

export type AddressBody = { [K in keyof AddressInput]?: string | null };
export interface NamedAddressBody {
  name?: string | null;
  address: AddressBody;
}
export interface TaxIdBody {
  type: string;
  value: string;
  business_name: string;
}

/** The lines the buyer filled in: blank and `null` lines are left out. */
export function addressFrom(body: AddressBody): AddressInput {
  return Object.fromEntries(
    Object.entries(body).filter(([, value]) => typeof value === 'string' && value !== ''),
  );
}

export function namedAddressFrom(body: NamedAddressBody): { name?: string; address: AddressInput } {
  return {
    ...(typeof body.name === 'string' ? { name: body.name } : {}),
    address: addressFrom(body.address),
  };
}

export function taxIdFrom(body: TaxIdBody): TaxIdInput {
  return { type: body.type, value: body.value, businessName: body.business_name };
}

/**
 * A JSON body checked like a REST request (unknown keys, types and required keys named by Stripe's rules).
 * `notAnObject` is the message for a body that is not a JSON object.
 */
export function jsonParams<T>(schema: ParamSchema, body: unknown, notAnObject: string): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest(notAnObject);
  return coerceParams<T>(schema, body);
}
