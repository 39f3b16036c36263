// The stand-in's calls to the emulator's browser-facing endpoints (INTERNALS.md section 2).
import type { RestOptionalItem, RestSession } from './session-mapper.js';

export interface PaymentPageError {
  type?: string;
  code?: string;
  decline_code?: string;
  message: string;
  param?: string;
}

/** The currencies the buyer can pay in (Adaptive Pricing), with the session's total in each. */
export interface PresentmentAnswer {
  currency: string;
  options: { currency: string; amount_total: number; fx_rate: number | null }[];
}

export interface PaymentPageAnswer {
  /** HTTP status; 0 when the emulator could not be reached. */
  status: number;
  session?: RestSession;
  presentment?: PresentmentAnswer;
  error?: PaymentPageError;
  requires_action?: { type: 'three_d_secure'; attempt: string };
  optional_items?: RestOptionalItem[];
  terms_of_service_url?: string | null;
  link_available?: boolean;
}

export class PaymentPages {
  readonly #origin: string;
  readonly #key: string;
  readonly #clientSecret: string;
  readonly #sessionId: string;

  constructor(origin: string, key: string, clientSecret: string, sessionId: string) {
    this.#origin = origin;
    this.#key = key;
    this.#clientSecret = clientSecret;
    this.#sessionId = sessionId;
  }

  init(): Promise<PaymentPageAnswer> {
    return this.#post('init', {});
  }

  update(change: Record<string, unknown>): Promise<PaymentPageAnswer> {
    return this.#post('update', change);
  }

  confirm(body: Record<string, unknown>): Promise<PaymentPageAnswer> {
    return this.#post('confirm', body);
  }

  async #post(action: string, body: Record<string, unknown>): Promise<PaymentPageAnswer> {
    // Only the session id goes into the URL; the client secret travels as a JSON string, exactly as issued
    // (its token is already URL-encoded: decoding or re-encoding it would make another, unknown secret).
    const url = `${this.#origin}/v1/payment_pages/${encodeURIComponent(this.#sessionId)}/${action}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...body, key: this.#key, client_secret: this.#clientSecret }),
      });
    } catch {
      return {
        status: 0,
        error: {
          type: 'api_connection_error',
          message: `Could not reach the Stripe emulator at ${this.#origin}. Is it running?`,
        },
      };
    }
    let parsed: Omit<PaymentPageAnswer, 'status'>;
    try {
      parsed = (await response.json()) as Omit<PaymentPageAnswer, 'status'>;
    } catch {
      parsed = { error: { type: 'api_error', message: `The Stripe emulator answered ${response.status}.` } };
    }
    return { ...parsed, status: response.status };
  }
}
