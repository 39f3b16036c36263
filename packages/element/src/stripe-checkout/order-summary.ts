import type {
  StripeCheckoutAmount,
  StripeCheckoutLineItem,
  StripeCheckoutOptionalItem,
  StripeCheckoutSession,
} from '@stripe/stripe-js';
import { html, nothing, type TemplateResult } from 'lit';
import type { CheckoutMessageKey } from '../i18n/en.js';
import type { Translate } from '../i18n/translate.js';
import { allowsPromotionCodes } from './session-facts.js';

export interface SummaryHandlers {
  t: Translate<CheckoutMessageKey>;
  /** The buyer's locale, for `Intl`. */
  locale: string;
  busy: boolean;
  promotionCodes: boolean;
  promotionError: string | null;
  /** Whether the summary is expanded where it collapses (the stacked layout). */
  open: boolean;
  onToggle(): void;
  onQuantity(item: StripeCheckoutLineItem, quantity: number): void;
  onApplyCode(code: string): void;
  onRemoveCode(): void;
  /** `optional_items`: add one to the order, or take an added one out (by price). */
  onOptionalItem(priceId: string, add: boolean): void;
  /** A cart change failed (shown under the items). */
  cartError: string | null;
  idPrefix: string;
}

/** "3 months", "2 semaines", "3 か月". */
function formatPeriod(locale: string, count: number, unit: 'day' | 'week' | 'month' | 'year'): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(count);
}

/** An amount of the session in the buyer's locale. */
// A NumberFormat is costly to build (a tenth of the element's main-thread time to payable, bench §4) and every
// render formats each amount: one per locale and currency.
const formats = new Map<string, Intl.NumberFormat>();

export function money(session: StripeCheckoutSession, amount: StripeCheckoutAmount, locale: string): string {
  const { currency } = session;
  const key = `${locale} ${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formats.set(key, format);
  }
  return format.format(amount.minorUnitsAmount / session.minorUnitsAmountDivisor);
}

/** A product image (Stripe's line items carry the product's `images`), or an empty cell keeping the column. */
function image(src: string | undefined): TemplateResult {
  return src
    ? html`<img part="line-item-image" src=${src} alt="" width="48" height="48" />`
    : html`<span></span>`;
}

/** A button adding an optional item, or removing one the buyer added (`isRemovable`). */
function optionalItemButton(
  name: string,
  priceId: string,
  add: boolean,
  handlers: SummaryHandlers,
): TemplateResult {
  return html`<button
    type="button"
    part=${add ? 'optional-item-add' : 'optional-item-remove'}
    ?disabled=${handlers.busy}
    aria-label=${handlers.t(add ? 'addItemLabel' : 'removeItemLabel', { name })}
    @click=${() => handlers.onOptionalItem(priceId, add)}
  >
    ${handlers.t(add ? 'addItem' : 'removeItem')}
  </button>`;
}

/** Optional items not in the order yet, each with its price and an Add button (Stripe's cross-sell). */
function optionalItems(
  session: StripeCheckoutSession,
  handlers: SummaryHandlers,
): TemplateResult | typeof nothing {
  const offered = (session.optionalItems ?? []).filter(
    (item: StripeCheckoutOptionalItem) => !item.isSelected,
  );
  if (offered.length === 0) return nothing;
  const withImages = offered.some((item) => item.images.length > 0);
  return html`<section part="optional-items" aria-labelledby=${`${handlers.idPrefix}-optional`}>
    <h3 id=${`${handlers.idPrefix}-optional`}>${handlers.t('optionalItems')}</h3>
    <ul class=${withImages ? 'with-images' : ''}>
      ${offered.map(
        (item) => html`<li part="optional-item">
          ${withImages ? image(item.images[0]) : nothing}
          <span class="name">${item.name}</span>
          ${optionalItemButton(item.name, item.priceId, true, handlers)}
          <span class="price">${money(session, item.unitAmount, handlers.locale)}</span>
        </li>`,
      )}
    </ul>
  </section>`;
}

function quantityControl(item: StripeCheckoutLineItem, handlers: SummaryHandlers): TemplateResult {
  const bounds = item.adjustableQuantity;
  if (!bounds)
    return html`<span class="quantity">${item.quantity === 1 ? '' : handlers.t('quantity', { quantity: item.quantity })}</span>`;
  return html`<input
    part="quantity"
    type="number"
    inputmode="numeric"
    min=${bounds.minimum}
    max=${bounds.maximum}
    .value=${String(item.quantity)}
    ?disabled=${handlers.busy}
    aria-label=${handlers.t('quantityFor', { name: item.name })}
    @change=${(event: Event) => {
      const input = event.target as HTMLInputElement;
      const quantity = Number(input.value);
      if (Number.isInteger(quantity) && quantity !== item.quantity) handlers.onQuantity(item, quantity);
    }}
  />`;
}

/** "$9.00 per month", "$30.00 every 3 months": what a recurring line costs per period. */
function recurringNote(
  session: StripeCheckoutSession,
  item: StripeCheckoutLineItem,
  handlers: SummaryHandlers,
) {
  const recurring = item.recurring;
  if (!recurring) return nothing;
  const { t, locale } = handlers;
  const amount = money(session, item.subtotal, locale);
  const { interval, intervalCount } = recurring;
  const text =
    intervalCount === 1
      ? t(`per${interval[0]!.toUpperCase()}${interval.slice(1)}` as 'perMonth', { amount })
      : t('every', { amount, period: formatPeriod(locale, intervalCount, interval) });
  return html`<small>${text}</small>`;
}

function promotionCodeField(session: StripeCheckoutSession, handlers: SummaryHandlers): TemplateResult {
  const { t } = handlers;
  const inputId = `${handlers.idPrefix}-promotion-code`;
  const apply = (event: Event) => {
    const field = (event.target as HTMLElement).closest('.field')?.querySelector('input');
    const code = field?.value.trim();
    if (code) handlers.onApplyCode(code);
  };
  const applied = (session.discountAmounts ?? []).find((discount) => discount.promotionCode);
  return html`<div class="field">
    <label for=${inputId}>${t('promotionCode')}</label>
    <div part="promotion-code">
      <input
        id=${inputId}
        type="text"
        autocomplete="off"
        ?disabled=${handlers.busy}
        aria-describedby=${`${inputId}-error`}
        @keydown=${(event: KeyboardEvent) => event.key === 'Enter' && apply(event)}
      />
      <button type="button" ?disabled=${handlers.busy} @click=${apply}>${t('apply')}</button>
      ${
        applied
          ? html`<button type="button" ?disabled=${handlers.busy} @click=${handlers.onRemoveCode}>
            ${t('removeCode', { code: applied.promotionCode ?? '' })}
          </button>`
          : nothing
      }
    </div>
    <p id=${`${inputId}-error`} class="field-error" role="alert">${handlers.promotionError ?? ''}</p>
  </div>`;
}

function row(label: string, amount: string, part?: string): TemplateResult {
  return html`<div part=${part ?? nothing}><dt>${label}</dt><dd>${amount}</dd></div>`;
}

/**
 * The order summary, as Stripe's own page shows it: each line at its price (quantity × unit price), then Subtotal
 * (their sum), each discount on its own line, shipping, tax and Total, so the column adds up. Where the layout is
 * stacked it collapses behind a button that shows the total; beside the form it is always open.
 */
export function orderSummary(session: StripeCheckoutSession, handlers: SummaryHandlers): TemplateResult {
  const { t, locale } = handlers;
  const total = session.total;
  const amount = (value: StripeCheckoutAmount) => money(session, value, locale);
  const bodyId = `${handlers.idPrefix}-summary`;
  const withImages = session.lineItems.some((item) => item.images.length > 0);
  return html`<section part="summary" class=${handlers.open ? 'open' : ''} aria-label=${t('orderSummary')}>
    <button
      part="summary-toggle"
      type="button"
      aria-expanded=${handlers.open ? 'true' : 'false'}
      aria-controls=${bodyId}
      @click=${handlers.onToggle}
    >
      <span>${t('orderSummary')}</span><strong>${amount(total.total)}</strong>
    </button>
    <div id=${bodyId} class="summary-body">
      <ul class=${withImages ? 'with-images' : ''}>
        ${session.lineItems.map(
          (item) => html`<li part="line-item">
            ${withImages ? image(item.images[0]) : nothing}
            <span class="name"
              >${item.name}${recurringNote(session, item, handlers)}
              ${item.isRemovable ? optionalItemButton(item.name, item.priceId, false, handlers) : nothing}</span
            >
            ${quantityControl(item, handlers)}
            <span class="price">${amount(item.subtotal)}</span>
          </li>`,
        )}
      </ul>
      ${handlers.cartError ? html`<p class="field-error" part="cart-error" role="alert">${handlers.cartError}</p>` : nothing}
      ${optionalItems(session, handlers)}
      <slot name="stripe-currency"></slot>
      ${allowsPromotionCodes(session, handlers.promotionCodes) ? promotionCodeField(session, handlers) : nothing}
      <dl>
        ${row(t('subtotal'), amount(total.subtotal))}
        ${(session.discountAmounts ?? []).map((discount) =>
          row(discount.displayName || t('discount'), `−${amount(discount)}`, 'discount'),
        )}
        ${session.shipping ? row(t('shipping'), amount(session.shipping.shippingOption)) : nothing}
        ${total.taxExclusive.minorUnitsAmount > 0 ? row(t('tax'), amount(total.taxExclusive)) : nothing}
        ${row(t('total'), amount(total.total), 'total')}
      </dl>
    </div>
  </section>`;
}

export function shippingOptions(
  session: StripeCheckoutSession,
  handlers: Pick<SummaryHandlers, 't' | 'locale' | 'busy'>,
  name: string,
  onSelect: (id: string) => void,
): TemplateResult | typeof nothing {
  if (session.shippingOptions.length === 0) return nothing;
  const selected = session.shipping?.shippingOption.id;
  return html`<fieldset part="shipping-options">
    <legend>${handlers.t('shippingMethod')}</legend>
    ${session.shippingOptions.map(
      (option) => html`<label>
        <input
          type="radio"
          name=${name}
          .checked=${option.id === selected}
          ?disabled=${handlers.busy}
          @change=${() => onSelect(option.id)}
        />
        ${option.displayName ?? option.id} — ${money(session, option, handlers.locale)}
      </label>`,
    )}
  </fieldset>`;
}
