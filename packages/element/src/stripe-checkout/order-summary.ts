import type {
  StripeCheckoutLineItem,
  StripeCheckoutOptionalItem,
  StripeCheckoutSession,
} from '@stripe/stripe-js';
import { html, nothing, type TemplateResult } from 'lit';
import type { Translate } from '../i18n/translate.js';
import { allowsPromotionCodes } from './session-facts.js';

export interface SummaryHandlers {
  busy: boolean;
  promotionCodes: boolean;
  promotionError: string | null;
  onQuantity(item: StripeCheckoutLineItem, quantity: number): void;
  onApplyCode(code: string): void;
  onRemoveCode(): void;
  /** `optional_items`: add one to the order, or take an added one out (by price). */
  onOptionalItem(priceId: string, add: boolean): void;
  /** A cart change failed (shown under the items). */
  cartError: string | null;
  t: Translate;
  idPrefix: string;
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
  return html`<section part="optional-items" aria-labelledby=${`${handlers.idPrefix}-optional`}>
    <h3 id=${`${handlers.idPrefix}-optional`}>${handlers.t('optionalItems')}</h3>
    <ul>
      ${offered.map(
        (item) => html`<li part="optional-item">
          ${
            item.images[0]
              ? html`<img part="line-item-image" src=${item.images[0]} alt="" width="48" height="48" />`
              : html`<span></span>`
          }
          <span>${item.name}</span>
          ${optionalItemButton(item.name, item.priceId, true, handlers)}
          <span>${item.unitAmount.amount}</span>
        </li>`,
      )}
    </ul>
  </section>`;
}

function quantityControl(item: StripeCheckoutLineItem, handlers: SummaryHandlers): TemplateResult {
  const bounds = item.adjustableQuantity;
  if (!bounds) return html`<span class="quantity">× ${item.quantity}</span>`;
  return html`<input
    part="quantity"
    type="number"
    inputmode="numeric"
    min=${bounds.minimum}
    max=${bounds.maximum}
    .value=${String(item.quantity)}
    ?disabled=${handlers.busy}
    aria-label=${`Quantity for ${item.name}`}
    @change=${(event: Event) => {
      const input = event.target as HTMLInputElement;
      const quantity = Number(input.value);
      if (Number.isInteger(quantity) && quantity !== item.quantity) handlers.onQuantity(item, quantity);
    }}
  />`;
}

function promotionCodeField(session: StripeCheckoutSession, handlers: SummaryHandlers): TemplateResult {
  const inputId = `${handlers.idPrefix}-promotion-code`;
  const apply = (event: Event) => {
    const field = (event.target as HTMLElement).closest('.field')?.querySelector('input');
    const code = field?.value.trim();
    if (code) handlers.onApplyCode(code);
  };
  const applied = (session.discountAmounts ?? []).find((discount) => discount.promotionCode);
  return html`<div class="field">
    <label for=${inputId}>Promotion code</label>
    <div part="promotion-code">
      <input
        id=${inputId}
        type="text"
        autocomplete="off"
        ?disabled=${handlers.busy}
        aria-describedby=${`${inputId}-error`}
        @keydown=${(event: KeyboardEvent) => event.key === 'Enter' && apply(event)}
      />
      <button type="button" ?disabled=${handlers.busy} @click=${apply}>Apply</button>
      ${
        applied
          ? html`<button type="button" ?disabled=${handlers.busy} @click=${handlers.onRemoveCode}>
            Remove ${applied.promotionCode}
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

export function orderSummary(session: StripeCheckoutSession, handlers: SummaryHandlers): TemplateResult {
  const total = session.total;
  return html`<section part="summary" aria-label="Order summary">
    <ul>
      ${session.lineItems.map(
        (item) => html`<li part="line-item">
          ${
            item.images[0]
              ? html`<img part="line-item-image" src=${item.images[0]} alt="" width="48" height="48" />`
              : html`<span></span>`
          }
          <span
            >${item.name}
            ${item.isRemovable ? optionalItemButton(item.name, item.priceId, false, handlers) : nothing}</span
          >
          ${quantityControl(item, handlers)}
          <span>${item.total.amount}</span>
        </li>`,
      )}
    </ul>
    ${handlers.cartError ? html`<p class="field-error" part="cart-error" role="alert">${handlers.cartError}</p>` : nothing}
    ${optionalItems(session, handlers)}
    <slot name="stripe-currency"></slot>
    ${allowsPromotionCodes(session, handlers.promotionCodes) ? promotionCodeField(session, handlers) : nothing}
    <dl>
      ${row('Subtotal', total.subtotal.amount)}
      ${(session.discountAmounts ?? []).map((discount) =>
        row(discount.displayName || 'Discount', `−${discount.amount}`, 'discount'),
      )}
      ${session.shipping ? row('Shipping', session.shipping.shippingOption.amount) : nothing}
      ${total.taxExclusive.minorUnitsAmount > 0 ? row('Tax', total.taxExclusive.amount) : nothing}
      ${row('Total', total.total.amount, 'total')}
    </dl>
  </section>`;
}

export function shippingOptions(
  session: StripeCheckoutSession,
  busy: boolean,
  name: string,
  onSelect: (id: string) => void,
): TemplateResult | typeof nothing {
  if (session.shippingOptions.length === 0) return nothing;
  const selected = session.shipping?.shippingOption.id;
  return html`<fieldset part="shipping-options">
    <legend>Shipping method</legend>
    ${session.shippingOptions.map(
      (option) => html`<label>
        <input
          type="radio"
          name=${name}
          .checked=${option.id === selected}
          ?disabled=${busy}
          @change=${() => onSelect(option.id)}
        />
        ${option.displayName ?? option.id} — ${option.amount}
      </label>`,
    )}
  </fieldset>`;
}
