import helmet from 'helmet';

/** Where Stripe.js and its frames come from: js.stripe.com, or the emulator's origin when offline. */
export interface StripeOrigins {
  readonly script: readonly string[];
  readonly frame: readonly string[];
  readonly connect: readonly string[];
  readonly image: readonly string[];
}

/** Stripe's published CSP requirements (maps.googleapis.com: the Address Element's autocomplete). */
export const realStripeOrigins: StripeOrigins = {
  script: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://maps.googleapis.com'],
  frame: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  connect: ['https://api.stripe.com', 'https://maps.googleapis.com'],
  image: ['https://*.stripe.com'],
};

export function emulatorOrigins(emulatorUrl: string): StripeOrigins {
  const origin = new URL(emulatorUrl).origin;
  return { script: [origin], frame: [origin], connect: [origin], image: [origin] };
}

/**
 * The strict policy the store runs under, the same one a careful shop would use: no inline script or style, no
 * eval, and only Stripe's own origins besides the store itself. The e2e tests fail on any violation report.
 */
export function storeSecurityHeaders(stripe: StripeOrigins) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...stripe.script],
        styleSrc: ["'self'"],
        frameSrc: [...stripe.frame],
        connectSrc: ["'self'", ...stripe.connect],
        imgSrc: ["'self'", 'data:', ...stripe.image],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
  });
}
