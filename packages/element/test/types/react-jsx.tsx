// Compile-time checks of the React 19 JSX typings (run by `pnpm typecheck`).
import type {} from '../../src/jsx/react.js';
import type { CheckoutErrorDetail } from '../../src/index.js';

export const checkout = (
  <stripe-checkout
    publishable-key="pk_test_123"
    session-endpoint="/sessions"
    theme="night"
    items={[{ price: 'price_1', quantity: 1 }]}
    oncheckout-error={(event) => {
      const detail: CheckoutErrorDetail = event.detail;
      return detail.code;
    }}
  >
    <p slot="complete">Thanks!</p>
  </stripe-checkout>
);

export const status = <stripe-checkout-status status-endpoint="/sessions" return-href="/" />;

// @ts-expect-error theme accepts only stripe | night | flat
export const wrongTheme = <stripe-checkout theme="dark" />;
