<?php
/**
 * Per-client rate limits on the browser routes.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * A fixed one-minute window per client address and route, counted in the object cache when the site has a
 * persistent one (atomic `wp_cache_incr`) and in transients otherwise (where concurrent requests may each count
 * once less: the limit is a brake on abuse, not an exact quota). The address is `REMOTE_ADDR`; behind a reverse
 * proxy every buyer shares the proxy's, so raise CHECKOUT_ELEMENT_RATE_LIMIT or set it to 0 there.
 */
class Checkout_Element_Rate_Limiter {

	/**
	 * Counts a request; refuses it beyond `$limit` per minute.
	 *
	 * @param string   $bucket  Which route (`sessions`, `status`).
	 * @param int      $limit   Requests per minute; 0 means no limit.
	 * @param int|null $now     Unix seconds (tests).
	 * @throws Checkout_Element_Protocol_Error `rate_limited` with `Retry-After`.
	 */
	public static function hit( $bucket, $limit, $now = null ) {
		if ( $limit <= 0 || 0 === Checkout_Element_Config::rate_limit() ) {
			return;
		}
		$now    = null === $now ? time() : $now;
		$window = intdiv( $now, 60 );
		$client = isset( $_SERVER['REMOTE_ADDR'] ) ? (string) $_SERVER['REMOTE_ADDR'] : 'unknown'; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- hashed, never printed.
		$key    = 'checkout_element_rl_' . md5( $bucket . '|' . $client . '|' . $window );
		if ( wp_using_ext_object_cache() ) {
			wp_cache_add( $key, 0, 'checkout_element', 120 );
			$count = (int) wp_cache_incr( $key, 1, 'checkout_element' );
		} else {
			$count = (int) get_transient( $key ) + 1;
			set_transient( $key, $count, 120 );
		}
		if ( $count > $limit ) {
			$retry_after = 60 - ( $now % 60 );
			throw new Checkout_Element_Protocol_Error(
				'rate_limited',
				sprintf(
					/* translators: %d: seconds. */
					__( 'Too many checkout requests from this address; try again in %d seconds.', 'checkout-element' ),
					$retry_after
				),
				null,
				array(),
				array( 'Retry-After' => (string) $retry_after )
			);
		}
	}
}
