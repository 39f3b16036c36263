// The single-file bundle for <script type="module"> on a checkout page: importing it defines <stripe-checkout>
// (idempotently). The return page's <stripe-checkout-status> has its own file, dist/stripe-checkout-status.js
// (src/standalone-status.ts), so a checkout page does not download an element it never shows (issue 15: 1.5 KB gzip).
export * from './index.js';
export { defineElement } from './define.js';
