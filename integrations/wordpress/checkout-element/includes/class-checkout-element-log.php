<?php
/**
 * Logging for the site owner.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * Writes to PHP's error log (wp-content/debug.log with WP_DEBUG_LOG), prefixed, with anything secret-shaped removed.
 * Hooks `checkout_element_log` so a site can route the lines elsewhere.
 */
class Checkout_Element_Log {

	/**
	 * Logs a failure the owner must know about.
	 *
	 * @param string $message What happened (never a secret).
	 */
	public static function error( $message ) {
		self::write( 'error', $message );
	}

	/**
	 * Logs a decision worth knowing (an event that was ignored, and why).
	 *
	 * @param string $message What happened (never a secret).
	 */
	public static function info( $message ) {
		self::write( 'info', $message );
	}

	/**
	 * Writes one line.
	 *
	 * @param string $level   error or info.
	 * @param string $message The line.
	 */
	private static function write( $level, $message ) {
		$message = Checkout_Element_Stripe_Exception::without_secrets( $message );
		/**
		 * Fires for every log line of the plugin.
		 *
		 * @param string $level   error or info.
		 * @param string $message The line, secrets removed.
		 */
		do_action( 'checkout_element_log', $level, $message );
		if ( 'error' === $level || ( defined( 'WP_DEBUG' ) && WP_DEBUG ) ) {
			error_log( '[checkout-element] ' . $level . ': ' . $message ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the owner's log is the audience.
		}
	}
}
