// What `pnpm test:stripe` needs before it touches anything: a Stripe **test-mode** account's keys, network access to
// Stripe, and a way to receive webhooks. Each missing piece is named in one line, with what to do about it.

export interface StripeTestEnvironment {
  readonly secretKey: string;
  readonly publishableKey: string;
  /** A `whsec_…` the user's own `stripe listen` prints; without it the runner starts `stripe listen` itself. */
  readonly webhookSecret: string | undefined;
}

export type Preflight =
  | { readonly ok: true; readonly environment: StripeTestEnvironment }
  | { readonly ok: false; readonly problem: string };

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Checks the environment, then asks Stripe who the key belongs to (`GET /v1/balance`, harmless and cheap), which
 * proves both network access and a working test-mode key.
 */
export async function preflight(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly hasStripeCli: boolean; readonly fetch?: Fetch; readonly timeoutMs?: number },
): Promise<Preflight> {
  const secretKey = env.STRIPE_SECRET_KEY?.trim() ?? '';
  const publishableKey = env.STRIPE_PUBLISHABLE_KEY?.trim() ?? '';
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim() || undefined;
  const missing: string[] = [];
  if (!/^(sk|rk)_test_\S+$/.test(secretKey))
    missing.push(
      secretKey ? 'STRIPE_SECRET_KEY must be a test-mode key (sk_test_…)' : 'STRIPE_SECRET_KEY=sk_test_…',
    );
  if (!/^pk_test_\S+$/.test(publishableKey))
    missing.push(
      publishableKey
        ? 'STRIPE_PUBLISHABLE_KEY must be a test-mode key (pk_test_…)'
        : 'STRIPE_PUBLISHABLE_KEY=pk_test_…',
    );
  if (webhookSecret !== undefined && !/^whsec_\S+$/.test(webhookSecret))
    missing.push('STRIPE_WEBHOOK_SECRET must be a signing secret (whsec_…)');
  if (webhookSecret === undefined && !options.hasStripeCli)
    missing.push(
      'webhooks: the stripe CLI on PATH, or STRIPE_WEBHOOK_SECRET from your own `stripe listen --forward-to localhost:3500/api/checkout/webhook`',
    );
  if (missing.length > 0) {
    return {
      ok: false,
      problem: `pnpm test:stripe runs against a real Stripe test-mode account and needs: ${missing.join('; ')}.`,
    };
  }
  const fetchFn = options.fetch ?? fetch;
  try {
    const response = await fetchFn('https://api.stripe.com/v1/balance', {
      headers: { authorization: `Bearer ${secretKey}` },
      signal: AbortSignal.timeout(options.timeoutMs ?? 8000),
    });
    if (response.status === 401)
      return {
        ok: false,
        problem:
          'pnpm test:stripe: Stripe refused STRIPE_SECRET_KEY (401); copy it again from the Dashboard (test mode).',
      };
    if (!response.ok)
      return {
        ok: false,
        problem: `pnpm test:stripe: Stripe answered ${response.status} to a balance lookup with this key.`,
      };
  } catch {
    return {
      ok: false,
      problem:
        'pnpm test:stripe needs network access to api.stripe.com and js.stripe.com, and this machine cannot reach them.',
    };
  }
  return { ok: true, environment: { secretKey, publishableKey, webhookSecret } };
}
