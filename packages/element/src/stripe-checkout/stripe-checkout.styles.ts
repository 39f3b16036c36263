import { css } from 'lit';

// A page's own rules on the host beat :host (a CMS theme's '* { font: inherit; line-height: 2.2 }', centred body
// text…) and inherited text styles cross into the shadow tree, so the text reset sits on the top-level blocks.
// Comments inside css`` ship in the bundle: keep them out here.
export const stripeCheckoutStyles = css`
  :host {
    --_primary: var(--checkout-color-primary, #0570de);
    --_background: var(--checkout-color-background, #ffffff);
    --_text: var(--checkout-color-text, #30313d);
    --_danger: var(--checkout-color-danger, #df1b41);
    --_radius: var(--checkout-border-radius, 6px);
    --_unit: var(--checkout-spacing-unit, 4px);
    --_line: color-mix(in srgb, var(--_text) 18%, transparent);
    display: block;
    position: relative;
    box-sizing: border-box;
    width: 100%;
    background: var(--_background);
  }
  .skeleton,
  .form,
  .actions,
  [part='complete'] {
    color: var(--_text);
    font: 1rem/1.4 var(--checkout-font-family, system-ui, sans-serif);
    text-align: start;
  }
  :host([theme='night']) {
    --_background: var(--checkout-color-background, #30313d);
    --_text: var(--checkout-color-text, #ffffff);
    --_primary: var(--checkout-color-primary, #0074d4);
  }
  :host([theme='flat']) {
    --_radius: var(--checkout-border-radius, 0);
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :host(:not([state='complete'])) {
    min-height: var(--checkout-skeleton-height, 32rem);
  }
  :host([state='loading']) {
    overflow: hidden;
  }
  .pending {
    position: absolute;
    inset: 0 0 auto;
    opacity: 0;
  }
  .skeleton {
    height: var(--checkout-skeleton-height, 32rem);
    display: grid;
    gap: calc(var(--_unit) * 4);
    align-content: start;
  }
  .skeleton span {
    display: block;
    height: 2.75rem;
    border-radius: var(--_radius);
    background: var(--_line);
    animation: pulse 1.4s ease-in-out infinite;
  }
  .skeleton span:nth-child(3) {
    height: 9rem;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton span {
      animation: none;
    }
  }
  .form,
  .field,
  [part='summary'] {
    display: grid;
    gap: calc(var(--_unit) * 4);
  }
  .field {
    gap: var(--_unit);
  }
  label,
  legend {
    font-size: 0.875rem;
    font-weight: 500;
  }
  input:not([type='radio']) {
    font: inherit;
    color: inherit;
    background: var(--_background);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    padding: calc(var(--_unit) * 2.5) calc(var(--_unit) * 3);
    min-width: 0;
  }
  input[type='number'] {
    width: 4.5rem;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
    padding: calc(var(--_unit) * 2.5) calc(var(--_unit) * 4);
    border: 1px solid var(--_line);
    background: transparent;
    color: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_unit) * 2);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_unit) * 3);
  }
  [part~='line-item'],
  [part~='optional-item'] {
    display: grid;
    grid-template-columns: auto 1fr auto auto;
    gap: calc(var(--_unit) * 3);
    align-items: center;
  }
  [part~='optional-items'] h3 {
    font-size: 1rem;
    margin: 0 0 calc(var(--_unit) * 2);
  }
  [part~='line-item-image'] {
    width: 3rem;
    height: 3rem;
    object-fit: cover;
    border-radius: var(--_radius);
  }
  [part~='promotion-code'] {
    display: flex;
    gap: calc(var(--_unit) * 2);
  }
  [part~='promotion-code'] input {
    flex: 1;
  }
  dl {
    margin: 0;
    display: grid;
    gap: calc(var(--_unit) * 2);
  }
  dl div {
    display: flex;
    justify-content: space-between;
  }
  dd {
    margin: 0;
  }
  [part~='total'] {
    font-weight: 600;
    border-top: 1px solid var(--_line);
    padding-top: calc(var(--_unit) * 2);
  }
  [part~='error'],
  .field-error {
    color: var(--_danger);
    margin: 0;
  }
  [part~='error']:empty {
    display: none;
  }
  .field-error {
    font-size: 0.875rem;
  }
  [part~='pay-button'] {
    width: 100%;
    border: 0;
    background: var(--_primary);
    color: #fff;
    font-weight: 600;
    padding: calc(var(--_unit) * 3.5);
  }
  [part~='pay-button']:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .form:not([hidden], .pending) + .actions {
    margin-top: calc(var(--_unit) * 4);
  }
  .actions {
    display: grid;
    gap: calc(var(--_unit) * 3);
  }
`;
