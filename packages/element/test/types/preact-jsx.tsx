/** @jsxImportSource preact */
// Compile-time checks of the Preact JSX typings (run by `pnpm typecheck`).
import type {} from '../../src/jsx/preact.js';

export const checkout = (
  <stripe-checkout
    client-secret="cs_test_a_secret_b"
    publishable-key="pk_test_123"
    oncheckout-complete={(event) => event.detail.session.id}
  />
);

// @ts-expect-error redirect accepts only if_required | always
export const wrongRedirect = <stripe-checkout redirect="never" />;
