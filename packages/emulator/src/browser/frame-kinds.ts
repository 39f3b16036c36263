// The iframes the stand-in mounts, one page each under /elements/<kind> (INTERNALS.md §1). Shared by the server
// side (routes.ts serves the pages) and the browser client (client/protocol.ts); it has no imports, so both the
// Node build and the browser bundle can take it.

/** Each frame's page title, by the kind named in its URL and in the postMessage protocol. */
export const FRAME_TITLES = {
  payment: 'Payment Element',
  'express-checkout': 'Express Checkout Element',
  address: 'Address Element',
  'contact-details': 'Contact Details Element',
  'currency-selector': 'Currency Selector Element',
  'tax-id': 'Tax ID Element',
  terms: 'Terms Element',
  'link-signup': 'Link Sign-up Element',
  challenge: '3D Secure authentication',
} as const satisfies Record<string, string>;

export type FrameKind = keyof typeof FRAME_TITLES;
