import { css } from 'lit';

export const stripeCheckoutStatusStyles = css`
  :host {
    display: block;
    color: var(--checkout-color-text, #30313d);
    font-family: var(--checkout-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  }
  :host([hidden]) {
    display: none;
  }
  [part~='message'] {
    font-size: 1.125rem;
    font-weight: 600;
    margin: 0 0 0.5rem;
  }
  :host([state='error']) [part~='message'],
  :host([state='expired']) [part~='message'] {
    color: var(--checkout-color-danger, #df1b41);
  }
  [part~='details'] {
    margin: 0;
  }
  [part~='return-link'] {
    color: var(--checkout-color-primary, #0570de);
  }
`;
