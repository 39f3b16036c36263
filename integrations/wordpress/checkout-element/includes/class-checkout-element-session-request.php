<?php
/**
 * Validation of `POST /sessions` requests.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * Checks a session request against docs/companion-protocol.md before anything reaches Stripe: JSON only, at most
 * 8 KiB, no unknown field at any depth, prices from the allowlist only, whole quantities within the price's bounds,
 * no duplicate price. Every refusal names the field. The browser never sets an amount.
 */
class Checkout_Element_Session_Request {

	/** Largest accepted body, in bytes. */
	const MAX_BODY_BYTES = 8192;

	/** Most cart lines in one request. */
	const MAX_ITEMS = 50;

	/** `Idempotency-Key`: 16–255 of letters, digits and `_ : . -`. */
	const IDEMPOTENCY_KEY_PATTERN = '/^[A-Za-z0-9_:.-]{16,255}$/';

	/**
	 * Validates a request; returns the cart as Stripe line items and the optional fields.
	 *
	 * @param string                                                      $raw_body        The request body as sent.
	 * @param string|null                                                 $content_type    The Content-Type header.
	 * @param string|null                                                 $idempotency_key The Idempotency-Key header.
	 * @param array<string, array{id: string, min: int, max: int}>        $prices          The allowlist, by price id.
	 * @return array{line_items: array<int, array{price: string, quantity: int}>, email: string|null, client_reference_id: string|null, idempotency_key: string|null}
	 * @throws Checkout_Element_Protocol_Error With the field at fault.
	 */
	public static function validate( $raw_body, $content_type, $idempotency_key, array $prices ) {
		if ( null === $content_type || ! preg_match( '#^application/json\s*(;|$)#i', trim( $content_type ) ) ) {
			throw new Checkout_Element_Protocol_Error(
				'unsupported_media_type',
				sprintf(
					/* translators: %s: the Content-Type the request had. */
					__( 'content-type: send the body as JSON with Content-Type: application/json (got %s).', 'checkout-element' ),
					null === $content_type || '' === $content_type ? __( 'none', 'checkout-element' ) : self::shown( $content_type )
				),
				'content-type'
			);
		}
		if ( strlen( $raw_body ) > self::MAX_BODY_BYTES ) {
			throw new Checkout_Element_Protocol_Error(
				'body_too_large',
				sprintf(
					/* translators: 1: the limit in bytes, 2: the body's size. */
					__( 'body: at most %1$d bytes are accepted (got %2$d).', 'checkout-element' ),
					self::MAX_BODY_BYTES,
					strlen( $raw_body )
				),
				'body',
				array(),
				array( 'Connection' => 'close' )
			);
		}
		if ( null !== $idempotency_key && ! preg_match( self::IDEMPOTENCY_KEY_PATTERN, $idempotency_key ) ) {
			throw Checkout_Element_Protocol_Error::invalid( 'Idempotency-Key', __( 'must be 16–255 characters of letters, digits and _ : . - (a UUID works)', 'checkout-element' ) );
		}
		$body = json_decode( $raw_body, true, 16 );
		if ( JSON_ERROR_NONE !== json_last_error() ) {
			throw Checkout_Element_Protocol_Error::invalid( 'body', sprintf( /* translators: %s: the JSON parser's message. */ __( 'not valid JSON (%s)', 'checkout-element' ), json_last_error_msg() ) );
		}
		if ( ! is_array( $body ) || ( array() !== $body && array_keys( $body ) === range( 0, count( $body ) - 1 ) ) || ( array() === $body && '{' !== substr( ltrim( $raw_body ), 0, 1 ) ) ) {
			throw Checkout_Element_Protocol_Error::invalid( 'body', __( 'must be a JSON object like {"items":[{"price":"price_…","quantity":1}]}', 'checkout-element' ) );
		}
		self::refuse_unknown( $body, array( 'items', 'email', 'clientReferenceId' ), '' );

		$line_items = array();
		if ( ! array_key_exists( 'items', $body ) || ! is_array( $body['items'] ) || ! self::is_list( $body['items'] ) ) {
			throw Checkout_Element_Protocol_Error::invalid( 'items', __( 'must be an array of { price, quantity } (got ', 'checkout-element' ) . self::type_of( isset( $body['items'] ) ? $body['items'] : null ) . ')' );
		}
		if ( array() === $body['items'] ) {
			throw Checkout_Element_Protocol_Error::invalid( 'items', __( 'must name at least one price', 'checkout-element' ) );
		}
		if ( count( $body['items'] ) > self::MAX_ITEMS ) {
			throw Checkout_Element_Protocol_Error::invalid( 'items', sprintf( /* translators: %d: the limit. */ __( 'at most %d items', 'checkout-element' ), self::MAX_ITEMS ) );
		}
		$seen = array();
		foreach ( $body['items'] as $index => $item ) {
			$path = 'items[' . $index . ']';
			if ( ! is_array( $item ) || ( array() !== $item && self::is_list( $item ) ) ) {
				throw Checkout_Element_Protocol_Error::invalid( $path, __( 'must be an object { price, quantity } (got ', 'checkout-element' ) . self::type_of( $item ) . ')' );
			}
			self::refuse_unknown( $item, array( 'price', 'quantity' ), $path . '.' );
			if ( ! isset( $item['price'] ) || ! is_string( $item['price'] ) || '' === $item['price'] || strlen( $item['price'] ) > 255 ) {
				throw Checkout_Element_Protocol_Error::invalid( $path . '.price', __( 'must be a price id string like price_123 (got ', 'checkout-element' ) . self::type_of( isset( $item['price'] ) ? $item['price'] : null ) . ')' );
			}
			$price = $item['price'];
			if ( ! isset( $prices[ $price ] ) ) {
				throw Checkout_Element_Protocol_Error::invalid( $path . '.price', sprintf( /* translators: %s: the price id. */ __( '%s is not for sale on this site (the owner adds prices in Settings → Checkout Element)', 'checkout-element' ), self::shown( $price ) ) );
			}
			if ( isset( $seen[ $price ] ) ) {
				throw Checkout_Element_Protocol_Error::invalid( $path . '.price', sprintf( /* translators: %s: the price id. */ __( '%s appears twice; send one line per price with the total quantity', 'checkout-element' ), self::shown( $price ) ) );
			}
			$seen[ $price ] = true;
			if ( ! array_key_exists( 'quantity', $item ) ) {
				throw Checkout_Element_Protocol_Error::invalid( $path . '.quantity', __( 'is required (a whole number)', 'checkout-element' ) );
			}
			$quantity = $item['quantity'];
			// JSON has one number type: 2.0 is the integer 2 in JavaScript, so it is accepted as such.
			if ( is_float( $quantity ) && is_finite( $quantity ) && floor( $quantity ) === $quantity && abs( $quantity ) < 1e9 ) {
				$quantity = (int) $quantity;
			}
			if ( ! is_int( $quantity ) ) {
				throw Checkout_Element_Protocol_Error::invalid( $path . '.quantity', __( 'must be a whole number (got ', 'checkout-element' ) . self::type_of( $item['quantity'] ) . ')' );
			}
			$min = $prices[ $price ]['min'];
			$max = $prices[ $price ]['max'];
			if ( $quantity < $min || $quantity > $max ) {
				throw Checkout_Element_Protocol_Error::invalid( $path . '.quantity', sprintf( /* translators: 1: minimum, 2: maximum, 3: the quantity sent. */ __( 'must be between %1$d and %2$d (got %3$d)', 'checkout-element' ), $min, $max, $quantity ) );
			}
			$line_items[] = array(
				'price'    => $price,
				'quantity' => $quantity,
			);
		}

		$email = null;
		if ( array_key_exists( 'email', $body ) ) {
			if ( ! is_string( $body['email'] ) || strlen( $body['email'] ) > 512 || ! is_email( $body['email'] ) ) {
				throw Checkout_Element_Protocol_Error::invalid( 'email', __( 'must be an email address like buyer@example.com', 'checkout-element' ) );
			}
			$email = $body['email'];
		}
		$reference = null;
		if ( array_key_exists( 'clientReferenceId', $body ) ) {
			if ( ! is_string( $body['clientReferenceId'] ) || ! preg_match( '/^[A-Za-z0-9_-]{1,200}$/', $body['clientReferenceId'] ) ) {
				throw Checkout_Element_Protocol_Error::invalid( 'clientReferenceId', __( 'must be 1–200 characters of letters, digits, _ and -', 'checkout-element' ) );
			}
			$reference = $body['clientReferenceId'];
		}
		return array(
			'line_items'          => $line_items,
			'email'               => $email,
			'client_reference_id' => $reference,
			'idempotency_key'     => $idempotency_key,
		);
	}

	/**
	 * Refuses the first key that is not allowed.
	 *
	 * @param array<mixed> $object  A decoded JSON object.
	 * @param string[]     $allowed Its allowed keys.
	 * @param string       $prefix  Path of the object (`items[0].`).
	 * @throws Checkout_Element_Protocol_Error Naming the unknown field.
	 */
	private static function refuse_unknown( array $object, array $allowed, $prefix ) {
		foreach ( array_keys( $object ) as $key ) {
			if ( ! in_array( (string) $key, $allowed, true ) ) {
				$name = $prefix . trim( self::shown( (string) $key ), '"' );
				throw Checkout_Element_Protocol_Error::invalid(
					$name,
					sprintf(
						/* translators: %s: the allowed fields. */
						__( 'is not a field of this request (allowed: %s); prices and amounts are set by the shop, never by the browser', 'checkout-element' ),
						implode( ', ', $allowed )
					)
				);
			}
		}
	}

	/**
	 * Whether a decoded JSON value was an array (not an object).
	 *
	 * @param array<mixed> $value A decoded value.
	 * @return bool
	 */
	private static function is_list( array $value ) {
		return array() === $value || array_keys( $value ) === range( 0, count( $value ) - 1 );
	}

	/**
	 * A JSON type name for messages.
	 *
	 * @param mixed $value A decoded value.
	 * @return string
	 */
	private static function type_of( $value ) {
		if ( null === $value ) {
			return 'null';
		}
		if ( is_bool( $value ) ) {
			return 'boolean';
		}
		if ( is_int( $value ) || is_float( $value ) ) {
			return 'number ' . wp_json_encode( $value );
		}
		if ( is_string( $value ) ) {
			return 'string ' . self::shown( $value );
		}
		return is_array( $value ) && self::is_list( $value ) ? 'array' : 'object';
	}

	/**
	 * A request value quoted for a message: printable ASCII only, at most 60 characters.
	 *
	 * @param string $value Anything the client sent.
	 * @return string
	 */
	public static function shown( $value ) {
		$clean = (string) preg_replace( '/[^\x20-\x7E]/', '?', (string) $value );
		if ( strlen( $clean ) > 60 ) {
			$clean = substr( $clean, 0, 57 ) . '...';
		}
		return '"' . $clean . '"';
	}
}
