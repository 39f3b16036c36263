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
    container-type: inline-size;
    /* Inline-size containment gives the element no width of its own, so a shrink-to-fit parent (a theme's centred
       flex column) collapsed it to 0 px: this is the width it asks for there (still capped by the space it has). */
    contain-intrinsic-inline-size: 30rem;
    position: relative;
    box-sizing: border-box;
    width: 100%;
    background: var(--_background);
  }
  .skeleton,
  .form {
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
  .main,
  .fields,
  .field,
  .summary-body {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_unit) * 4);
  }
  .form {
    align-items: start;
  }
  [part~='summary-toggle'] {
    display: none;
    width: 100%;
    align-items: center;
    gap: calc(var(--_unit) * 2);
  }
  [part~='summary-toggle']::before {
    content: '';
    width: 0.45em;
    height: 0.45em;
    border: solid currentColor;
    border-width: 0 2px 2px 0;
    transform: translateY(-25%) rotate(45deg);
  }
  .open [part~='summary-toggle']::before {
    transform: translateY(25%) rotate(-135deg);
  }
  [part~='summary-toggle'] span {
    flex: 1;
    text-align: start;
  }
  @container (width < 720px) {
    :host(:not([layout='two-column'])) [part~='summary-toggle'] {
      display: flex;
    }
    :host(:not([layout='two-column'])) [part~='summary']:not(.open) .summary-body {
      display: none;
    }
  }
  :host([layout='stacked']) [part~='summary-toggle'] {
    display: flex;
  }
  :host([layout='stacked']) [part~='summary']:not(.open) .summary-body {
    display: none;
  }
  @container (width >= 720px) {
    :host(:not([layout='stacked'])) .split {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr);
      column-gap: calc(var(--_unit) * 12);
    }
    :host(:not([layout='stacked'])) [part~='summary'] {
      position: sticky;
      top: 0;
    }
  }
  :host([layout='two-column']) .split {
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr);
    column-gap: calc(var(--_unit) * 12);
  }
  :host([layout='two-column']) [part~='summary'] {
    position: sticky;
    top: 0;
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
    width: 4rem;
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
    grid-template-columns: minmax(0, 1fr) auto auto;
    gap: calc(var(--_unit) * 3);
  }
  .with-images {
    grid-template-columns: auto minmax(0, 1fr) auto auto;
  }
  [part~='line-item'],
  [part~='optional-item'] {
    display: grid;
    grid-column: 1 / -1;
    grid-template-columns: subgrid;
    align-items: center;
  }
  .name {
    display: grid;
    overflow-wrap: break-word;
  }
  small,
  .quantity {
    font-size: 0.875rem;
    opacity: 0.75;
  }
  .quantity,
  .price,
  dd {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
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
    flex-wrap: wrap;
    gap: calc(var(--_unit) * 2);
  }
  [part~='promotion-code'] input {
    flex: 1 1 8rem;
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
  .actions {
    display: grid;
    gap: calc(var(--_unit) * 3);
  }
`;
