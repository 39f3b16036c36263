<?php
/**
 * Errors from Stripe's API.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * A failed call to Stripe, classified once so that every route maps it to the same protocol error. Its message is
 * Stripe's own (which masks keys) with anything key-shaped removed.
 */
class Checkout_Element_Stripe_Exception extends Exception {

	/**
	 * What kind of failure: authentication, permission, invalid_request, not_found, idempotency, card, rate_limit,
	 * api (Stripe's own 5xx or an unreadable answer) or network (no answer at all).
	 *
	 * @var string
	 */
	public $kind;

	/**
	 * The HTTP status Stripe answered (0 when it could not be reached).
	 *
	 * @var int
	 */
	public $http_status;

	/**
	 * Stripe's error `code` (`resource_missing`, `parameter_unknown`, …), if any.
	 *
	 * @var string|null
	 */
	public $stripe_code;

	/**
	 * Stripe's error `param`, if any.
	 *
	 * @var string|null
	 */
	public $param;

	/**
	 * Builds the error.
	 *
	 * @param string      $kind        See $kind.
	 * @param string      $message     Stripe's message (or ours for network failures).
	 * @param int         $http_status Stripe's HTTP status, 0 for network failures.
	 * @param string|null $stripe_code Stripe's error code.
	 * @param string|null $param       Stripe's error param.
	 */
	public function __construct( $kind, $message, $http_status = 0, $stripe_code = null, $param = null ) {
		parent::__construct( self::without_secrets( $message ) );
		$this->kind        = $kind;
		$this->http_status = (int) $http_status;
		$this->stripe_code = $stripe_code;
		$this->param       = $param;
	}

	/**
	 * Removes anything that looks like a secret key, webhook secret or client secret from a message.
	 *
	 * @param string $message Any text.
	 * @return string
	 */
	public static function without_secrets( $message ) {
		$message = preg_replace( '/\b(sk|rk)_(test|live)_[A-Za-z0-9*]+/', '$1_$2_…', (string) $message );
		$message = preg_replace( '/\bwhsec_[A-Za-z0-9+\/=]+/', 'whsec_…', (string) $message );
		return (string) preg_replace( '/_secret_[^\s"\']+/', '_secret_…', (string) $message );
	}

	/**
	 * The protocol error a route answers for this failure.
	 *
	 * @return Checkout_Element_Protocol_Error
	 */
	public function to_protocol_error() {
		$detail = $this->getMessage();
		switch ( $this->kind ) {
			case 'authentication':
			case 'permission':
				return new Checkout_Element_Protocol_Error(
					'stripe_misconfigured',
					sprintf(
						/* translators: %s: Stripe's error message. */
						__( 'Stripe refused this shop\'s secret key (%s). A site administrator must check the keys in Settings → Checkout Element.', 'checkout-element' ),
						$detail
					)
				);
			case 'idempotency':
				return new Checkout_Element_Protocol_Error(
					'idempotency_conflict',
					__( 'Idempotency-Key: this key was already used for a different cart; send a new key for a new checkout attempt.', 'checkout-element' ),
					'Idempotency-Key'
				);
			case 'rate_limit':
				return new Checkout_Element_Protocol_Error( 'stripe_busy', __( 'Stripe is rate limiting this shop right now; try again in a moment.', 'checkout-element' ), null, array(), array( 'Retry-After' => '2' ) );
			case 'network':
				return new Checkout_Element_Protocol_Error( 'stripe_unreachable', __( 'Stripe could not be reached from this site; try again in a moment.', 'checkout-element' ) );
			case 'api':
				return new Checkout_Element_Protocol_Error(
					'stripe_error',
					sprintf(
						/* translators: %s: Stripe's error message. */
						__( 'Stripe answered with an error of its own (%s); try again in a moment.', 'checkout-element' ),
						$detail
					)
				);
			default:
				return new Checkout_Element_Protocol_Error(
					'stripe_rejected',
					sprintf(
						/* translators: %s: Stripe's error message. */
						__( 'Stripe refused the request (%s). The shop\'s settings in Settings → Checkout Element (prices, return page) need fixing.', 'checkout-element' ),
						$detail
					)
				);
		}
	}
}
