<?php
/**
 * Stripe webhook signature verification.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * Verifies `Stripe-Signature` the way Stripe's own libraries do (stripe-node `src/Webhooks.ts`,
 * `verifyHeader`/`parseHeader`): HMAC-SHA256 with the endpoint secret over `"{t}.{raw body}"`, compared in constant
 * time against every `v1` in the header (Stripe sends several while a secret is rolled), then a 300 s tolerance on
 * `t` (only the past: a timestamp ahead of our clock is clock skew, not a replay).
 */
class Checkout_Element_Webhook_Signature {

	/** Stripe's default tolerance (stripe-node `DEFAULT_TOLERANCE`). */
	const TOLERANCE_SECONDS = 300;

	/**
	 * Checks a delivery; returns nothing when it verifies.
	 *
	 * @param string      $payload   The raw request body, byte for byte.
	 * @param string|null $header    The `Stripe-Signature` header, or null when absent.
	 * @param string      $secret    The endpoint's signing secret (`whsec_…`).
	 * @param int         $now       Unix seconds.
	 * @param int         $tolerance Seconds a signature stays valid.
	 * @throws Checkout_Element_Protocol_Error `webhook_signature_invalid` with `failure` naming the check that failed.
	 */
	public static function verify( $payload, $header, $secret, $now, $tolerance = self::TOLERANCE_SECONDS ) {
		if ( null === $header || '' === trim( $header ) ) {
			throw self::failure( 'missing_header', 'No Stripe-Signature header: this endpoint only accepts events sent by Stripe.' );
		}
		if ( '' === $payload ) {
			throw self::failure( 'missing_body', 'The webhook request has no body; Stripe always sends the event as JSON.', 'body' );
		}
		$timestamp  = null;
		$signatures = array();
		foreach ( explode( ',', $header ) as $item ) {
			$pair = explode( '=', $item, 2 );
			if ( 2 !== count( $pair ) ) {
				continue;
			}
			$key   = trim( $pair[0] );
			$value = trim( $pair[1] );
			if ( 't' === $key && preg_match( '/^\d{1,12}$/', $value ) ) {
				$timestamp = (int) $value;
			} elseif ( 'v1' === $key && '' !== $value ) {
				$signatures[] = $value;
			}
		}
		if ( null === $timestamp ) {
			throw self::failure( 'malformed_header', 'Unable to extract the timestamp from the Stripe-Signature header (expected t=<unix seconds>,v1=<hex>).' );
		}
		if ( array() === $signatures ) {
			throw self::failure( 'malformed_header', 'No signatures found with the expected scheme v1 in the Stripe-Signature header.' );
		}
		$expected = hash_hmac( 'sha256', $timestamp . '.' . $payload, $secret );
		$matched  = false;
		foreach ( $signatures as $signature ) {
			// Every v1 is compared, in constant time, whatever an earlier comparison found.
			$matched = hash_equals( $expected, $signature ) || $matched;
		}
		if ( ! $matched ) {
			$hint = 'Check that the webhook signing secret is the one Stripe shows for this endpoint (whsec_…).';
			if ( trim( $secret ) !== $secret ) {
				$hint = 'The webhook signing secret has whitespace around it: remove it.';
			} elseif ( 0 !== strpos( $secret, 'whsec_' ) ) {
				$hint = 'The webhook signing secret should start with whsec_; it looks like another kind of key.';
			}
			throw self::failure( 'bad_signature', 'No signature in the Stripe-Signature header matches the expected signature for this payload. ' . $hint );
		}
		if ( $tolerance > 0 && $now - $timestamp > $tolerance ) {
			throw self::failure( 'stale_timestamp', sprintf( 'The signature timestamp is %d seconds old, beyond the %d s tolerance: a replayed event is refused.', $now - $timestamp, $tolerance ) );
		}
	}

	/**
	 * Signs a payload like Stripe does (for tests and tools).
	 *
	 * @param string $payload   The raw body.
	 * @param string $secret    The signing secret.
	 * @param int    $timestamp Unix seconds.
	 * @return string A `Stripe-Signature` header value.
	 */
	public static function sign( $payload, $secret, $timestamp ) {
		return 't=' . $timestamp . ',v1=' . hash_hmac( 'sha256', $timestamp . '.' . $payload, $secret );
	}

	/**
	 * The error for a failed check.
	 *
	 * @param string $failure One of missing_header, malformed_header, bad_signature, stale_timestamp, missing_body.
	 * @param string $message What failed and what to check.
	 * @param string $field   The request part at fault.
	 * @return Checkout_Element_Protocol_Error
	 */
	private static function failure( $failure, $message, $field = 'Stripe-Signature' ) {
		return new Checkout_Element_Protocol_Error( 'webhook_signature_invalid', $message, $field, array( 'failure' => $failure ) );
	}
}
