import { type Catalog, en, type MessageKey, type Messages } from './en.js';

/** Looks a key up and fills in its `{name}` placeholders. Templates receive one through their context. */
export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

/**
 * A translate function over `catalog`, with `overrides` (the element's `messages` property) winning key by key
 * and English as the last fallback, so a partial catalog or override never shows a key name to a buyer.
 */
export function createTranslate(catalog: Partial<Catalog> = en, overrides: Messages = {}): Translate {
  return (key, values) => {
    const text = overrides[key] ?? catalog[key] ?? en[key];
    return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole)) : text;
  };
}
