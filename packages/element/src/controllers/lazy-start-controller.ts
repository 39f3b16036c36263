import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How far outside the viewport a `loading="lazy"` checkout starts, so it is ready when the buyer scrolls to it. */
export const LAZY_START_ROOT_MARGIN = '200px';

/**
 * Starts the host's work once it is connected: in its next update, before it renders (the session request is the
 * page's critical path, so it goes out before the first render, yet after the properties the page set before the
 * element was defined, which Lit applies only then, and those set in the same task as the connection: one request
 * with all of them, not one to abandon), or, when `lazy()` says so, once it nears the viewport.
 */
export class LazyStartController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #lazy: () => boolean;
  readonly #start: () => void;
  #observer: IntersectionObserver | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, lazy: () => boolean, start: () => void) {
    this.#host = host;
    this.#lazy = lazy;
    this.#start = start;
    host.addController(this);
  }

  /** True while a lazy host waits for the viewport. */
  get waiting(): boolean {
    return this.#observer !== null;
  }

  hostConnected(): void {
    const host = this.#host;
    if (this.#lazy() && typeof IntersectionObserver === 'function') {
      this.#observer = new IntersectionObserver(
        (entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return;
          this.hostDisconnected();
          this.#start();
        },
        { rootMargin: LAZY_START_ROOT_MARGIN },
      );
      this.#observer.observe(host);
      return;
    }
    // The first connection has an update pending already; a reconnection needs one.
    host.requestUpdate();
  }

  /** `start` is the host's to make idempotent: it is called on every update of a connected, not waiting host. */
  hostUpdate(): void {
    if (!this.#observer && this.#host.isConnected) this.#start();
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }
}
