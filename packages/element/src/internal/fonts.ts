import type { CssFontSource, CustomFontSource } from '@stripe/stripe-js';

export type CheckoutFont = CssFontSource | CustomFontSource;

/** Every `url(…)` of an @font-face `src` must be one Stripe's iframes can fetch themselves: https or data. */
const FETCHABLE = /^(https:|data:)/;

/** The @font-face descriptors Stripe's `CustomFontSource` takes (defaults left out). */
const DESCRIPTORS = [
  ['display', 'font-display'],
  ['style', 'font-style'],
  ['weight', 'font-weight'],
  ['unicodeRange', 'unicode-range'],
] as const;

function firstFamily(fontFamily: string): string {
  return (fontFamily.split(',')[0] ?? '').trim().replace(/^["']|["']$/g, '');
}

/** Makes every `url(…)` in a `src` absolute against the stylesheet's URL; null when one is not https/data. */
function absoluteSrc(src: string, base: string): string | null {
  let fetchable = true;
  const resolved = src.replace(/url\(\s*(["']?)([^"')]+)\1\s*\)/g, (_whole, _quote: string, url: string) => {
    const absolute = new URL(url, base).href;
    if (!FETCHABLE.test(absolute)) fetchable = false;
    return `url("${absolute}")`;
  });
  return fetchable && resolved.includes('url(') ? resolved : null;
}

function rulesOf(sheet: CSSStyleSheet): CSSRuleList | null {
  try {
    return sheet.cssRules;
  } catch {
    // A cross-origin stylesheet without CORS cannot be read; its fonts can be passed in `fonts` instead.
    return null;
  }
}

/**
 * The page's own @font-face rules for the family the element is set in (its computed `font-family`, first name),
 * as Stripe `CustomFontSource`s, so the iframes use the site's typeface. Stripe fetches the files from its
 * iframes, so only faces whose every source is an https or data URL qualify (an http:// page's relative URLs do
 * not); `font-display`, `font-style`, `font-weight` and `unicode-range` are carried over.
 */
export function pageFontsFor(host: Element): CustomFontSource[] {
  const family = firstFamily(getComputedStyle(host).fontFamily);
  if (!family) return [];
  const found: CustomFontSource[] = [];
  // Top-level rules of each readable sheet (an @import's faces can be passed in `fonts`).
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of Array.from(rulesOf(sheet) ?? [])) {
      if (!(rule instanceof CSSFontFaceRule)) continue;
      const style = rule.style;
      if (firstFamily(style.getPropertyValue('font-family')) !== family) continue;
      const src = absoluteSrc(style.getPropertyValue('src'), sheet.href ?? document.baseURI);
      if (!src) continue;
      const face: Record<string, string> = { family, src };
      for (const [key, property] of DESCRIPTORS) {
        const value = style.getPropertyValue(property);
        if (value && value !== 'normal' && value !== 'U+0-10FFFF') face[key] = value;
      }
      found.push(face as unknown as CustomFontSource);
    }
  }
  return found;
}

/** The fonts the iframes get: the page's own faces for its family, then the `fonts` property. */
export function fontsFor(host: Element, extra: readonly CheckoutFont[] | undefined): CheckoutFont[] {
  return [...pageFontsFor(host), ...(extra ?? [])];
}
