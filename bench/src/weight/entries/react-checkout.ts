// The smallest React checkout equivalent to <stripe-checkout session-endpoint=… price=…>: Stripe's own
// react-stripe-js provider fetching the client secret, the Payment Element, and a pay button that confirms.
// Written with createElement rather than JSX so it builds without a React plugin; the bytes are the same.
import {
  CheckoutElementsProvider,
  PaymentElement,
  useCheckoutElements,
} from '@stripe/react-stripe-js/checkout';
import { loadStripe } from '@stripe/stripe-js';
import { type FormEvent, createElement as h, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';

declare global {
  interface Window {
    checkoutConfig: { publishableKey: string; sessionEndpoint: string; price: string };
  }
}

const config = window.checkoutConfig;
const stripePromise = loadStripe(config.publishableKey);

function CheckoutForm() {
  const result = useCheckoutElements();
  const [paymentReady, setPaymentReady] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (result.type === 'loading') return h('p', null, 'Loading…');
  if (result.type === 'error') return h('p', { role: 'alert' }, result.error.message);
  const { checkout } = result;
  const pay = async (event: FormEvent) => {
    event.preventDefault();
    setConfirming(true);
    const outcome = await checkout.confirm({ redirect: 'if_required' });
    setConfirming(false);
    setMessage(outcome.type === 'error' ? outcome.error.message : 'Payment received');
  };
  return h(
    'form',
    { onSubmit: pay },
    h(PaymentElement, { onReady: () => setPaymentReady(true) }),
    h(
      'button',
      { type: 'submit', disabled: !paymentReady || confirming },
      `Pay ${checkout.total.total.amount}`,
    ),
    message && h('div', { role: 'alert' }, message),
  );
}

function App() {
  const clientSecret = useMemo(
    () =>
      fetch(config.sessionEndpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ items: [{ price: config.price, quantity: 1 }] }),
      })
        .then((response) => response.json() as Promise<{ clientSecret: string }>)
        .then((body) => body.clientSecret),
    [],
  );
  return h(CheckoutElementsProvider, { stripe: stripePromise, options: { clientSecret } }, h(CheckoutForm));
}

const mount = document.getElementById('checkout');
if (mount) createRoot(mount).render(h(App));
