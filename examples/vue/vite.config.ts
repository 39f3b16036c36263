import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    vue({
      // <stripe-checkout> and <stripe-checkout-status> are custom elements, not Vue components.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('stripe-checkout') } },
    }),
  ],
  build: { target: 'es2022' },
});
