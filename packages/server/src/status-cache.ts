/** What `GET /sessions/:id` answers, as kept between lookups. */
export interface StatusAnswer {
  readonly status: number;
  readonly body: unknown;
  /** Nothing about it can change any more (fulfilled or expired): kept until evicted. */
  readonly final: boolean;
}

/**
 * How long an answer that can still change is reused after it arrived: a burst of lookups costs Stripe at most one
 * call per session per second (per instance).
 */
export const STATUS_FRESH_MS = 1_000;
const MAX_ENTRIES = 10_000;

/**
 * Per-session answers of the return page's lookup. Concurrent lookups of one session join one Stripe call; an
 * answer is reused for a second, and for good once it is final. Bounded: the oldest entries go first.
 */
export function createStatusCache(lookUp: (sessionId: string) => Promise<StatusAnswer>) {
  // `settledAt` is undefined while the lookup runs: everyone arriving meanwhile joins it, however long it takes.
  const entries = new Map<
    string,
    { settledAt: number | undefined; answer: Promise<StatusAnswer>; final: boolean }
  >();
  return {
    get(sessionId: string): Promise<StatusAnswer> {
      const entry = entries.get(sessionId);
      if (
        entry &&
        (entry.final || entry.settledAt === undefined || Date.now() - entry.settledAt < STATUS_FRESH_MS)
      )
        return entry.answer;
      const started = { settledAt: undefined as number | undefined, answer: lookUp(sessionId), final: false };
      entries.delete(sessionId);
      entries.set(sessionId, started);
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      started.answer.then(
        (answer) => {
          started.final = answer.final;
          started.settledAt = Date.now();
        },
        () => {
          // An unexpected failure is not kept: the next lookup tries again.
          if (entries.get(sessionId) === started) entries.delete(sessionId);
        },
      );
      return started.answer;
    },
  };
}
