import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Calls `refresh` when a change of the host's or the page's `style`/`class` may have changed the `--checkout-*`
 * custom properties (dark-mode toggles usually live on `<html>`). Other changes need `refreshAppearance()`.
 */
export class AppearanceController implements ReactiveController {
  readonly #host: HTMLElement;
  readonly #refresh: () => void;
  #observer: MutationObserver | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, refresh: () => void) {
    this.#host = host;
    this.#refresh = refresh;
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer = new MutationObserver(() => this.#refresh());
    for (const target of [this.#host, document.documentElement]) {
      this.#observer.observe(target, { attributes: true, attributeFilter: ['style', 'class'] });
    }
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }
}
