// The single-file bundle for <script type="module"> on a checkout page: importing it defines <stripe-checkout>
// (idempotently). The return page's <stripe-checkout-status> has its own file, dist/stripe-checkout-status.js
// (src/standalone-status.ts), so a checkout page does not download an element it never shows (issue 15: 1.5 KB gzip).
export * from './index.js';
export { defineElement } from './define.js';

// Before that split this file defined both tags, so a return page upgraded without adding the new file would show
// an undefined tag and no message. Checked once the page has loaded (every module script has run by then, in any
// order; or at once if this file is imported later), and only when the tag is on the page and nothing defined it.
const checkStatusTag = () =>
  document.querySelector('stripe-checkout-status:not(:defined)') &&
  console.warn('<stripe-checkout-status> is defined by stripe-checkout-status.js; include that file.');
if (document.readyState === 'complete') checkStatusTag();
else addEventListener('load', checkStatusTag);
