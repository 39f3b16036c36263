// The Currency Selector's iframe (the session's one currency: adaptive pricing is not emulated) and the
// 3-D Secure challenge page opened by confirm() for authentication-required test cards.
import type { StripeCheckoutSession } from '@stripe/stripe-js';
import type { FrameRuntime, FrameView } from './runtime.js';

export function currencySelectorFrame({ root }: FrameRuntime): FrameView {
  const label = document.createElement('label');
  label.htmlFor = 'currency';
  label.textContent = 'Currency';
  const select = document.createElement('select');
  select.id = 'currency';
  select.disabled = true;
  root.append(label, select);
  return {
    init() {},
    session(session: StripeCheckoutSession) {
      const code = session.currency.toUpperCase();
      select.replaceChildren(new Option(code, session.currency, true, true));
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
  const complete = document.createElement('button');
  complete.type = 'button';
  complete.className = 'primary';
  complete.textContent = 'Complete';
  const fail = document.createElement('button');
  fail.type = 'button';
  fail.className = 'secondary';
  fail.textContent = 'Fail';
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
