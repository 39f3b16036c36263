// How the stand-in refuses a Stripe.js feature it does not emulate: Stripe.js's integration error type with the
// shared wording (../not-emulated.ts), so every such feature is listed in FIDELITY.md.
import { notEmulatedMessage } from '../not-emulated.js';
import { IntegrationError } from './errors.js';

export { notEmulatedMessage } from '../not-emulated.js';

/** Throws `<feature> is not emulated by the Stripe emulator (see FIDELITY.md)` as an IntegrationError. */
export function notEmulated(feature: string): never {
  throw new IntegrationError(notEmulatedMessage(feature));
}
