// The Express Checkout Element's iframe: a test wallet button. Clicking it asks the page (the `click` event);
// once resolved, a small wallet sheet offers "Approve" (→ `confirm` event) or "Cancel" (→ `cancel` event).
import type { StripeCheckoutSession } from '@stripe/stripe-js';
import type { ToFrame } from '../protocol.js';
import { actionButton, type FrameRuntime, type FrameView } from './runtime.js';

export function expressCheckoutFrame({ post, root }: FrameRuntime): FrameView {
  const button = actionButton('wallet', 'Pay with Test Wallet');
  const sheet = document.createElement('div');
  sheet.className = 'stack';
  sheet.setAttribute('role', 'group');
  sheet.setAttribute('aria-label', 'Test wallet');
  sheet.hidden = true;
  const summary = document.createElement('p');
  summary.className = 'status';
  const approve = actionButton('primary', 'Approve');
  const cancel = actionButton('secondary', 'Cancel');
  sheet.append(summary, approve, cancel);
  const status = document.createElement('p');
  status.className = 'status';
  status.setAttribute('role', 'status');
  root.append(button, sheet, status);

  let total = '';
  const showButton = () => {
    button.hidden = false;
    button.disabled = false;
    sheet.hidden = true;
  };
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = '';
    post({ kind: 'wallet-click' });
  });
  approve.addEventListener('click', () => {
    approve.disabled = true;
    cancel.disabled = true;
    status.textContent = 'Processing…';
    post({ kind: 'wallet-approve' });
  });
  cancel.addEventListener('click', () => {
    showButton();
    post({ kind: 'wallet-cancel' });
  });

  // "By default, the height of the buttons are 44px. You can override this to specify a custom button height in
  // the range of 40px-55px" (docs.stripe.com/js/custom_checkout/create_express_checkout_element, `buttonHeight`):
  // the frame is exactly one button tall while it shows the button, so a page reserving 44 px sees no growth.
  const setButtonHeight = (options: Record<string, unknown>) => {
    const height = options.buttonHeight;
    const pixels = typeof height === 'number' ? Math.min(55, Math.max(40, height)) : 44;
    document.documentElement.style.setProperty('--buttonHeight', `${pixels}px`);
  };
  setButtonHeight({});

  return {
    init(init) {
      setButtonHeight(init.options);
    },
    session(session: StripeCheckoutSession) {
      total = session.total.total.amount;
      button.setAttribute('aria-label', `Pay ${total} with Test Wallet`);
    },
    message(message: ToFrame) {
      if (message.kind !== 'wallet-result') return;
      if (message.outcome === 'sheet') {
        button.hidden = true;
        sheet.hidden = false;
        approve.disabled = false;
        cancel.disabled = false;
        summary.textContent = `Pay ${total} with Test Wallet?`;
        approve.focus();
        return;
      }
      showButton();
      status.textContent =
        message.outcome === 'success'
          ? 'Payment approved.'
          : message.outcome === 'failed'
            ? 'Payment failed.'
            : '';
    },
  };
}
