import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Mirrors the host's state as a custom state (`:state(ready)`) and as the `state` attribute (for browsers without
 * custom states, and for `[state='ready']` selectors).
 */
export class CustomStatesController<State extends string> implements ReactiveController {
  readonly #host: HTMLElement;
  readonly #internals: ElementInternals | null;
  #current: State;

  constructor(host: ReactiveControllerHost & HTMLElement, initial: State) {
    this.#host = host;
    this.#current = initial;
    this.#internals = typeof host.attachInternals === 'function' ? host.attachInternals() : null;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.setAttribute('state', this.#current);
  }

  set(next: State): void {
    // Every view change calls this; an unchanged state must not touch the attribute (a style recalculation each time).
    if (next === this.#current) return;
    const states = this.#internals?.states;
    if (states) {
      try {
        states.delete(this.#current);
        states.add(next);
      } catch {
        // Chromium before 125 only accepted dashed names (`:--ready`); others still get the attribute.
        try {
          states.delete(`--${this.#current}`);
          states.add(`--${next}`);
        } catch {}
      }
    }
    this.#current = next;
    this.#host.setAttribute('state', next);
  }
}
