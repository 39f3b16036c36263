<?php
/**
 * The companion protocol's error answers.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * An answer of the companion protocol's error table (docs/companion-protocol.md, "Errors"): thrown anywhere while
 * handling a request and turned into `{ "error": { code, message, field?, retryable } }` with its HTTP status.
 * Messages name the fix and never contain a secret.
 */
class Checkout_Element_Protocol_Error extends Exception {

	/**
	 * Every code of the protocol with its HTTP status and whether the same request may succeed later.
	 *
	 * @var array<string, array{0: int, 1: bool}>
	 */
	const CODES = array(
		'invalid_request'           => array( 400, false ),
		'webhook_signature_invalid' => array( 400, false ),
		'invalid_event'             => array( 400, false ),
		'origin_not_allowed'        => array( 403, false ),
		'not_found'                 => array( 404, false ),
		'method_not_allowed'        => array( 405, false ),
		'idempotency_conflict'      => array( 409, false ),
		'body_too_large'            => array( 413, false ),
		'unsupported_media_type'    => array( 415, false ),
		'rate_limited'              => array( 429, true ),
		'internal_error'            => array( 500, true ),
		'hook_failed'               => array( 500, true ),
		'stripe_misconfigured'      => array( 502, false ),
		'stripe_rejected'           => array( 502, false ),
		'stripe_error'              => array( 502, true ),
		'stripe_busy'               => array( 503, true ),
		'stripe_unavailable'        => array( 503, true ),
		'in_progress'               => array( 503, true ),
		'ledger_unavailable'        => array( 503, true ),
		'stripe_unreachable'        => array( 504, true ),
	);

	/**
	 * The protocol's error code (`invalid_request`, …).
	 *
	 * @var string
	 */
	public $error_code;

	/**
	 * The part of the request at fault (`items[0].price`, `Idempotency-Key`, `id`), if any.
	 *
	 * @var string|null
	 */
	public $field;

	/**
	 * Extra members of the error object (e.g. `failure` for webhook signatures).
	 *
	 * @var array<string, string>
	 */
	public $extra;

	/**
	 * Extra response headers (`Allow`, `Retry-After`, `Connection`).
	 *
	 * @var array<string, string>
	 */
	public $headers;

	/**
	 * Builds an error answer.
	 *
	 * @param string                $error_code One of self::CODES.
	 * @param string                $message    What went wrong and how to fix it; shown to site owners and buyers.
	 * @param string|null           $field      The part of the request at fault.
	 * @param array<string, string> $extra      Extra members of the error object.
	 * @param array<string, string> $headers    Extra response headers.
	 */
	public function __construct( $error_code, $message, $field = null, array $extra = array(), array $headers = array() ) {
		if ( ! isset( self::CODES[ $error_code ] ) ) {
			$error_code = 'internal_error';
		}
		parent::__construct( $message );
		$this->error_code = $error_code;
		$this->field      = $field;
		$this->extra      = $extra;
		$this->headers    = $headers;
	}

	/**
	 * The HTTP status of this error.
	 *
	 * @return int
	 */
	public function status() {
		return self::CODES[ $this->error_code ][0];
	}

	/**
	 * Whether sending the same request later can succeed.
	 *
	 * @return bool
	 */
	public function retryable() {
		return self::CODES[ $this->error_code ][1];
	}

	/**
	 * The JSON body of the answer.
	 *
	 * @return array{error: array<string, mixed>}
	 */
	public function body() {
		$error = array(
			'code'    => $this->error_code,
			'message' => $this->getMessage(),
		);
		if ( null !== $this->field ) {
			$error['field'] = $this->field;
		}
		$error['retryable'] = $this->retryable();
		return array( 'error' => array_merge( $error, $this->extra ) );
	}

	/**
	 * Shortcut for `invalid_request` naming a field.
	 *
	 * @param string $field   The part of the request at fault.
	 * @param string $message What is wrong with it, as `field: problem (got …)`.
	 * @return self
	 */
	public static function invalid( $field, $message ) {
		return new self( 'invalid_request', $field . ': ' . $message, $field );
	}
}
