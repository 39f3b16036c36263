<?php
/**
 * Exactly-once hooks.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * Runs the plugin's hooks at most once per session, whoever reports the payment first (the webhook, the return
 * page, or both at the same instant): the ledger's claim decides, and only its holder calls the hook.
 */
class Checkout_Element_Fulfilment {

	/** The action each ledger kind fires. */
	const HOOKS = array(
		'fulfil'         => 'checkout_element_fulfil',
		'expired'        => 'checkout_element_expired',
		'payment_failed' => 'checkout_element_payment_failed',
	);

	/**
	 * Whether a session is paid in a way that must be fulfilled.
	 *
	 * @param array<string, mixed> $session A Stripe Checkout Session.
	 * @return bool
	 */
	public static function is_paid( array $session ) {
		return isset( $session['status'], $session['payment_status'] )
			&& 'complete' === $session['status']
			&& in_array( $session['payment_status'], array( 'paid', 'no_payment_required' ), true );
	}

	/**
	 * Runs `$kind`'s hook for a session unless it already ran.
	 *
	 * @param string               $kind    fulfil, expired or payment_failed.
	 * @param array<string, mixed> $session The Stripe session (with `line_items` for fulfil).
	 * @param int                  $now     Unix seconds.
	 * @return array{outcome: string, retry_after?: int} `ran`, `done` (an earlier request ran it) or `busy`.
	 * @throws Checkout_Element_Protocol_Error `hook_failed` when the hook threw (the claim is released, so the next
	 *         delivery runs it again), `ledger_unavailable` when the database fails.
	 */
	public static function run_once( $kind, array $session, $now ) {
		$session_id = (string) $session['id'];
		$claim      = Checkout_Element_Ledger::claim( $session_id, $kind, $now );
		if ( 'claimed' !== $claim['outcome'] ) {
			return $claim;
		}
		try {
			/**
			 * Fires once per paid Checkout Session (`checkout_element_fulfil`), expired session
			 * (`checkout_element_expired`) or failed delayed payment (`checkout_element_payment_failed`).
			 *
			 * Throw to refuse: the claim is released and Stripe's next delivery of the event runs the hook again.
			 *
			 * @param array $session The Stripe Checkout Session; for fulfil, `line_items` is expanded.
			 */
			do_action( self::HOOKS[ $kind ], $session );
		} catch ( Throwable $error ) {
			Checkout_Element_Ledger::release( $session_id, $kind, $claim['token'], get_class( $error ) . ': ' . $error->getMessage(), $now );
			Checkout_Element_Log::error( sprintf( 'The %s hook failed for %s (%s: %s); the next webhook delivery runs it again.', self::HOOKS[ $kind ], $session_id, get_class( $error ), $error->getMessage() ) );
			throw new Checkout_Element_Protocol_Error( 'hook_failed', __( 'The shop\'s order handling failed for this session; it will run again when Stripe retries.', 'checkout-element' ) );
		}
		if ( ! Checkout_Element_Ledger::complete( $session_id, $kind, $claim['token'], $session, $now ) ) {
			Checkout_Element_Log::error( sprintf( 'The %s hook for %s outlived its %d s lease; another request may have run it too.', self::HOOKS[ $kind ], $session_id, Checkout_Element_Ledger::LEASE_SECONDS ) );
		}
		return array( 'outcome' => 'ran' );
	}
}
