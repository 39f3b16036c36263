// `import type {} from '@checkout-element/element/vue'` types both tags in Vue templates (with Volar). Tell Vue
// they are custom elements: compilerOptions.isCustomElement = (tag) => tag.startsWith('stripe-checkout').
import type { DefineComponent } from 'vue';
import type {
  StripeCheckoutAttributes,
  StripeCheckoutProperties,
  StripeCheckoutStatusAttributes,
} from './element-props.js';

declare module 'vue' {
  interface GlobalComponents {
    'stripe-checkout': DefineComponent<StripeCheckoutAttributes & StripeCheckoutProperties>;
    'stripe-checkout-status': DefineComponent<StripeCheckoutStatusAttributes>;
  }
}
