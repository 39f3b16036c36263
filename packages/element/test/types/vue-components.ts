// Compile-time checks of the Vue GlobalComponents typings (run by `pnpm typecheck`).
import type { GlobalComponents } from 'vue';
import type {} from '../../src/jsx/vue.js';

type CheckoutProps = InstanceType<GlobalComponents['stripe-checkout']>['$props'];
export const props: CheckoutProps = { 'session-endpoint': '/sessions', theme: 'flat' };
// @ts-expect-error theme accepts only stripe | night | flat
export const wrong: CheckoutProps = { theme: 'dark' };
