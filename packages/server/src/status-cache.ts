/** What `GET /sessions/:id` answers, as kept between lookups. */
export interface StatusAnswer {
  readonly status: number;
  readonly body: unknown;
  /** Nothing about it can change any more (fulfilled or expired): kept until evicted. */
  readonly final: boolean;
}

/** How long an answer that can still change is reused: a burst of lookups costs Stripe one call per second. */
export const STATUS_FRESH_MS = 1_000;
const MAX_ENTRIES = 10_000;

/**
 * Per-session answers of the return page's lookup. Concurrent lookups of one session join one Stripe call; an
 * answer is reused for a second, and for good once it is final. Bounded: the oldest entries go first.
 */
export function createStatusCache(lookUp: (sessionId: string) => Promise<StatusAnswer>) {
  const entries = new Map<string, { at: number; answer: Promise<StatusAnswer>; final: boolean }>();
  return {
    get(sessionId: string, now = Date.now()): Promise<StatusAnswer> {
      const entry = entries.get(sessionId);
      if (entry && (entry.final || now - entry.at < STATUS_FRESH_MS)) return entry.answer;
      const started = { at: now, answer: lookUp(sessionId), final: false };
      entries.delete(sessionId);
      entries.set(sessionId, started);
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      started.answer.then(
        (answer) => {
          started.final = answer.final;
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
