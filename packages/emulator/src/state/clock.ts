/**
 * The emulator's notion of "now", in Unix seconds. It runs with wall time plus an offset that tests move
 * forward with `advance()`, so `expires_at` can pass without waiting.
 */
export class Clock {
  #offsetSeconds: number;
  readonly #listeners = new Set<() => void>();

  constructor(initialUnixSeconds?: number) {
    this.#offsetSeconds = initialUnixSeconds === undefined ? 0 : initialUnixSeconds - wallSeconds();
  }

  now(): number {
    return wallSeconds() + this.#offsetSeconds;
  }

  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(
        `clock.advance(seconds) needs a non-negative number of seconds, received ${seconds}`,
      );
    }
    this.#offsetSeconds += Math.floor(seconds);
    for (const listener of this.#listeners) listener();
    return this.now();
  }

  /** Called after every advance (the session store expires what is due). */
  onAdvance(listener: () => void): void {
    this.#listeners.add(listener);
  }
}

function wallSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
