<?php
/**
 * A small client for the part of Stripe's API the plugin uses.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * Stripe's REST API over WordPress's HTTP API (no Composer dependency can be assumed on a WordPress site): form
 * encoded bodies with bracket keys, `Authorization: Bearer`, a pinned `Stripe-Version`, `Idempotency-Key` on
 * creations, and one retry of a request that got no answer at all (with the same idempotency key, as Stripe's SDKs
 * do, so a retried creation cannot make a second session).
 *
 * @phpstan-type StripeObject array<string, mixed>
 */
class Checkout_Element_Stripe_Client {

	/** Where Stripe's API lives. */
	const DEFAULT_API_BASE = 'https://api.stripe.com';

	/**
	 * The API version the plugin is written against. `ui_mode` is `elements` from 2026-03-25.dahlia on (see
	 * /work/shared/stripe-reference/README.md and stripe-node 23.1.0's pinned version).
	 */
	const API_VERSION = '2026-10-28.endive';

	/**
	 * The secret key (`sk_…` / `rk_…`).
	 *
	 * @var string
	 */
	private $secret_key;

	/**
	 * Origin of the API, without a trailing slash.
	 *
	 * @var string
	 */
	private $api_base;

	/**
	 * Seconds before a request is given up.
	 *
	 * @var int
	 */
	private $timeout;

	/**
	 * Builds a client.
	 *
	 * @param string $secret_key Secret or restricted key.
	 * @param string $api_base   API origin; only the CHECKOUT_ELEMENT_STRIPE_API_BASE constant changes it (tests).
	 * @param int    $timeout    Seconds per attempt.
	 */
	public function __construct( $secret_key, $api_base = self::DEFAULT_API_BASE, $timeout = 20 ) {
		$this->secret_key = $secret_key;
		$this->api_base   = rtrim( $api_base, '/' );
		$this->timeout    = $timeout;
	}

	/**
	 * Creates a Checkout Session.
	 *
	 * @param array<string, mixed> $params          Stripe's `POST /v1/checkout/sessions` parameters.
	 * @param string|null          $idempotency_key Passed to Stripe so a retried request returns the same session.
	 * @return array<string, mixed> The session.
	 * @throws Checkout_Element_Stripe_Exception When Stripe refuses or cannot be reached.
	 */
	public function create_checkout_session( array $params, $idempotency_key = null ) {
		return $this->request( 'POST', '/v1/checkout/sessions', $params, $idempotency_key );
	}

	/**
	 * Retrieves a Checkout Session.
	 *
	 * @param string   $id     `cs_…`.
	 * @param string[] $expand Paths to expand, e.g. `line_items`.
	 * @return array<string, mixed> The session.
	 * @throws Checkout_Element_Stripe_Exception When Stripe refuses (`not_found` for an unknown id) or cannot be reached.
	 */
	public function retrieve_checkout_session( $id, array $expand = array() ) {
		return $this->request( 'GET', '/v1/checkout/sessions/' . rawurlencode( $id ), array() === $expand ? array() : array( 'expand' => $expand ) );
	}

	/**
	 * Retrieves a price with its product, in one call: `product` is expandable on a price
	 * (https://docs.stripe.com/api/prices/object), and Stripe honours `expand`.
	 *
	 * @param string $id `price_…`.
	 * @return array<string, mixed> The price, `product` expanded.
	 * @throws Checkout_Element_Stripe_Exception When Stripe refuses or cannot be reached.
	 */
	public function retrieve_price( $id ) {
		return $this->request( 'GET', '/v1/prices/' . rawurlencode( $id ), array( 'expand' => array( 'product' ) ) );
	}

	/**
	 * Lists prices (the settings page's connection test: it needs only read access).
	 *
	 * @param int $limit How many.
	 * @return array<string, mixed> Stripe's list object.
	 * @throws Checkout_Element_Stripe_Exception When Stripe refuses or cannot be reached.
	 */
	public function list_prices( $limit = 1 ) {
		return $this->request( 'GET', '/v1/prices', array( 'limit' => $limit ) );
	}

	/**
	 * Stripe's form encoding: nested arrays as bracket keys, booleans as `true`/`false`.
	 *
	 * @param array<string, mixed> $params Parameters.
	 * @return string
	 */
	public static function encode( array $params ) {
		$normalise = static function ( $value ) use ( &$normalise ) {
			if ( is_bool( $value ) ) {
				return $value ? 'true' : 'false';
			}
			if ( is_array( $value ) ) {
				return array_map( $normalise, $value );
			}
			return $value;
		};
		return http_build_query( $normalise( $params ), '', '&', PHP_QUERY_RFC1738 );
	}

	/**
	 * One API call.
	 *
	 * @param string               $method          GET or POST.
	 * @param string               $path            Path under the API base.
	 * @param array<string, mixed> $params          Query (GET) or body (POST) parameters.
	 * @param string|null          $idempotency_key For POST.
	 * @return array<string, mixed>
	 * @throws Checkout_Element_Stripe_Exception When Stripe refuses or cannot be reached.
	 */
	private function request( $method, $path, array $params, $idempotency_key = null ) {
		$url     = $this->api_base . $path;
		$headers = array(
			'Authorization'  => 'Bearer ' . $this->secret_key,
			'Stripe-Version' => self::API_VERSION,
			'User-Agent'     => 'CheckoutElement-WordPress/' . CHECKOUT_ELEMENT_VERSION,
		);
		$body    = null;
		if ( 'GET' === $method ) {
			if ( array() !== $params ) {
				$url .= '?' . self::encode( $params );
			}
		} else {
			$headers['Content-Type']    = 'application/x-www-form-urlencoded';
			$headers['Idempotency-Key'] = null === $idempotency_key ? wp_generate_uuid4() : $idempotency_key;
			$body                       = self::encode( $params );
		}
		$args = array(
			'method'      => $method,
			'headers'     => $headers,
			'body'        => $body,
			'timeout'     => $this->timeout,
			'redirection' => 0,
		);

		$response = wp_remote_request( $url, $args );
		if ( is_wp_error( $response ) ) {
			// No answer at all: once more, with the same idempotency key.
			$response = wp_remote_request( $url, $args );
		}
		if ( is_wp_error( $response ) ) {
			throw new Checkout_Element_Stripe_Exception( 'network', 'Stripe could not be reached: ' . $response->get_error_message() );
		}
		$status  = (int) wp_remote_retrieve_response_code( $response );
		$decoded = json_decode( wp_remote_retrieve_body( $response ), true );
		if ( $status >= 200 && $status < 300 && is_array( $decoded ) ) {
			return $decoded;
		}
		$error   = is_array( $decoded ) && isset( $decoded['error'] ) && is_array( $decoded['error'] ) ? $decoded['error'] : array();
		$type    = isset( $error['type'] ) && is_string( $error['type'] ) ? $error['type'] : '';
		$message = isset( $error['message'] ) && is_string( $error['message'] ) ? $error['message'] : 'HTTP ' . $status;
		$code    = isset( $error['code'] ) && is_string( $error['code'] ) ? $error['code'] : null;
		$param   = isset( $error['param'] ) && is_string( $error['param'] ) ? $error['param'] : null;
		throw new Checkout_Element_Stripe_Exception( self::kind_of( $status, $type, $decoded ), $message, $status, $code, $param );
	}

	/**
	 * Classifies an error answer (Stripe's error types: docs.stripe.com/api/errors).
	 *
	 * @param int    $status  HTTP status.
	 * @param string $type    Stripe's `error.type`.
	 * @param mixed  $decoded The decoded body.
	 * @return string
	 */
	private static function kind_of( $status, $type, $decoded ) {
		if ( 'idempotency_error' === $type ) {
			return 'idempotency';
		}
		if ( 401 === $status ) {
			return 'authentication';
		}
		if ( 403 === $status ) {
			return 'permission';
		}
		if ( 429 === $status ) {
			return 'rate_limit';
		}
		if ( $status >= 500 || ! is_array( $decoded ) || ( $status >= 200 && $status < 300 ) ) {
			return 'api';
		}
		if ( 402 === $status || 'card_error' === $type ) {
			return 'card';
		}
		if ( 404 === $status ) {
			return 'not_found';
		}
		return 'invalid_request';
	}
}
