// The one wording for a Stripe feature the emulator does not reproduce. Every feature named through it is
// listed in the package's FIDELITY.md; test/fidelity.test.ts fails when one is not. Pure: the Stripe.js
// stand-in (client/not-emulated.ts) and the server routes both use it.

export const NOT_EMULATED_SUFFIX = 'is not emulated by the Stripe emulator (see FIDELITY.md)';

/** `<feature> is not emulated by the Stripe emulator (see FIDELITY.md)`. */
export function notEmulatedMessage(feature: string): string {
  return `${feature} ${NOT_EMULATED_SUFFIX}`;
}
