import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Catalog, MessageKey, Messages } from '../i18n/en.js';
import { LOCALES, loadCatalog, resolveLocale } from '../i18n/locale.js';
import { createTranslate, type Translate } from '../i18n/translate.js';

export interface LocaleHost extends ReactiveControllerHost, HTMLElement {
  locale?: string | undefined;
  messages?: Messages | undefined;
}

/**
 * The element's language: resolves `locale` (`auto` → `<html lang>` → the browser's language) before each render,
 * fetches that catalog's chunk once, and hands the templates a `t` over it with the `messages` overrides on top.
 * Until a catalog has arrived the strings are English; the chunk is a few hundred bytes and loads while Stripe.js
 * does, so a checkout is in its language by the time it is ready.
 */
export class LocaleController<K extends MessageKey> implements ReactiveController {
  /** The strings in the buyer's language. */
  t: Translate<K>;
  /** The resolved BCP 47 tag: what Stripe.js and `Intl` receive. */
  tag = 'en';
  /** Settles when the current catalog is in use (at once for English). */
  ready: Promise<void> = Promise.resolve();
  #requested: string | undefined | null = null;
  #messages: Messages | undefined;
  #catalogName = 'en';
  #catalog: Partial<Catalog> = {};

  /** `english`: the element's built-in strings (the other languages' chunks hold both elements' strings). */
  constructor(
    private readonly host: LocaleHost,
    private readonly english: Readonly<Record<K, string>>,
  ) {
    this.t = createTranslate(english);
    host.addController(this);
  }

  hostConnected(): void {
    this.resolve();
  }

  hostUpdate(): void {
    this.resolve();
  }

  /** Resolves `locale` and `messages` again if either changed; returns the tag. */
  resolve(): string {
    const { locale, messages } = this.host;
    if (locale === this.#requested && messages === this.#messages) return this.tag;
    this.#requested = locale;
    this.#messages = messages;
    const { tag, catalog } = resolveLocale(locale);
    this.tag = tag;
    const name = catalog ?? 'en';
    if (!catalog) {
      console.warn(
        `<${this.host.localName}>: no catalog for "${locale && locale !== 'auto' ? locale : tag}" (${LOCALES}): English shown; the messages property can translate.`,
      );
    }
    if (name !== this.#catalogName) {
      this.#catalogName = name;
      const loading = loadCatalog(name);
      this.#catalog = {};
      this.ready = loading
        ? loading.then(
            (found) => {
              if (this.#catalogName !== name) return;
              this.#catalog = found;
              this.t = createTranslate(this.english, found, this.#messages);
              this.host.requestUpdate();
            },
            () => {
              console.error(
                `<${this.host.localName}>: chunks/${name}.js did not load (serve dist/chunks/ beside the script): English shown.`,
              );
            },
          )
        : Promise.resolve();
    }
    this.t = createTranslate(this.english, this.#catalog, messages);
    return tag;
  }
}
