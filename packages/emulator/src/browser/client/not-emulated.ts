// The one way the stand-in says a Stripe.js feature is missing. Every feature named here is listed in the
// package's FIDELITY.md; test/fidelity.test.ts fails when one is not.
import { IntegrationError } from './errors.js';

export const NOT_EMULATED_SUFFIX = 'is not emulated by the Stripe emulator (see FIDELITY.md)';

/** `<feature> is not emulated by the Stripe emulator (see FIDELITY.md)`. */
export function notEmulatedMessage(feature: string): string {
  return `${feature} ${NOT_EMULATED_SUFFIX}`;
}

/** Throws Stripe.js's integration error type with the not-emulated message. */
export function notEmulated(feature: string): never {
  throw new IntegrationError(notEmulatedMessage(feature));
}
