// What an app that installs the package ships: the ESM entry, with Lit and the Stripe.js loader bundled in.
import '@checkout-element/element';
