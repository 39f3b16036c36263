import type { Emulator } from '@checkout-element/emulator';

/** Cases an implementation cannot run, each with the reason printed in the test output. */
export type NotApplicable = Readonly<Partial<Record<CaseId, string>>>;

export type CaseId = 'hook-failure-retried';

/**
 * One running implementation of the companion protocol, with what the suite needs to know about its
 * configuration. Every target is configured alike: `sellable` may be bought 1–10 at a time, `otherSellable` 1–99,
 * `notForSale` exists at Stripe but is not on the allowlist, `allowedOrigin` may call the browser routes.
 */
export interface Target {
  readonly name: string;
  /** Routes live at `${base}/sessions`, `${base}/sessions/{id}`, `${base}/webhook`. */
  readonly base: string;
  readonly allowedOrigin: string;
  readonly webhookSecret: string;
  readonly emulator: Emulator;
  readonly sellable: string;
  readonly sellableMax: number;
  readonly otherSellable: string;
  readonly notForSale: string;
  readonly notApplicable: NotApplicable;
  /** Secrets that must never appear in an answer. */
  readonly secrets: readonly string[];
  /** Makes the next `times` fulfilment hook runs for a session fail (a hook that throws). */
  refuseFulfilment(sessionId: string, times: number): void;
  /** How many times the fulfilment hook ran for a session, once every run in flight has been recorded. */
  fulfilments(sessionId: string): Promise<number>;
  stop(): Promise<void>;
}
