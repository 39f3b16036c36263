// <stripe-checkout> used straight from React 19: properties and events through JSX, no wrapper. React 19 sets a
// prop as a property when the element has one (`items`), and `oncheckout-complete` listens to `checkout-complete`.
import '@checkout-element/element';
import type {} from '@checkout-element/element/react';
import { useMemo, useState } from 'react';

const companion = document.querySelector('meta[name="checkout-companion"]')?.getAttribute('content') ?? '';

const products = [
  { price: 'price_demo_tshirt', name: 'Emulator T-shirt' },
  { price: 'price_demo_mug', name: 'Emulator Mug' },
];

export function App() {
  const [quantities, setQuantities] = useState<Record<string, number>>({ price_demo_tshirt: 1 });
  const [status, setStatus] = useState('loading');
  const [paidTotal, setPaidTotal] = useState<string | null>(null);
  // A new `items` array starts a new session, so it changes only when the cart does.
  const items = useMemo(
    () =>
      Object.entries(quantities)
        .filter(([, quantity]) => quantity > 0)
        .map(([price, quantity]) => ({ price, quantity })),
    [quantities],
  );

  return (
    <main>
      <h1>React checkout</h1>
      <fieldset>
        <legend>Cart</legend>
        {products.map((product) => (
          <label key={product.price}>
            {product.name}{' '}
            <input
              type="number"
              min={0}
              max={10}
              value={quantities[product.price] ?? 0}
              onChange={(event) =>
                setQuantities({ ...quantities, [product.price]: Number(event.target.value) })
              }
            />
          </label>
        ))}
      </fieldset>
      <p role="status">
        Checkout state: <output data-testid="checkout-state">{status}</output>
        {paidTotal !== null && <> — paid {paidTotal}</>}
      </p>
      <stripe-checkout
        session-endpoint={`${companion}/sessions`}
        items={items}
        oncheckout-ready={() => setStatus('ready')}
        oncheckout-error={(event) => setStatus(`error: ${event.detail.message}`)}
        oncheckout-complete={(event) => {
          setStatus('complete');
          setPaidTotal(event.detail.session.total.total.amount);
        }}
      />
    </main>
  );
}
