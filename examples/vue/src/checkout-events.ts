// The element's events, by name, from its `GlobalEventHandlersEventMap` typings; `/vue` types the tags in templates.
import type {} from '@checkout-element/element';
import type {} from '@checkout-element/element/vue';

export type CheckoutCompleteEvent = GlobalEventHandlersEventMap['checkout-complete'];
export type CheckoutErrorEvent = GlobalEventHandlersEventMap['checkout-error'];
