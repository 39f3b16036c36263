import type { StripeCheckoutLoadActionsSuccess } from '@stripe/stripe-js';
import { html, nothing, type TemplateResult } from 'lit';
import type { CheckoutMessageKey } from '../i18n/en.js';
import type { Translate } from '../i18n/translate.js';
import type { CheckoutRun, CheckoutView } from './checkout-run.js';
import { money, orderSummary, shippingOptions } from './order-summary.js';
import { completeMessage, payLabel } from './session-facts.js';

/** What the templates need from the element besides the view: ids, options and the buyer's actions. */
export interface TemplateContext {
  readonly idPrefix: string;
  /** The element's strings in the buyer's language (src/i18n): every text a template shows comes from it. */
  readonly t: Translate<CheckoutMessageKey>;
  /** The buyer's locale (BCP 47), for `Intl`. */
  readonly locale: string;
  /** The order summary is expanded where it collapses (stacked layout). */
  readonly summaryOpen: boolean;
  toggleSummary(): void;
  readonly promotionCodes: boolean;
  /** With a session endpoint an expired checkout can start a new session. */
  readonly canStartNewSession: boolean;
  update(...args: Parameters<CheckoutRun['update']>): void;
  changeQuantity(...args: Parameters<CheckoutRun['changeQuantity']>): void;
  confirm(): void;
  retry(): void;
  startNewSession(): void;
}

type Actions = StripeCheckoutLoadActionsSuccess;

function emailField(view: CheckoutView, context: TemplateContext): TemplateResult {
  const id = `${context.idPrefix}-email`;
  return html`<div class="field">
    <label for=${id}>${context.t('email')}</label>
    <input
      id=${id}
      part="email"
      type="email"
      autocomplete="email"
      required
      aria-describedby=${`${id}-error`}
      aria-invalid=${view.emailError ? 'true' : 'false'}
      @change=${(event: Event) => {
        const value = (event.target as HTMLInputElement).value.trim();
        context.update((actions: Actions) => actions.updateEmail(value || null), 'emailError');
      }}
    />
    <p id=${`${id}-error`} class="field-error" role="alert">${view.emailError ?? ''}</p>
  </div>`;
}

/**
 * The checkout: the order summary (beside the form from ~720 px of container width, else collapsible above it),
 * then Stripe's slotted iframes in order with the element's own fields between them, then `after` (the pay button
 * and messages, or the completed state), so that in two columns the pay button sits under the form.
 */
export function checkoutForm(
  view: CheckoutView,
  context: TemplateContext,
  after: TemplateResult,
): TemplateResult {
  const { state, session } = view;
  const loading = state === 'loading';
  // While loading, the whole form (Stripe's iframes, email, summary) lays out transparent and inert under the
  // skeleton, so it appears once, at its final height. Not visibility:hidden: Chromium throttles hidden
  // cross-origin iframes, and Stripe's would only size themselves after the swap.
  const visible = loading || ((state === 'ready' || state === 'confirming') && session !== null);
  const shown = visible ? session : null;
  const handlers = { t: context.t, locale: context.locale, busy: view.busy };
  return html`<div class="form ${loading ? 'pending' : ''} ${shown ? 'split' : ''}" ?inert=${loading}>
    ${
      shown
        ? orderSummary(shown, {
            ...handlers,
            promotionCodes: context.promotionCodes,
            promotionError: view.promotionError,
            idPrefix: context.idPrefix,
            cartError: view.cartError,
            open: context.summaryOpen,
            onToggle: context.toggleSummary,
            onQuantity: (item, quantity) => context.changeQuantity(item, quantity),
            onOptionalItem: (priceId, add) =>
              context.update(
                (actions: Actions) =>
                  add ? actions.addOptionalLineItem(priceId) : actions.removeOptionalLineItem(priceId),
                'cartError',
              ),
            onApplyCode: (code) =>
              context.update((actions: Actions) => actions.applyPromotionCode(code), 'promotionError'),
            onRemoveCode: () =>
              context.update((actions: Actions) => actions.removePromotionCode(), 'promotionError'),
          })
        : nothing
    }
    <div class="main">
      <div class="fields" ?hidden=${!visible}>
        <slot name="stripe-express"></slot>
        <slot name="stripe-contact"></slot>
        ${shown && view.collectEmail ? emailField(view, context) : nothing}
        <slot name="stripe-shipping"></slot>
        ${view.shippingError ? html`<p class="field-error" part="shipping-error" role="alert">${view.shippingError}</p>` : nothing}
        ${
          shown
            ? shippingOptions(shown, handlers, `${context.idPrefix}-shipping`, (id) =>
                context.update((actions: Actions) => actions.updateShippingOption(id), 'paymentError'),
              )
            : nothing
        }
        <slot name="stripe-billing"></slot>
        <slot name="stripe-payment"></slot>
        <slot name="stripe-tax-id"></slot>
        <slot name="stripe-link-signup"></slot>
        <slot name="stripe-terms"></slot>
      </div>
      ${after}
    </div>
  </div>`;
}

/** The error region (live, focused when it shows), the pay button, and retry / new-session buttons. */
export function checkoutActions(view: CheckoutView, context: TemplateContext): TemplateResult {
  const { state, session } = view;
  const message =
    state === 'error'
      ? view.failure?.text
        ? context.t(...view.failure.text)
        : (view.failure?.message ?? '')
      : state === 'expired'
        ? context.t(context.canStartNewSession ? 'sessionExpired' : 'sessionExpiredReload')
        : (view.paymentError ?? '');
  const payable = (state === 'ready' || state === 'confirming') && session !== null;
  return html`<div class="actions">
    <div part="error" role="alert" tabindex="-1">${message}</div>
    ${
      payable
        ? html`<button
          part="pay-button"
          type="button"
          ?disabled=${!session.canConfirm || state === 'confirming' || view.busy}
          aria-busy=${state === 'confirming' ? 'true' : 'false'}
          @click=${context.confirm}
        >
          ${state === 'confirming' ? context.t('processing') : payLabel(session, context.t, money(session, session.total.total, context.locale))}
        </button>`
        : nothing
    }
    ${
      state === 'error' && view.failure?.recoverable
        ? html`<button part="retry-button" type="button" @click=${context.retry}>${context.t('tryAgain')}</button>`
        : nothing
    }
    ${
      state === 'expired' && context.canStartNewSession
        ? html`<button part="retry-button" type="button" @click=${context.startNewSession}>
          ${context.t('startNewSession')}
        </button>`
        : nothing
    }
  </div>`;
}

export function checkoutSkeleton(t: Translate<CheckoutMessageKey>): TemplateResult {
  return html`<div part="skeleton" class="skeleton" role="status" aria-label=${t('loadingCheckout')}>
    <span></span><span></span><span></span><span></span>
  </div>`;
}

export function checkoutComplete(view: CheckoutView, t: Translate<CheckoutMessageKey>): TemplateResult {
  return html`<div part="complete" role="status">
    <slot name="complete"><p>${completeMessage(view.session, t)}</p></slot>
  </div>`;
}
