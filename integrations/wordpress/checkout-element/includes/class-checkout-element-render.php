<?php
/**
 * The block, the shortcodes and the element's assets.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * Renders `<stripe-checkout>` for the "Stripe Checkout" block and `[stripe_checkout]`, and
 * `<stripe-checkout-status>` for `[stripe_checkout_status]` and the return page. Each element has its own standalone
 * bundle (a checkout page does not download the return page's element, nor the other way round), registered once and
 * enqueued by the first element on a page that needs it, so a page with many checkouts loads it once.
 */
class Checkout_Element_Render {

	/** Script handle of `<stripe-checkout>` (a module, assets/js/stripe-checkout.js). */
	const SCRIPT = 'checkout-element';

	/** Script handle of `<stripe-checkout-status>` (a module, assets/js/stripe-checkout-status.js). */
	const STATUS_SCRIPT = 'checkout-element-status';

	/** Script handle of Stripe.js. */
	const STRIPE_JS = 'checkout-element-stripe-js';

	/** Style handle. */
	const STYLE = 'checkout-element';

	/** Element themes the block offers; `auto` leaves the element's default (the page's CSS custom properties). */
	const THEMES = array( 'auto', 'stripe', 'night', 'flat' );

	/** What happens after a card payment: stay on the page, or always go to the return page. */
	const REDIRECTS = array( 'if_required', 'always' );

	/**
	 * Stripe's zero-decimal currencies: API amounts are whole units (500 is 500 JPY).
	 * https://docs.stripe.com/currencies#zero-decimal. Stripe's special cases are not in it: ISK stays two-decimal in
	 * the API with amounts divisible by 100, HUF and TWD are two-decimal for charges and zero-decimal only for payouts
	 * (https://docs.stripe.com/currencies#special-cases). The same list as `zeroDecimalCurrencies` in
	 * packages/protocol/src/currencies.ts; tests/php/CurrencyTest.php keeps the two equal.
	 */
	const ZERO_DECIMAL_CURRENCIES = array( 'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf' );

	/**
	 * Stripe's three-decimal currencies: API amounts are thousandths (5120 is 5.120 KWD).
	 * https://docs.stripe.com/currencies#three-decimal. The same list as `threeDecimalCurrencies` in
	 * packages/protocol/src/currencies.ts.
	 */
	const THREE_DECIMAL_CURRENCIES = array( 'bhd', 'jod', 'kwd', 'omr', 'tnd' );

	/**
	 * Registers assets, the block and the shortcodes.
	 */
	public static function register() {
		$asset = self::element_asset();
		// Stripe.js must come from Stripe (PCI); only a wp-config.php constant points it at a test stand-in.
		wp_register_script( self::STRIPE_JS, Checkout_Element_Config::stripe_js_url(), array(), null, true ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion -- Stripe.js is versioned by its URL.
		if ( null !== $asset ) {
			wp_register_script( self::SCRIPT, plugins_url( 'assets/js/stripe-checkout.js', CHECKOUT_ELEMENT_FILE ), array( self::STRIPE_JS ), $asset['version'], true );
			// The status element never calls Stripe.js, but the return page keeps loading it as before: Stripe asks for
			// it on every page of the site for its fraud signals (https://docs.stripe.com/js/including).
			wp_register_script( self::STATUS_SCRIPT, plugins_url( 'assets/js/stripe-checkout-status.js', CHECKOUT_ELEMENT_FILE ), array( self::STRIPE_JS ), $asset['version'], true );
		}
		wp_register_style( self::STYLE, plugins_url( 'assets/css/checkout-element.css', CHECKOUT_ELEMENT_FILE ), array(), CHECKOUT_ELEMENT_VERSION );
		add_filter( 'script_loader_tag', array( __CLASS__, 'module_tag' ), 10, 2 );

		register_block_type(
			CHECKOUT_ELEMENT_DIR . '/blocks/checkout',
			array( 'render_callback' => array( __CLASS__, 'render_block' ) )
		);
		add_action( 'enqueue_block_editor_assets', array( __CLASS__, 'editor_data' ) );
		add_shortcode( 'stripe_checkout', array( __CLASS__, 'shortcode' ) );
		add_shortcode( 'stripe_checkout_status', array( __CLASS__, 'status_shortcode' ) );
		add_filter( 'the_content', array( __CLASS__, 'return_page_content' ) );
	}

	/**
	 * The built elements' version (`assets/js/stripe-checkout.asset.php`, written by the build), or null if the
	 * plugin was not built (either element's file is missing).
	 *
	 * @return array{version: string, element: string}|null
	 */
	public static function element_asset() {
		$file = CHECKOUT_ELEMENT_DIR . '/assets/js/stripe-checkout.asset.php';
		if ( ! is_readable( $file ) || ! is_readable( CHECKOUT_ELEMENT_DIR . '/assets/js/stripe-checkout.js' ) || ! is_readable( CHECKOUT_ELEMENT_DIR . '/assets/js/stripe-checkout-status.js' ) ) {
			return null;
		}
		$asset = include $file;
		return is_array( $asset ) && isset( $asset['version'] ) ? $asset : null;
	}

	/**
	 * Loads the elements as modules (they are ES modules).
	 *
	 * @param string $tag    The script tag.
	 * @param string $handle Its handle.
	 * @return string
	 */
	public static function module_tag( $tag, $handle ) {
		if ( ! in_array( $handle, array( self::SCRIPT, self::STATUS_SCRIPT ), true ) || false !== strpos( $tag, 'type="module"' ) ) {
			return $tag;
		}
		return (string) preg_replace( '/<script(?![^>]*\btype=)/', '<script type="module"', $tag, 1 );
	}

	/**
	 * The block's server-side render.
	 *
	 * @param array<string, mixed> $attributes The block's attributes.
	 * @return string
	 */
	public static function render_block( $attributes ) {
		$markup = self::checkout_markup( is_array( $attributes ) ? $attributes : array() );
		return sprintf( '<div %s>%s</div>', get_block_wrapper_attributes( array( 'class' => 'checkout-element' ) ), $markup );
	}

	/**
	 * `[stripe_checkout price="price_…" quantity="1" theme="auto" redirect="if_required"]`.
	 *
	 * @param array<string, string>|string $atts Shortcode attributes.
	 * @return string
	 */
	public static function shortcode( $atts ) {
		$atts = shortcode_atts(
			array(
				'price'    => '',
				'quantity' => '1',
				'theme'    => 'auto',
				'redirect' => 'if_required',
			),
			is_array( $atts ) ? $atts : array(),
			'stripe_checkout'
		);
		return '<div class="checkout-element">' . self::checkout_markup( $atts ) . '</div>';
	}

	/**
	 * `<stripe-checkout>` for a price, or a notice saying what is wrong (details only for people who can edit).
	 *
	 * @param array<string, mixed> $attributes price, quantity, theme, redirect.
	 * @return string
	 */
	public static function checkout_markup( array $attributes ) {
		$price    = isset( $attributes['price'] ) && is_string( $attributes['price'] ) ? trim( $attributes['price'] ) : '';
		$quantity = isset( $attributes['quantity'] ) && is_numeric( $attributes['quantity'] ) ? (int) $attributes['quantity'] : 1;
		$theme    = isset( $attributes['theme'] ) && in_array( $attributes['theme'], self::THEMES, true ) ? $attributes['theme'] : 'auto';
		$redirect = isset( $attributes['redirect'] ) && in_array( $attributes['redirect'], self::REDIRECTS, true ) ? $attributes['redirect'] : 'if_required';
		$prices   = Checkout_Element_Config::prices();

		if ( '' === $price ) {
			return self::notice( __( 'Choose a price for this checkout (block settings, or price="price_…" in the shortcode).', 'checkout-element' ) );
		}
		if ( ! isset( $prices[ $price ] ) ) {
			/* translators: %s: a price id. */
			return self::notice( sprintf( __( '%s is not one of the prices this site sells; add it in Settings → Checkout Element.', 'checkout-element' ), $price ) );
		}
		if ( $quantity < $prices[ $price ]['min'] || $quantity > $prices[ $price ]['max'] ) {
			/* translators: 1: minimum, 2: maximum. */
			return self::notice( sprintf( __( 'The quantity must be between %1$d and %2$d for this price.', 'checkout-element' ), $prices[ $price ]['min'], $prices[ $price ]['max'] ) );
		}
		$missing = Checkout_Element_Config::missing();
		if ( array() !== $missing ) {
			/* translators: %s: what is missing. */
			return self::notice( sprintf( __( 'The checkout is not set up yet: add %s in Settings → Checkout Element.', 'checkout-element' ), implode( ', ', $missing ) ) );
		}
		if ( ! self::enqueue() ) {
			return self::notice( __( 'The plugin\'s element script is missing (assets/js/stripe-checkout.js): install the plugin from its release zip.', 'checkout-element' ) );
		}
		$html = sprintf(
			'<stripe-checkout session-endpoint="%s" price="%s" quantity="%d"',
			esc_url( Checkout_Element_Rest::url( 'sessions' ) ),
			esc_attr( $price ),
			$quantity
		);
		if ( 'auto' !== $theme ) {
			$html .= sprintf( ' theme="%s"', esc_attr( $theme ) );
		}
		if ( 'if_required' !== $redirect ) {
			$html .= sprintf( ' redirect="%s"', esc_attr( $redirect ) );
		}
		return $html . '></stripe-checkout>';
	}

	/**
	 * `[stripe_checkout_status]`: the outcome of the session in the return URL.
	 *
	 * @return string
	 */
	public static function status_shortcode() {
		if ( ! self::enqueue( self::STATUS_SCRIPT ) ) {
			return self::notice( __( 'The plugin\'s element script is missing (assets/js/stripe-checkout-status.js): install the plugin from its release zip.', 'checkout-element' ) );
		}
		return sprintf(
			'<div class="checkout-element"><stripe-checkout-status status-endpoint="%s" return-href="%s"></stripe-checkout-status></div>',
			esc_url( Checkout_Element_Rest::url( 'sessions' ) ),
			esc_url( home_url( '/' ) )
		);
	}

	/**
	 * Adds the status to the configured return page when its content does not place it itself.
	 *
	 * @param string $content The page content.
	 * @return string
	 */
	public static function return_page_content( $content ) {
		$page = Checkout_Element_Config::settings()['return_page'];
		if ( $page <= 0 || ! is_page( $page ) || ! in_the_loop() || ! is_main_query() || has_shortcode( (string) $content, 'stripe_checkout_status' ) || false !== strpos( (string) $content, '<stripe-checkout-status' ) ) {
			return $content;
		}
		return $content . self::status_shortcode();
	}

	/**
	 * Enqueues Stripe.js, one element's script and the style (WordPress prints each once per page).
	 *
	 * @param string $handle self::SCRIPT (`<stripe-checkout>`) or self::STATUS_SCRIPT (`<stripe-checkout-status>`).
	 * @return bool False when the plugin was not built.
	 */
	private static function enqueue( $handle = self::SCRIPT ) {
		if ( ! wp_script_is( $handle, 'registered' ) ) {
			return false;
		}
		wp_enqueue_script( $handle );
		wp_enqueue_style( self::STYLE );
		return true;
	}

	/**
	 * A notice in place of a checkout that cannot work: the reason for editors, a neutral line for buyers.
	 *
	 * @param string $reason What the site owner must fix.
	 * @return string
	 */
	private static function notice( $reason ) {
		if ( current_user_can( 'edit_posts' ) ) {
			return sprintf( '<p class="checkout-element-notice" role="status"><strong>%s</strong> %s</p>', esc_html__( 'Checkout Element:', 'checkout-element' ), esc_html( $reason ) );
		}
		return sprintf( '<p class="checkout-element-notice" role="status">%s</p>', esc_html__( 'This checkout is not available right now.', 'checkout-element' ) );
	}

	/**
	 * Gives the block editor the allowlist (names and amounts, nothing secret) and what is missing.
	 */
	public static function editor_data() {
		$prices = array();
		foreach ( Checkout_Element_Config::prices() as $price ) {
			$prices[] = array(
				'id'     => $price['id'],
				'name'   => $price['name'],
				'amount' => self::format_amount( $price['unit_amount'], $price['currency'] ),
				'min'    => $price['min'],
				'max'    => $price['max'],
			);
		}
		$handle = generate_block_asset_handle( 'checkout-element/checkout', 'editorScript' );
		wp_add_inline_script(
			$handle,
			'window.checkoutElementEditor = ' . wp_json_encode(
				array(
					'prices'      => $prices,
					'missing'     => Checkout_Element_Config::missing(),
					'settingsUrl' => current_user_can( 'manage_options' ) ? admin_url( 'options-general.php?page=checkout-element' ) : null,
				)
			) . ';',
			'before'
		);
		wp_set_script_translations( $handle, 'checkout-element', CHECKOUT_ELEMENT_DIR . '/languages' );
	}

	/**
	 * An amount for people: `25.00 USD`.
	 *
	 * @param int|null $minor    Amount in the currency's smallest unit.
	 * @param string   $currency ISO code.
	 * @return string
	 */
	public static function format_amount( $minor, $currency ) {
		if ( null === $minor ) {
			return __( 'variable amount', 'checkout-element' );
		}
		$code     = strtolower( $currency );
		$decimals = 2;
		if ( in_array( $code, self::ZERO_DECIMAL_CURRENCIES, true ) ) {
			$decimals = 0;
		} elseif ( in_array( $code, self::THREE_DECIMAL_CURRENCIES, true ) ) {
			$decimals = 3;
		}
		return number_format_i18n( $minor / ( 10 ** $decimals ), $decimals ) . ' ' . strtoupper( $currency );
	}
}
