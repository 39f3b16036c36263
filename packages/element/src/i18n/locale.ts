import type { Catalog } from './en.js';

/**
 * The catalogs besides English, each its own chunk (dist/chunks/<locale>.js, next to the file that imports it), so
 * a page downloads only its buyer's language. Written out rather than one template `import()`: the bundler then
 * emits exactly these chunks, named by their locale.
 */
const CATALOGS: Record<string, () => Promise<{ default: Catalog }>> = {
  fr: () => import('./fr.js'),
  de: () => import('./de.js'),
  es: () => import('./es.js'),
  it: () => import('./it.js'),
  nl: () => import('./nl.js'),
  'pt-BR': () => import('./pt-BR.js'),
  ja: () => import('./ja.js'),
};

export const LOCALES = ['en', ...Object.keys(CATALOGS)];

export interface ResolvedLocale {
  /** The BCP 47 tag the buyer asked for (`auto` resolved): what Stripe.js and `Intl` receive. */
  readonly tag: string;
  /** The catalog that serves it (`fr` for `fr-CA`), or null when there is none (English is shown). */
  readonly catalog: string | null;
}

/**
 * `auto` (or nothing) is the page's `<html lang>`, then the browser's language. A tag is served by the catalog of
 * the same tag, else of its language (`fr-CA` → `fr`; `pt-PT` → `pt-BR`, the one Portuguese catalog).
 */
export function resolveLocale(requested: string | undefined): ResolvedLocale {
  const wanted =
    requested && requested !== 'auto' ? requested : document.documentElement.lang || navigator.language;
  let tag = 'en';
  try {
    tag = Intl.getCanonicalLocales(wanted || 'en')[0] ?? 'en';
  } catch {
    // Not a language tag at all: English, and the warning below names the value.
    return { tag, catalog: null };
  }
  const language = tag.split('-')[0];
  const catalog =
    LOCALES.find((locale) => locale === tag) ?? LOCALES.find((locale) => locale.split('-')[0] === language);
  return { tag, catalog: catalog ?? null };
}

/** The catalog of a supported locale; English is built in and needs no download. */
export function loadCatalog(locale: string): Promise<Catalog> | null {
  const load = CATALOGS[locale];
  return load ? load().then((module) => module.default) : null;
}
