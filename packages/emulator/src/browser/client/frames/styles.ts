// The iframes' look: Stripe's appearance variables become CSS custom properties, so a theme set with
// `elementsOptions.appearance` (or changed with `changeAppearance`) visibly reaches the iframe.
import type { Appearance } from '@stripe/stripe-js';

type Variables = NonNullable<Appearance['variables']>;

/** Stripe's published defaults for the variables the emulator honours, per theme. */
const THEMES: Record<'stripe' | 'night' | 'flat', Variables> = {
  stripe: {
    colorPrimary: '#0570de',
    colorBackground: '#ffffff',
    colorText: '#30313d',
    colorDanger: '#df1b41',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    borderRadius: '4px',
    spacingUnit: '2px',
  },
  night: {
    colorPrimary: '#0570de',
    colorBackground: '#30313d',
    colorText: '#ffffff',
    colorDanger: '#fe87a1',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    borderRadius: '5px',
    spacingUnit: '2px',
  },
  flat: {
    colorPrimary: '#0570de',
    colorBackground: '#f6f8fa',
    colorText: '#30313d',
    colorDanger: '#df1b41',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    borderRadius: '0px',
    spacingUnit: '2px',
  },
};

const HONOURED = [
  'colorPrimary',
  'colorBackground',
  'colorText',
  'colorDanger',
  'fontFamily',
  'borderRadius',
  'spacingUnit',
] as const;

export function applyAppearance(appearance: Appearance): void {
  const theme = THEMES[appearance.theme ?? 'stripe'] ?? THEMES.stripe;
  const variables: Variables = { ...theme, ...(appearance.variables ?? {}) };
  const root = document.documentElement;
  for (const name of HONOURED) {
    const value = variables[name];
    if (value) root.style.setProperty(`--${name}`, value);
  }
  document.body.dataset.appearance = JSON.stringify(appearance);
  document.body.dataset.theme = appearance.theme ?? 'stripe';
}

export const FRAME_STYLES = `
:root { color-scheme: light; }
[hidden] { display: none !important; }
html, body { margin: 0; padding: 0; background: transparent; overflow: hidden; }
body { font-family: var(--fontFamily); color: var(--colorText); font-size: 15px; line-height: 1.4; }
main { padding: 2px; }
form, .stack { display: grid; gap: calc(var(--spacingUnit) * 6); margin: 0; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: calc(var(--spacingUnit) * 6); }
label { display: block; font-size: 14px; margin-bottom: calc(var(--spacingUnit) * 2); }
input, select {
  box-sizing: border-box; width: 100%; font: inherit; color: var(--colorText); background: var(--colorBackground);
  padding: calc(var(--spacingUnit) * 5) calc(var(--spacingUnit) * 6); border: 1px solid #d5d9e0;
  border-radius: var(--borderRadius);
}
input:focus, select:focus { outline: 2px solid var(--colorPrimary); outline-offset: 0; border-color: var(--colorPrimary); }
input[aria-invalid="true"] { border-color: var(--colorDanger); }
.check { display: flex; gap: calc(var(--spacingUnit) * 4); align-items: flex-start; }
.check input[type="checkbox"] { width: auto; margin: 3px 0 0; padding: 0; flex: none; accent-color: var(--colorPrimary); }
.check label { margin: 0; font-size: 14px; }
.check a { color: var(--colorPrimary); }
.optional { opacity: 0.7; font-weight: normal; }
.error { color: var(--colorDanger); font-size: 13px; min-height: 0; }
.error:empty { display: none; }
button {
  font: inherit; cursor: pointer; border-radius: var(--borderRadius);
  padding: calc(var(--spacingUnit) * 5) calc(var(--spacingUnit) * 8);
}
button.primary { background: var(--colorPrimary); color: #fff; border: 0; width: 100%; }
button.secondary { background: var(--colorBackground); color: var(--colorText); border: 1px solid #d5d9e0; }
button.wallet { background: #000; color: #fff; border: 0; width: 100%; height: var(--buttonHeight, 44px); padding-block: 0; }
main:has(> button.wallet:not([hidden])) { padding: 0; }
p.status:empty { display: none; }
.loading { color: var(--colorText); opacity: 0.6; }
.status { font-size: 14px; }
`;
