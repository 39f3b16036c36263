import type { Appearance } from '@stripe/stripe-js';
import type { CheckoutTheme } from './options.js';

type Variables = NonNullable<Appearance['variables']>;

/** The element's public custom properties and the Stripe Appearance variable each one becomes. */
const VARIABLE_FOR_PROPERTY: ReadonlyArray<readonly [string, keyof Variables]> = [
  ['--checkout-color-primary', 'colorPrimary'],
  ['--checkout-color-background', 'colorBackground'],
  ['--checkout-color-text', 'colorText'],
  ['--checkout-color-danger', 'colorDanger'],
  ['--checkout-font-family', 'fontFamily'],
  ['--checkout-border-radius', 'borderRadius'],
  ['--checkout-spacing-unit', 'spacingUnit'],
];

/** Reads the custom properties as the page resolved them for `host`, so the iframes match the page. */
export function appearanceFor(
  host: Element,
  theme: CheckoutTheme,
  override: Appearance | undefined,
): Appearance {
  const styles = getComputedStyle(host);
  const variables: Record<string, string> = {};
  for (const [property, variable] of VARIABLE_FOR_PROPERTY) {
    const value = styles.getPropertyValue(property).trim();
    if (value) variables[variable] = value;
  }
  return {
    theme,
    ...override,
    variables: { ...(variables as Variables), ...override?.variables },
  };
}

export function sameAppearance(a: Appearance | undefined, b: Appearance): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
