import type { Catalog, MessageKey, Messages } from './en.js';

/** Looks a key up and fills in its `{name}` placeholders. Templates receive one through their context. */
export type Translate<K extends MessageKey = MessageKey> = (
  key: K,
  values?: Readonly<Record<string, string | number>>,
) => string;

/**
 * A translate function over `catalog`, with `overrides` (the element's `messages` property) winning key by key
 * and the element's English strings as the last fallback, so a partial catalog or override never shows a key name
 * to a buyer.
 */
export function createTranslate<K extends MessageKey>(
  english: Readonly<Record<K, string>>,
  catalog: Partial<Catalog> = {},
  overrides: Messages = {},
): Translate<K> {
  return (key, values) => {
    const text = overrides[key] ?? catalog[key] ?? english[key];
    return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole)) : text;
  };
}
