// A page written the way Stripe documents a React checkout (docs.stripe.com/js/react_stripe_js/checkout):
// CheckoutElementsProvider with loadStripe(), a PaymentElement, a BillingAddressElement and useCheckout().
// It runs against the emulator's stand-in, which the page loads before this script (window.Stripe exists, so
// loadStripe uses it). Written with createElement so esbuild needs no JSX setup.
import {
  BillingAddressElement,
  CheckoutElementsProvider,
  PaymentElement,
  useCheckout,
} from '@stripe/react-stripe-js/checkout';
import { loadStripe } from '@stripe/stripe-js';
import { createElement as h, type FormEvent, useState } from 'react';
import { createRoot } from 'react-dom/client';

declare global {
  interface Window {
    checkoutConfig: { publishableKey: string; clientSecret: string };
    reactChecks?: Record<string, string>;
  }
}

const config = window.checkoutConfig;
const stripePromise = loadStripe(config.publishableKey);

function CheckoutForm() {
  const result = useCheckout();
  const [message, setMessage] = useState('');
  const [paying, setPaying] = useState(false);
  if (result.type === 'loading') return h('p', null, 'Loading…');
  if (result.type === 'error') return h('p', { role: 'alert' }, result.error.message);
  const { checkout } = result;
  window.reactChecks = {
    createPaymentElement: typeof checkout.createPaymentElement,
    changeAppearance: typeof checkout.changeAppearance,
    loadFonts: typeof checkout.loadFonts,
    confirm: typeof checkout.confirm,
    currency: checkout.currency,
  };
  const pay = async (event: FormEvent) => {
    event.preventDefault();
    setPaying(true);
    const outcome = await checkout.confirm({ redirect: 'if_required' });
    setPaying(false);
    setMessage(
      outcome.type === 'error' ? outcome.error.message : `Paid ${outcome.session.total.total.amount}`,
    );
  };
  return h(
    'form',
    { onSubmit: pay, 'aria-label': 'Checkout' },
    h('p', { 'data-testid': 'email' }, checkout.email ?? ''),
    h('div', { id: 'payment' }, h(PaymentElement, null)),
    h('div', { id: 'billing' }, h(BillingAddressElement, null)),
    h('button', { type: 'submit', disabled: paying }, `Pay ${checkout.total.total.amount}`),
    h('p', { role: 'status' }, message),
  );
}

function App() {
  return h(
    CheckoutElementsProvider,
    { stripe: stripePromise, options: { clientSecret: config.clientSecret } },
    h(CheckoutForm),
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(h(App));
