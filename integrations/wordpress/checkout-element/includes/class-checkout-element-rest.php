<?php
/**
 * The companion protocol as WordPress REST routes.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * `POST /wp-json/checkout-element/v1/sessions`, `GET …/sessions/{id}` and `POST …/webhook`, answering exactly as
 * docs/companion-protocol.md says. The routes are registered with WordPress (they show in the REST index), but
 * requests under the namespace are answered from `rest_pre_dispatch`: WordPress's own handling would answer
 * `rest_no_route` for a wrong method, parse JSON before the webhook's signature is checked, and reflect any Origin in
 * CORS headers, none of which the protocol allows. WordPress's REST conveniences that change an answer's shape
 * (`_jsonp`, `_envelope`, `_fields`, `_embed`, `_method`) are switched off for these routes.
 */
class Checkout_Element_Rest {

	/** The REST namespace. */
	const NAMESPACE_V1 = 'checkout-element/v1';

	/** Largest webhook body (Stripe's events are far smaller). */
	const MAX_WEBHOOK_BYTES = 1048576;

	/** Headers a browser may send cross-origin. */
	const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key';

	/**
	 * The browser origin of the request being served, when it is allowed (for the CORS headers).
	 *
	 * @var string|null
	 */
	private static $cors_origin = null;

	/**
	 * Whether the request being served is one of ours.
	 *
	 * @var bool
	 */
	private static $serving = false;

	/**
	 * Hooks into WordPress.
	 */
	public static function register() {
		add_action( 'rest_api_init', array( __CLASS__, 'init' ) );
		add_filter( 'rest_pre_dispatch', array( __CLASS__, 'pre_dispatch' ), 5, 3 );
		add_filter( 'rest_pre_serve_request', array( __CLASS__, 'pre_serve' ), 5, 4 );
	}

	/**
	 * The URL of a route, as the element is given it.
	 *
	 * @param string $route `sessions` or `webhook`.
	 * @return string
	 */
	public static function url( $route ) {
		return rest_url( self::NAMESPACE_V1 . '/' . $route );
	}

	/**
	 * Registers the routes and, when this request is one of ours, switches WordPress's shape-changing conveniences off.
	 */
	public static function init() {
		register_rest_route(
			self::NAMESPACE_V1,
			'/sessions',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'dispatch_registered' ),
				'permission_callback' => '__return_true',
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/sessions/(?P<id>.+)',
			array(
				'methods'             => 'GET',
				'callback'            => array( __CLASS__, 'dispatch_registered' ),
				'permission_callback' => '__return_true',
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/webhook',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'dispatch_registered' ),
				'permission_callback' => '__return_true',
			)
		);

		if ( defined( 'REST_REQUEST' ) && REST_REQUEST && self::is_ours( self::requested_route() ) ) {
			self::$serving = true;
			// phpcs:disable WordPress.Security.NonceVerification.Recommended -- removing parameters, not reading them.
			unset( $_GET['_jsonp'], $_GET['_envelope'], $_GET['_fields'], $_GET['_embed'], $_GET['_method'], $_SERVER['HTTP_X_HTTP_METHOD_OVERRIDE'] );
			// phpcs:enable
			remove_filter( 'rest_pre_serve_request', 'rest_send_cors_headers' );
		}
	}

	/**
	 * Answers every request under the namespace (see the class comment).
	 *
	 * @param mixed           $result  Null, or an earlier filter's answer.
	 * @param WP_REST_Server  $server  The server.
	 * @param WP_REST_Request $request The request.
	 * @return mixed
	 */
	public static function pre_dispatch( $result, $server, $request ) {
		if ( null !== $result || ! self::is_ours( $request->get_route() ) ) {
			return $result;
		}
		return self::answer( $request );
	}

	/**
	 * The callback WordPress would call for the registered routes (only reached if another plugin's
	 * `rest_pre_dispatch` short-circuits ours); it answers the same way.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public static function dispatch_registered( $request ) {
		return self::answer( $request );
	}

	/**
	 * Routes a request under the namespace, turning every failure into a protocol error answer.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public static function answer( $request ) {
		try {
			return self::route( $request );
		} catch ( Checkout_Element_Protocol_Error $error ) {
			return self::error_response( $error );
		} catch ( Throwable $error ) {
			Checkout_Element_Log::error( sprintf( 'Unexpected %s in %s %s: %s (%s:%d)', get_class( $error ), $request->get_method(), $request->get_route(), $error->getMessage(), $error->getFile(), $error->getLine() ) );
			return self::error_response( new Checkout_Element_Protocol_Error( 'internal_error', __( 'The checkout failed unexpectedly on the shop\'s side; try again in a moment.', 'checkout-element' ) ) );
		}
	}

	/**
	 * Sends the protocol's headers on our answers, and the CORS headers for an allowed origin.
	 *
	 * @param bool             $served  Whether an earlier filter served the request.
	 * @param WP_HTTP_Response $result  The answer.
	 * @param WP_REST_Request  $request The request.
	 * @param WP_REST_Server   $server  The server.
	 * @return bool
	 */
	public static function pre_serve( $served, $result, $request, $server ) {
		if ( ! self::$serving && ! self::is_ours( $request->get_route() ) ) {
			return $served;
		}
		if ( ! headers_sent() ) {
			// WordPress sent these for every REST answer; they describe its other routes, not ours.
			header_remove( 'Access-Control-Expose-Headers' );
			header_remove( 'Access-Control-Allow-Headers' );
			header_remove( 'Access-Control-Allow-Origin' );
			header_remove( 'Access-Control-Allow-Credentials' );
			header_remove( 'Access-Control-Allow-Methods' );
			header_remove( 'Link' );
			foreach ( $result->get_headers() as $name => $value ) {
				if ( 0 === stripos( $name, 'Access-Control-' ) ) {
					$server->send_header( $name, $value ); // Ours (a preflight's), removed with WordPress's above.
				}
			}
			$server->send_header( 'Content-Type', 'application/json; charset=utf-8' );
			$server->send_header( 'Cache-Control', 'no-store' );
			$server->send_header( 'X-Content-Type-Options', 'nosniff' );
			if ( null !== self::$cors_origin ) {
				$server->send_header( 'Access-Control-Allow-Origin', self::$cors_origin );
			}
			if ( 0 === strpos( (string) $request->get_route(), '/' . self::NAMESPACE_V1 . '/sessions' ) ) {
				$server->send_header( 'Vary', 'Origin' );
			}
		}
		return $served;
	}

	/**
	 * Whether a route is under our namespace.
	 *
	 * @param string $route A REST route (`/checkout-element/v1/sessions`).
	 * @return bool
	 */
	private static function is_ours( $route ) {
		$route = (string) $route;
		return '/' . self::NAMESPACE_V1 === untrailingslashit( $route ) || 0 === strpos( $route, '/' . self::NAMESPACE_V1 . '/' );
	}

	/**
	 * The route of the current REST request, before WordPress routes it.
	 *
	 * @return string
	 */
	private static function requested_route() {
		global $wp;
		if ( isset( $wp->query_vars['rest_route'] ) && is_string( $wp->query_vars['rest_route'] ) ) {
			return $wp->query_vars['rest_route'];
		}
		return '';
	}

	/**
	 * The route's path as the client sent it, still percent-encoded (WordPress decodes it once while routing, which
	 * would hide a `%2F` or a malformed escape inside a session id).
	 *
	 * @return string|null
	 */
	private static function raw_route() {
		$uri    = isset( $_SERVER['REQUEST_URI'] ) ? (string) $_SERVER['REQUEST_URI'] : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared, never printed.
		$path   = (string) strtok( $uri, '?' );
		$prefix = '/' . rest_get_url_prefix() . '/';
		$at     = strpos( $path, $prefix );
		if ( false !== $at ) {
			return '/' . substr( $path, $at + strlen( $prefix ) );
		}
		$query = isset( $_SERVER['QUERY_STRING'] ) ? (string) $_SERVER['QUERY_STRING'] : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared, never printed.
		foreach ( explode( '&', $query ) as $pair ) {
			if ( 0 === strpos( $pair, 'rest_route=' ) ) {
				// The query value is encoded once more than a path would be.
				return rawurldecode( substr( $pair, strlen( 'rest_route=' ) ) );
			}
		}
		return null;
	}

	/**
	 * Picks the handler for a route and method.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 * @throws Checkout_Element_Protocol_Error For unknown routes and wrong methods.
	 */
	private static function route( $request ) {
		$route  = untrailingslashit( substr( (string) $request->get_route(), strlen( '/' . self::NAMESPACE_V1 ) ) );
		$method = strtoupper( (string) $request->get_method() );
		if ( '/sessions' === $route ) {
			return self::with_method( $request, $method, 'POST', array( __CLASS__, 'create_session' ), true );
		}
		if ( 0 === strpos( $route, '/sessions/' ) ) {
			return self::with_method( $request, $method, 'GET', array( __CLASS__, 'session_status' ), true );
		}
		if ( '/webhook' === $route ) {
			return self::with_method( $request, $method, 'POST', array( __CLASS__, 'webhook' ), false );
		}
		throw new Checkout_Element_Protocol_Error(
			'not_found',
			sprintf(
				/* translators: 1: method, 2: path. */
				__( 'No route %1$s %2$s here; the checkout routes are POST /sessions, GET /sessions/{id} and POST /webhook.', 'checkout-element' ),
				$method,
				Checkout_Element_Session_Request::shown( $route )
			)
		);
	}

	/**
	 * Checks the method (answering CORS preflights on the browser routes) and calls the handler.
	 *
	 * @param WP_REST_Request $request  The request.
	 * @param string          $method   The request's method.
	 * @param string          $expected The route's method.
	 * @param callable        $handler  Its handler.
	 * @param bool            $browser  Whether browsers call it (CORS applies).
	 * @return WP_REST_Response
	 * @throws Checkout_Element_Protocol_Error For a wrong method or a refused origin.
	 */
	private static function with_method( $request, $method, $expected, $handler, $browser ) {
		if ( $browser ) {
			self::check_origin( $request );
		}
		if ( 'OPTIONS' === $method && $browser ) {
			$response = new WP_REST_Response( null, 204 );
			$response->header( 'Access-Control-Allow-Methods', $expected );
			$response->header( 'Access-Control-Allow-Headers', self::ALLOWED_HEADERS );
			$response->header( 'Access-Control-Max-Age', '600' );
			return $response;
		}
		$effective = 'HEAD' === $method ? 'GET' : $method;
		if ( $effective !== $expected ) {
			throw new Checkout_Element_Protocol_Error(
				'method_not_allowed',
				sprintf(
					/* translators: 1: the method used, 2: the method to use. */
					__( 'method: %1$s is not allowed on this route; use %2$s.', 'checkout-element' ),
					Checkout_Element_Session_Request::shown( $method ),
					$expected
				),
				'method',
				array(),
				array( 'Allow' => $expected )
			);
		}
		return call_user_func( $handler, $request );
	}

	/**
	 * Refuses a browser origin the shop does not allow; remembers an allowed one for the CORS headers.
	 *
	 * @param WP_REST_Request $request The request.
	 * @throws Checkout_Element_Protocol_Error `origin_not_allowed`.
	 */
	private static function check_origin( $request ) {
		$origin = $request->get_header( 'origin' );
		if ( null === $origin || '' === $origin ) {
			return; // Not a cross-origin browser request (or not a browser): CORS does not apply.
		}
		$normalised = Checkout_Element_Config::origin_of( $origin );
		if ( null !== $normalised && $normalised === $origin && in_array( $normalised, Checkout_Element_Config::allowed_origins(), true ) ) {
			self::$cors_origin = $origin;
			return;
		}
		throw new Checkout_Element_Protocol_Error(
			'origin_not_allowed',
			sprintf(
				/* translators: %s: the origin. */
				__( 'The origin %s may not use this shop\'s checkout. The site owner can allow it in Settings → Checkout Element → Allowed origins.', 'checkout-element' ),
				Checkout_Element_Session_Request::shown( $origin )
			),
			'Origin'
		);
	}

	/**
	 * `POST /sessions`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 * @throws Checkout_Element_Protocol_Error For every refusal.
	 */
	public static function create_session( $request ) {
		$limit = Checkout_Element_Config::rate_limit();
		if ( $limit > 0 ) {
			Checkout_Element_Rate_Limiter::hit( 'sessions', $limit );
		}
		$cart = Checkout_Element_Session_Request::validate(
			(string) $request->get_body(),
			$request->get_header( 'content_type' ),
			$request->get_header( 'idempotency_key' ),
			Checkout_Element_Config::prices()
		);
		$stripe          = self::stripe();
		$publishable_key = Checkout_Element_Config::key( 'publishable_key' );
		$return_url      = Checkout_Element_Config::return_url();
		if ( '' === $publishable_key || null === $return_url ) {
			throw self::not_set_up();
		}
		$params = array(
			'mode'        => 'payment',
			'ui_mode'     => 'elements',
			'return_url'  => $return_url,
			'line_items'  => $cart['line_items'],
			'metadata'    => array( 'integration' => 'checkout-element-wordpress' ),
		);
		if ( null !== $cart['email'] ) {
			$params['customer_email'] = $cart['email'];
		}
		if ( null !== $cart['client_reference_id'] ) {
			$params['client_reference_id'] = $cart['client_reference_id'];
		}
		/**
		 * Filters the parameters of Stripe's session creation (add `automatic_tax`, `shipping_options`, …). The cart's
		 * `line_items`, `mode`, `ui_mode` and `return_url` are set again afterwards: a filter cannot let the browser set
		 * a price.
		 *
		 * @param array $params Stripe's `POST /v1/checkout/sessions` parameters.
		 */
		$filtered = apply_filters( 'checkout_element_session_params', $params );
		$params   = array_merge( is_array( $filtered ) ? $filtered : array(), array_intersect_key( $params, array_flip( array( 'mode', 'ui_mode', 'return_url', 'line_items' ) ) ) );
		try {
			$session = $stripe->create_checkout_session( $params, $cart['idempotency_key'] );
		} catch ( Checkout_Element_Stripe_Exception $error ) {
			Checkout_Element_Log::error( sprintf( 'Stripe refused a session creation (%s, HTTP %d): %s', $error->kind, $error->http_status, $error->getMessage() ) );
			throw $error->to_protocol_error();
		}
		if ( ! isset( $session['client_secret'], $session['id'], $session['expires_at'] ) || ! is_string( $session['client_secret'] ) || ! is_string( $session['id'] ) ) {
			throw new Checkout_Element_Protocol_Error( 'stripe_error', __( 'Stripe answered without a client secret; try again in a moment.', 'checkout-element' ) );
		}
		return new WP_REST_Response(
			array(
				'clientSecret'   => $session['client_secret'],
				'sessionId'      => $session['id'],
				'expiresAt'      => (int) $session['expires_at'],
				'publishableKey' => $publishable_key,
				'uiMode'         => 'elements',
				'collects'       => self::collects( $session ),
			),
			200
		);
	}

	/**
	 * What the session asks of the buyer that Stripe.js does not tell the page (the protocol's `collects`): the
	 * address fields to show at once and which of Stripe's optional Elements have anything to show, so that the
	 * element loads only those iframes. Read from the created session, so the params filter counts too. The Link
	 * Sign-up Element (a Stripe beta) is never offered by the plugin.
	 *
	 * @param array<string, mixed> $session The created Stripe session.
	 * @return array<string, mixed>
	 */
	private static function collects( array $session ) {
		$enabled = static function ( $value ) {
			return is_array( $value ) && isset( $value['enabled'] ) && true === $value['enabled'];
		};
		$names   = isset( $session['name_collection'] ) && is_array( $session['name_collection'] ) ? $session['name_collection'] : array();
		$email   = ! empty( $session['customer_email'] ) || ! empty( $session['customer_details']['email'] );
		return array(
			'shippingAddress' => ! empty( $session['shipping_address_collection'] ),
			'billingAddress'  => isset( $session['billing_address_collection'] ) && 'required' === $session['billing_address_collection'],
			'shippingDetails' => isset( $session['permissions']['update_shipping_details'] ) && 'server_only' === $session['permissions']['update_shipping_details'] ? 'server_only' : 'client_only',
			'contactDetails'  => ! $email
				|| $enabled( isset( $session['phone_number_collection'] ) ? $session['phone_number_collection'] : null )
				|| $enabled( isset( $names['individual'] ) ? $names['individual'] : null )
				|| $enabled( isset( $names['business'] ) ? $names['business'] : null ),
			'taxId'           => $enabled( isset( $session['tax_id_collection'] ) ? $session['tax_id_collection'] : null ),
			'terms'           => isset( $session['consent_collection']['terms_of_service'] ) && 'required' === $session['consent_collection']['terms_of_service'],
			'linkSignup'      => false,
		);
	}

	/**
	 * `GET /sessions/{id}`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 * @throws Checkout_Element_Protocol_Error For every refusal.
	 */
	public static function session_status( $request ) {
		Checkout_Element_Rate_Limiter::hit( 'status', 4 * Checkout_Element_Config::rate_limit() );
		$id = self::session_id_from( $request );
		try {
			$session = self::stripe()->retrieve_checkout_session( $id, array( 'line_items' ) );
		} catch ( Checkout_Element_Stripe_Exception $error ) {
			if ( 'not_found' === $error->kind ) {
				throw new Checkout_Element_Protocol_Error( 'not_found', __( 'id: Stripe does not know this session (in this shop\'s account and mode).', 'checkout-element' ), 'id' );
			}
			throw $error->to_protocol_error();
		}
		$fulfilled = false;
		if ( Checkout_Element_Fulfilment::is_paid( $session ) ) {
			try {
				// The return page often arrives before the webhook: fulfil here too, still once per session.
				$run       = Checkout_Element_Fulfilment::run_once( 'fulfil', $session, time() );
				$fulfilled = 'busy' !== $run['outcome'];
			} catch ( Checkout_Element_Protocol_Error $error ) {
				if ( 'hook_failed' !== $error->error_code ) {
					throw $error;
				}
				// The buyer still paid; the webhook's retries run the hook again.
			}
		} else {
			$row       = Checkout_Element_Ledger::row( $id, 'fulfil' );
			$fulfilled = null !== $row && 'done' === $row['state'];
		}
		return new WP_REST_Response( self::status_body( $session, $fulfilled ), 200 );
	}

	/**
	 * The session id of a status request, checked on the path as the client sent it.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return string
	 * @throws Checkout_Element_Protocol_Error `invalid_request` naming `id`.
	 */
	private static function session_id_from( $request ) {
		$raw    = self::raw_route();
		$marker = '/' . self::NAMESPACE_V1 . '/sessions/';
		$at     = null === $raw ? false : strpos( $raw, $marker );
		if ( false === $at ) {
			$encoded = rawurlencode( (string) $request->get_param( 'id' ) );
		} else {
			$encoded = untrailingslashit( substr( (string) $raw, $at + strlen( $marker ) ) );
		}
		if ( preg_match( '/%(?![0-9A-Fa-f]{2})/', $encoded ) ) {
			throw Checkout_Element_Protocol_Error::invalid( 'id', __( 'the path is not valid percent-encoding; send the session id (cs_…) URL-encoded', 'checkout-element' ) );
		}
		$id = rawurldecode( $encoded );
		if ( false !== strpos( $id, '_secret_' ) ) {
			throw Checkout_Element_Protocol_Error::invalid( 'id', __( 'this is a client secret; secrets never travel in URLs. Send the session id (cs_…, the part before _secret_)', 'checkout-element' ) );
		}
		if ( ! preg_match( '/^cs_[A-Za-z0-9_]{1,250}$/', $id ) ) {
			throw Checkout_Element_Protocol_Error::invalid( 'id', sprintf( /* translators: %s: what was sent. */ __( 'must be a Checkout Session id like cs_test_a1B2c3 (got %s)', 'checkout-element' ), Checkout_Element_Session_Request::shown( $id ) ) );
		}
		return $id;
	}

	/**
	 * The status answer of a session.
	 *
	 * @param array<string, mixed> $session   The Stripe session with line items.
	 * @param bool                 $fulfilled Whether the fulfilment hook ran.
	 * @return array<string, mixed>
	 */
	private static function status_body( array $session, $fulfilled ) {
		$line_items = array();
		if ( isset( $session['line_items']['data'] ) && is_array( $session['line_items']['data'] ) ) {
			foreach ( $session['line_items']['data'] as $item ) {
				$line_items[] = array(
					'price'       => isset( $item['price']['id'] ) && is_string( $item['price']['id'] ) ? $item['price']['id'] : null,
					'description' => isset( $item['description'] ) && is_string( $item['description'] ) ? $item['description'] : null,
					'quantity'    => isset( $item['quantity'] ) && is_int( $item['quantity'] ) ? $item['quantity'] : null,
					'amountTotal' => isset( $item['amount_total'] ) && is_int( $item['amount_total'] ) ? $item['amount_total'] : null,
					'currency'    => isset( $item['currency'] ) && is_string( $item['currency'] ) ? $item['currency'] : null,
				);
			}
		}
		$email = null;
		if ( isset( $session['customer_details']['email'] ) && is_string( $session['customer_details']['email'] ) ) {
			$email = $session['customer_details']['email'];
		} elseif ( isset( $session['customer_email'] ) && is_string( $session['customer_email'] ) ) {
			$email = $session['customer_email'];
		}
		return array(
			'status'        => isset( $session['status'] ) ? $session['status'] : 'open',
			'paymentStatus' => isset( $session['payment_status'] ) ? $session['payment_status'] : 'unpaid',
			'mode'          => isset( $session['mode'] ) ? $session['mode'] : 'payment',
			'customerEmail' => $email,
			'amountTotal'   => isset( $session['amount_total'] ) && is_int( $session['amount_total'] ) ? $session['amount_total'] : null,
			'currency'      => isset( $session['currency'] ) && is_string( $session['currency'] ) ? $session['currency'] : null,
			'lineItems'     => $line_items,
			'fulfilled'     => (bool) $fulfilled,
		);
	}

	/**
	 * `POST /webhook`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 * @throws Checkout_Element_Protocol_Error For every refusal.
	 */
	public static function webhook( $request ) {
		$payload = (string) $request->get_body();
		if ( strlen( $payload ) > self::MAX_WEBHOOK_BYTES ) {
			throw new Checkout_Element_Protocol_Error( 'body_too_large', sprintf( /* translators: %d: the limit in bytes. */ __( 'body: a webhook may be at most %d bytes.', 'checkout-element' ), self::MAX_WEBHOOK_BYTES ), 'body', array(), array( 'Connection' => 'close' ) );
		}
		$secret = Checkout_Element_Config::key( 'webhook_secret' );
		if ( '' === $secret ) {
			Checkout_Element_Log::error( 'A webhook arrived but no webhook signing secret is set (Settings → Checkout Element); Stripe will retry it.' );
			throw new Checkout_Element_Protocol_Error( 'internal_error', __( 'This shop has no webhook signing secret configured yet.', 'checkout-element' ) );
		}
		Checkout_Element_Webhook_Signature::verify( $payload, $request->get_header( 'stripe_signature' ), $secret, time() );

		$shape = json_decode( $payload );
		if ( ! is_object( $shape ) || ! isset( $shape->id, $shape->type ) || ! is_string( $shape->id ) || ! is_string( $shape->type )
			|| ! isset( $shape->data ) || ! is_object( $shape->data ) || ! isset( $shape->data->object ) || ! is_object( $shape->data->object ) ) {
			throw new Checkout_Element_Protocol_Error( 'invalid_event', __( 'The body is signed but is not a Stripe event: it needs a string id and type and an object data.object.', 'checkout-element' ), 'body' );
		}
		$event = json_decode( $payload, true );
		$type  = $event['type'];
		$kinds = array(
			'checkout.session.completed'                => 'fulfil',
			'checkout.session.async_payment_succeeded'  => 'fulfil',
			'checkout.session.async_payment_failed'     => 'payment_failed',
			'checkout.session.expired'                  => 'expired',
		);
		if ( ! isset( $kinds[ $type ] ) ) {
			return self::received( array( 'ignored' => true ) );
		}
		$object = $event['data']['object'];
		if ( ! isset( $object['id'] ) || ! is_string( $object['id'] ) || ! preg_match( '/^cs_[A-Za-z0-9_]{1,250}$/', $object['id'] ) ) {
			throw new Checkout_Element_Protocol_Error( 'invalid_event', __( 'The event is signed but its data.object is not a Checkout Session (no cs_… id).', 'checkout-element' ), 'data.object.id' );
		}
		$event_live = ! empty( $event['livemode'] );
		if ( $event_live !== ( 'live' === Checkout_Element_Config::mode() ) ) {
			Checkout_Element_Log::info( sprintf( 'Ignored %s %s: it is a %s-mode event and this shop is in %s mode.', $type, $event['id'], $event_live ? 'live' : 'test', Checkout_Element_Config::mode() ) );
			return self::received( array( 'ignored' => true ) );
		}
		$kind = $kinds[ $type ];
		$now  = time();
		$row  = Checkout_Element_Ledger::row( $object['id'], $kind );
		if ( null !== $row && 'done' === $row['state'] ) {
			return self::received( array( 'duplicate' => true ) );
		}
		$session = $object;
		if ( 'fulfil' === $kind ) {
			// Events carry no line items, and the hook's users need them; Stripe's answer is also the current truth.
			try {
				$session = self::stripe()->retrieve_checkout_session( $object['id'], array( 'line_items' ) );
			} catch ( Checkout_Element_Stripe_Exception $error ) {
				if ( 'not_found' === $error->kind ) {
					Checkout_Element_Log::info( sprintf( 'Ignored %s %s: Stripe does not know session %s in this account and mode; retrying cannot help.', $type, $event['id'], $object['id'] ) );
					return self::received( array( 'ignored' => true ) );
				}
				Checkout_Element_Log::error( sprintf( 'Could not look up session %s for %s (%s); Stripe will retry the event.', $object['id'], $event['id'], $error->getMessage() ) );
				if ( in_array( $error->kind, array( 'network', 'api', 'rate_limit' ), true ) ) {
					throw new Checkout_Element_Protocol_Error( 'stripe_unavailable', __( 'The session could not be looked up at Stripe right now; the event will be retried.', 'checkout-element' ) );
				}
				throw $error->to_protocol_error();
			}
			if ( ! Checkout_Element_Fulfilment::is_paid( $session ) ) {
				return self::received( array() ); // Paid later: async_payment_succeeded fulfils it.
			}
		}
		$run = Checkout_Element_Fulfilment::run_once( $kind, $session, $now );
		if ( 'done' === $run['outcome'] ) {
			return self::received( array( 'duplicate' => true ) );
		}
		if ( 'busy' === $run['outcome'] ) {
			throw new Checkout_Element_Protocol_Error(
				'in_progress',
				__( 'Another request is running this session\'s order handling; retry shortly.', 'checkout-element' ),
				null,
				array(),
				array( 'Retry-After' => (string) $run['retry_after'] )
			);
		}
		return self::received( array() );
	}

	/**
	 * A webhook's 200 answer.
	 *
	 * @param array<string, bool> $flags `duplicate` or `ignored`.
	 * @return WP_REST_Response
	 */
	private static function received( array $flags ) {
		return new WP_REST_Response( array_merge( array( 'received' => true ), $flags ), 200 );
	}

	/**
	 * A Stripe client with the configured secret key.
	 *
	 * @return Checkout_Element_Stripe_Client
	 * @throws Checkout_Element_Protocol_Error When no secret key is set.
	 */
	private static function stripe() {
		$secret = Checkout_Element_Config::key( 'secret_key' );
		if ( '' === $secret ) {
			throw self::not_set_up();
		}
		return new Checkout_Element_Stripe_Client( $secret, Checkout_Element_Config::api_base() );
	}

	/**
	 * The answer while the owner has not finished the settings.
	 *
	 * @return Checkout_Element_Protocol_Error
	 */
	private static function not_set_up() {
		return new Checkout_Element_Protocol_Error(
			'stripe_misconfigured',
			sprintf(
				/* translators: %s: what is missing. */
				__( 'This shop\'s checkout is not set up yet: a site administrator must add %s in Settings → Checkout Element.', 'checkout-element' ),
				implode( ', ', Checkout_Element_Config::missing() )
			)
		);
	}

	/**
	 * The answer for a protocol error.
	 *
	 * @param Checkout_Element_Protocol_Error $error The error.
	 * @return WP_REST_Response
	 */
	private static function error_response( Checkout_Element_Protocol_Error $error ) {
		$response = new WP_REST_Response( $error->body(), $error->status() );
		foreach ( $error->headers as $name => $value ) {
			$response->header( $name, $value );
		}
		return $response;
	}
}
