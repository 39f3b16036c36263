// Entry of the iframes' script (/elements/frame.js): the page tells which Element it is in data-element.
import type { FrameKind } from './protocol.js';
import { addressFrame, contactDetailsFrame } from './frames/address.js';
import { expressCheckoutFrame } from './frames/express-checkout.js';
import { linkSignupFrame, taxIdFrame, termsFrame } from './frames/consent.js';
import { challengeFrame, currencySelectorFrame } from './frames/misc.js';
import { paymentFrame } from './frames/payment.js';
import { type FrameRuntime, type FrameView, startFrame } from './frames/runtime.js';

const VIEWS: Record<FrameKind, (runtime: FrameRuntime) => FrameView> = {
  payment: paymentFrame,
  'express-checkout': expressCheckoutFrame,
  address: addressFrame,
  'contact-details': contactDetailsFrame,
  'currency-selector': currencySelectorFrame,
  'tax-id': taxIdFrame,
  terms: termsFrame,
  'link-signup': linkSignupFrame,
  challenge: challengeFrame,
};

const kind = document.body.dataset.element as FrameKind | undefined;
const view = kind ? VIEWS[kind] : undefined;
if (view) startFrame(view);
else document.body.textContent = `Unknown Stripe emulator element "${kind ?? ''}".`;
