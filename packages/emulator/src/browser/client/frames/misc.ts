// The Currency Selector's iframe and the 3-D Secure challenge page opened by confirm() for authentication-required
// test cards. The selector offers the session's `currencyOptions` (Adaptive Pricing: the integration currency
// and the buyer's local one) with their totals; picking one asks the stand-in to present the session in it.
import type { StripeCheckoutSession } from '@stripe/stripe-js';
import { actionButton, type FrameRuntime, type FrameView } from './runtime.js';

export function currencySelectorFrame({ post, root }: FrameRuntime): FrameView {
  const label = document.createElement('label');
  label.htmlFor = 'currency';
  label.textContent = 'Currency';
  const select = document.createElement('select');
  select.id = 'currency';
  select.disabled = true;
  const disclosure = document.createElement('p');
  disclosure.className = 'status';
  root.append(label, select, disclosure);
  select.addEventListener('change', () => post({ kind: 'currency-change', currency: select.value }));
  return {
    init() {},
    session(session: StripeCheckoutSession) {
      const options = session.currencyOptions ?? [
        { currency: session.currency, amount: session.total.total.amount, minorUnitsAmount: 0 },
      ];
      select.replaceChildren(
        ...options.map(
          (option) =>
            new Option(
              `${option.currency.toUpperCase()} ${option.amount}`,
              option.currency,
              option.currency === session.currency,
              option.currency === session.currency,
            ),
        ),
      );
      select.disabled = options.length < 2;
      const converted = options.find((option) => 'currencyConversion' in option && option.currencyConversion);
      const conversion =
        converted && 'currencyConversion' in converted ? converted.currencyConversion : undefined;
      disclosure.textContent = conversion
        ? `1 ${conversion.sourceCurrency.toUpperCase()} = ${conversion.fxRate} ${converted!.currency.toUpperCase()} (emulator's fixed rate)`
        : '';
    },
    message() {},
  };
}

export function challengeFrame({ post, root }: FrameRuntime): FrameView {
  const heading = document.createElement('h1');
  heading.textContent = '3D Secure 2 Test Page';
  heading.style.fontSize = '18px';
  const text = document.createElement('p');
  text.textContent =
    'This is a test authentication page of the Stripe emulator. Complete or fail the authentication of this payment.';
  const complete = actionButton('primary', 'Complete');
  const fail = actionButton('secondary', 'Fail');
  const actions = document.createElement('div');
  actions.className = 'stack';
  actions.append(complete, fail);
  const wrapper = document.createElement('div');
  wrapper.style.padding = '16px';
  wrapper.append(heading, text, actions);
  root.append(wrapper);
  const answer = (result: 'complete' | 'fail') => {
    complete.disabled = true;
    fail.disabled = true;
    post({ kind: 'challenge-result', result });
  };
  complete.addEventListener('click', () => answer('complete'));
  fail.addEventListener('click', () => answer('fail'));
  return { init() {}, session() {}, message() {} };
}
