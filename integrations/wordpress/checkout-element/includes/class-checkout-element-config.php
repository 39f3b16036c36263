<?php
/**
 * The plugin's configuration: settings, with wp-config.php constants winning.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads the configuration once per request. Keys and the webhook secret come from wp-config.php constants when they
 * are defined (and then cannot be changed from the settings page), otherwise from the `checkout_element_settings`
 * option. The Stripe API base and the Stripe.js URL can only be changed by constants: they exist for tests against
 * an emulator, and a settings field for them would let anyone with `manage_options` send card data elsewhere.
 */
class Checkout_Element_Config {

	/** The option holding the settings. */
	const OPTION = 'checkout_element_settings';

	/** Constants that override the settings of the same name. */
	const CONSTANTS = array(
		'publishable_key' => 'CHECKOUT_ELEMENT_PUBLISHABLE_KEY',
		'secret_key'      => 'CHECKOUT_ELEMENT_SECRET_KEY',
		'webhook_secret'  => 'CHECKOUT_ELEMENT_WEBHOOK_SECRET',
	);

	/** Stripe.js, current release (sessions are created with ui_mode `elements`). */
	const DEFAULT_STRIPE_JS_URL = 'https://js.stripe.com/endive/stripe.js';

	/** Session creations per client address per minute, unless CHECKOUT_ELEMENT_RATE_LIMIT says otherwise. */
	const DEFAULT_RATE_LIMIT = 30;

	/** Quantities a buyer may ask for when a price does not say. */
	const DEFAULT_MIN_QUANTITY = 1;
	const DEFAULT_MAX_QUANTITY = 99;

	/**
	 * The settings with defaults.
	 *
	 * @return array{mode: string, publishable_key: string, secret_key: string, webhook_secret: string, prices: array<int, array<string, mixed>>, return_page: int, allowed_origins: string[], remove_data_on_uninstall: bool}
	 */
	public static function settings() {
		$stored   = get_option( self::OPTION, array() );
		$stored   = is_array( $stored ) ? $stored : array();
		$defaults = array(
			'mode'                     => 'test',
			'publishable_key'          => '',
			'secret_key'               => '',
			'webhook_secret'           => '',
			'prices'                   => array(),
			'return_page'              => 0,
			'allowed_origins'          => array(),
			'remove_data_on_uninstall' => false,
		);
		$settings = array_merge( $defaults, array_intersect_key( $stored, $defaults ) );
		$settings['mode']            = 'live' === $settings['mode'] ? 'live' : 'test';
		$settings['prices']          = is_array( $settings['prices'] ) ? array_values( array_filter( $settings['prices'], 'is_array' ) ) : array();
		$settings['allowed_origins'] = is_array( $settings['allowed_origins'] ) ? array_values( array_filter( $settings['allowed_origins'], 'is_string' ) ) : array();
		$settings['return_page']     = (int) $settings['return_page'];
		foreach ( array( 'publishable_key', 'secret_key', 'webhook_secret' ) as $key ) {
			$settings[ $key ] = is_string( $settings[ $key ] ) ? $settings[ $key ] : '';
		}
		$settings['remove_data_on_uninstall'] = (bool) $settings['remove_data_on_uninstall'];
		return $settings;
	}

	/**
	 * Whether a key is fixed by a wp-config.php constant.
	 *
	 * @param string $name publishable_key, secret_key or webhook_secret.
	 * @return bool
	 */
	public static function from_constant( $name ) {
		return isset( self::CONSTANTS[ $name ] ) && defined( self::CONSTANTS[ $name ] ) && is_string( constant( self::CONSTANTS[ $name ] ) ) && '' !== constant( self::CONSTANTS[ $name ] );
	}

	/**
	 * A key: the constant when defined, else the saved setting.
	 *
	 * @param string $name publishable_key, secret_key or webhook_secret.
	 * @return string
	 */
	public static function key( $name ) {
		if ( self::from_constant( $name ) ) {
			return trim( (string) constant( self::CONSTANTS[ $name ] ) );
		}
		$settings = self::settings();
		return isset( $settings[ $name ] ) ? (string) $settings[ $name ] : '';
	}

	/**
	 * Test or live: what the secret key says when set, else the setting.
	 *
	 * @return string
	 */
	public static function mode() {
		$secret = self::key( 'secret_key' );
		if ( preg_match( '/^(?:sk|rk)_(test|live)_/', $secret, $match ) ) {
			return $match[1];
		}
		return self::settings()['mode'];
	}

	/**
	 * Stripe's API origin (a constant may point it at an emulator for tests).
	 *
	 * @return string
	 */
	public static function api_base() {
		if ( defined( 'CHECKOUT_ELEMENT_STRIPE_API_BASE' ) && is_string( CHECKOUT_ELEMENT_STRIPE_API_BASE ) && '' !== CHECKOUT_ELEMENT_STRIPE_API_BASE ) {
			return CHECKOUT_ELEMENT_STRIPE_API_BASE;
		}
		return Checkout_Element_Stripe_Client::DEFAULT_API_BASE;
	}

	/**
	 * Stripe.js's URL (a constant may point it at an emulator's stand-in for tests).
	 *
	 * @return string
	 */
	public static function stripe_js_url() {
		if ( defined( 'CHECKOUT_ELEMENT_STRIPE_JS_URL' ) && is_string( CHECKOUT_ELEMENT_STRIPE_JS_URL ) && '' !== CHECKOUT_ELEMENT_STRIPE_JS_URL ) {
			return CHECKOUT_ELEMENT_STRIPE_JS_URL;
		}
		return self::DEFAULT_STRIPE_JS_URL;
	}

	/**
	 * Session creations allowed per client address per minute; 0 turns the limit off.
	 *
	 * @return int
	 */
	public static function rate_limit() {
		if ( defined( 'CHECKOUT_ELEMENT_RATE_LIMIT' ) && is_numeric( CHECKOUT_ELEMENT_RATE_LIMIT ) ) {
			return max( 0, (int) CHECKOUT_ELEMENT_RATE_LIMIT );
		}
		return self::DEFAULT_RATE_LIMIT;
	}

	/**
	 * The prices the site may sell, by id.
	 *
	 * @return array<string, array{id: string, name: string, unit_amount: int|null, currency: string, min: int, max: int}>
	 */
	public static function prices() {
		$prices = array();
		foreach ( self::settings()['prices'] as $price ) {
			if ( ! isset( $price['id'] ) || ! is_string( $price['id'] ) ) {
				continue;
			}
			$prices[ $price['id'] ] = array(
				'id'          => $price['id'],
				'name'        => isset( $price['name'] ) && is_string( $price['name'] ) ? $price['name'] : $price['id'],
				'unit_amount' => isset( $price['unit_amount'] ) && is_int( $price['unit_amount'] ) ? $price['unit_amount'] : null,
				'currency'    => isset( $price['currency'] ) && is_string( $price['currency'] ) ? $price['currency'] : '',
				'min'         => isset( $price['min'] ) ? max( 1, (int) $price['min'] ) : self::DEFAULT_MIN_QUANTITY,
				'max'         => isset( $price['max'] ) ? max( 1, (int) $price['max'] ) : self::DEFAULT_MAX_QUANTITY,
			);
		}
		return $prices;
	}

	/**
	 * Where Stripe sends the buyer back: the return page with `session_id`, or null when none is chosen.
	 *
	 * @return string|null
	 */
	public static function return_url() {
		$page = self::settings()['return_page'];
		if ( $page <= 0 || 'publish' !== get_post_status( $page ) ) {
			return null;
		}
		$permalink = get_permalink( $page );
		if ( ! is_string( $permalink ) || '' === $permalink ) {
			return null;
		}
		// Stripe replaces the literal {CHECKOUT_SESSION_ID}; add_query_arg would percent-encode its braces.
		return $permalink . ( false === strpos( $permalink, '?' ) ? '?' : '&' ) . 'session_id={CHECKOUT_SESSION_ID}';
	}

	/**
	 * Origins allowed to call the browser routes: this site's own, plus the ones the owner added.
	 *
	 * @return string[]
	 */
	public static function allowed_origins() {
		$origins = array( self::origin_of( home_url( '/' ) ), self::origin_of( site_url( '/' ) ) );
		foreach ( self::settings()['allowed_origins'] as $origin ) {
			$origins[] = self::origin_of( $origin );
		}
		return array_values( array_unique( array_filter( $origins ) ) );
	}

	/**
	 * `scheme://host[:port]` of a URL, lower-cased, default ports dropped; null if it is not an http(s) URL.
	 *
	 * @param string $url Any URL.
	 * @return string|null
	 */
	public static function origin_of( $url ) {
		$parts = wp_parse_url( trim( (string) $url ) );
		if ( ! is_array( $parts ) || ! isset( $parts['scheme'], $parts['host'] ) ) {
			return null;
		}
		$scheme = strtolower( $parts['scheme'] );
		if ( 'http' !== $scheme && 'https' !== $scheme ) {
			return null;
		}
		$port = isset( $parts['port'] ) ? (int) $parts['port'] : null;
		if ( ( 'http' === $scheme && 80 === $port ) || ( 'https' === $scheme && 443 === $port ) ) {
			$port = null;
		}
		return $scheme . '://' . strtolower( $parts['host'] ) . ( null === $port ? '' : ':' . $port );
	}

	/**
	 * What is wrong with a key, or null when it is well formed for the mode.
	 *
	 * @param string $name  publishable_key, secret_key or webhook_secret.
	 * @param string $value The key as entered.
	 * @param string $mode  test or live.
	 * @return string|null A message naming the fix.
	 */
	public static function key_problem( $name, $value, $mode ) {
		$value = (string) $value;
		if ( preg_match( '/\s/', $value ) ) {
			return __( 'The key contains spaces or line breaks; copy it again from the Stripe Dashboard without them.', 'checkout-element' );
		}
		if ( 'webhook_secret' === $name ) {
			if ( ! preg_match( '/^whsec_[A-Za-z0-9+\/=_]{8,}$/', $value ) ) {
				return __( 'A webhook signing secret starts with whsec_ (Stripe Dashboard → Developers → Webhooks → your endpoint → Signing secret).', 'checkout-element' );
			}
			return null;
		}
		$pattern = 'publishable_key' === $name ? '/^pk_(test|live)_[A-Za-z0-9_]{8,}$/' : '/^(?:sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/';
		if ( ! preg_match( $pattern, $value, $match ) ) {
			if ( 'publishable_key' === $name && preg_match( '/^(sk|rk)_/', $value ) ) {
				return __( 'This is a secret key: it must never reach the browser. The publishable key starts with pk_test_ or pk_live_.', 'checkout-element' );
			}
			if ( 'secret_key' === $name && 0 === strpos( $value, 'pk_' ) ) {
				return __( 'This is a publishable key. The secret key starts with sk_test_, sk_live_ (or rk_ for a restricted key).', 'checkout-element' );
			}
			return 'publishable_key' === $name
				? __( 'This is not a Stripe publishable key: it starts with pk_test_ or pk_live_ followed by letters and digits.', 'checkout-element' )
				: __( 'This is not a Stripe secret key: it starts with sk_test_, sk_live_ or rk_ followed by letters and digits.', 'checkout-element' );
		}
		if ( $match[1] !== $mode ) {
			return 'live' === $match[1]
				? __( 'This is a live key, but the plugin is in test mode: use the test-mode key (Stripe Dashboard, "Test mode" on), or switch Mode to Live.', 'checkout-element' )
				: __( 'This is a test key, but the plugin is in live mode: use the live key, or switch Mode to Test.', 'checkout-element' );
		}
		return null;
	}

	/**
	 * What the site still needs before it can sell, as messages for the owner (empty when ready).
	 *
	 * @return string[]
	 */
	public static function missing() {
		$missing = array();
		foreach ( array(
			'publishable_key' => __( 'the publishable key', 'checkout-element' ),
			'secret_key'      => __( 'the secret key', 'checkout-element' ),
			'webhook_secret'  => __( 'the webhook signing secret', 'checkout-element' ),
		) as $name => $label ) {
			if ( '' === self::key( $name ) ) {
				$missing[] = $label;
			}
		}
		if ( null === self::return_url() ) {
			$missing[] = __( 'a published return page', 'checkout-element' );
		}
		if ( array() === self::prices() ) {
			$missing[] = __( 'at least one price', 'checkout-element' );
		}
		return $missing;
	}
}
