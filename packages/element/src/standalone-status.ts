// The single-file bundle for <script type="module"> on a return page: importing it defines <stripe-checkout-status>
// (idempotently), with Lit inlined. Its own file so a checkout page's bundle does not carry it (issue 15); a page
// that shows both tags includes both files (each carries its own copy of Lit, so such a page is the rare case).
export * from './status.js';
export { defineElement } from './define.js';
