<?php
/**
 * Settings → Checkout Element.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * The settings page (`manage_options` only; the Settings API's nonces). Keys set by wp-config.php constants are
 * shown as such and cannot be changed here. Saved secrets are never printed back into the page: their fields stay
 * empty, and leaving them empty keeps the saved value. Every refused value keeps the previous one and says why.
 */
class Checkout_Element_Admin_Settings {

	/** The page slug. */
	const SLUG = 'checkout-element';

	/** Transient (per user) holding the last connection test's result. */
	const TEST_RESULT = 'checkout_element_connection_test_';

	/**
	 * Whether sanitize() already ran in this request (WordPress calls it twice when the option is first added).
	 *
	 * @var array<string, mixed>|null
	 */
	private static $sanitized = null;

	/**
	 * Hooks the page.
	 */
	public static function register() {
		add_action( 'admin_menu', array( __CLASS__, 'menu' ) );
		add_action( 'admin_init', array( __CLASS__, 'settings' ) );
		add_action( 'admin_post_checkout_element_test_connection', array( __CLASS__, 'test_connection' ) );
	}

	/**
	 * Adds Settings → Checkout Element.
	 */
	public static function menu() {
		add_options_page(
			__( 'Checkout Element', 'checkout-element' ),
			__( 'Checkout Element', 'checkout-element' ),
			'manage_options',
			self::SLUG,
			array( __CLASS__, 'page' )
		);
	}

	/**
	 * Registers the option with its sanitiser.
	 */
	public static function settings() {
		register_setting(
			self::SLUG,
			Checkout_Element_Config::OPTION,
			array(
				'type'              => 'object',
				'sanitize_callback' => array( __CLASS__, 'sanitize' ),
				'show_in_rest'      => false,
				'default'           => array(),
			)
		);
	}

	/**
	 * Validates a submitted form; refused fields keep their saved value and add an error notice.
	 *
	 * @param mixed $input The submitted values.
	 * @return array<string, mixed>
	 */
	public static function sanitize( $input ) {
		if ( null !== self::$sanitized ) {
			return self::$sanitized;
		}
		$saved = Checkout_Element_Config::settings();
		if ( ! is_array( $input ) || ! isset( $input['form'] ) ) {
			// Not our form (e.g. update_option() from code): keep what is given, shaped like the settings.
			return is_array( $input ) ? $input : $saved;
		}
		$next = $saved;

		$next['mode'] = isset( $input['mode'] ) && 'live' === $input['mode'] ? 'live' : 'test';

		foreach ( array( 'publishable_key', 'secret_key', 'webhook_secret' ) as $name ) {
			if ( Checkout_Element_Config::from_constant( $name ) ) {
				continue;
			}
			$value = isset( $input[ $name ] ) && is_string( $input[ $name ] ) ? trim( wp_unslash( $input[ $name ] ) ) : '';
			if ( '' === $value ) {
				if ( 'publishable_key' === $name ) {
					$next[ $name ] = '';
				}
				continue; // Secrets: an empty field keeps the saved one.
			}
			$problem = Checkout_Element_Config::key_problem( $name, $value, $next['mode'] );
			if ( null !== $problem ) {
				add_settings_error( Checkout_Element_Config::OPTION, 'invalid_' . $name, self::label( $name ) . ': ' . $problem . ' ' . __( 'The previous value was kept.', 'checkout-element' ) );
				continue;
			}
			$next[ $name ] = $value;
		}
		// Keys of the other mode left from before would fail at the first checkout: say so now.
		foreach ( array( 'publishable_key', 'secret_key' ) as $name ) {
			$value = Checkout_Element_Config::from_constant( $name ) ? Checkout_Element_Config::key( $name ) : $next[ $name ];
			if ( '' !== $value && null !== Checkout_Element_Config::key_problem( $name, $value, $next['mode'] ) ) {
				add_settings_error( Checkout_Element_Config::OPTION, 'mode_' . $name, self::label( $name ) . ': ' . Checkout_Element_Config::key_problem( $name, $value, $next['mode'] ) );
			}
		}

		$next['return_page'] = isset( $input['return_page'] ) ? absint( $input['return_page'] ) : 0;

		$origins = array();
		$lines   = isset( $input['allowed_origins'] ) && is_string( $input['allowed_origins'] ) ? preg_split( '/[\s,]+/', wp_unslash( $input['allowed_origins'] ), -1, PREG_SPLIT_NO_EMPTY ) : array();
		foreach ( (array) $lines as $line ) {
			$origin = Checkout_Element_Config::origin_of( $line );
			if ( null === $origin || '*' === $line || untrailingslashit( $line ) !== $origin ) {
				/* translators: %s: what was entered. */
				add_settings_error( Checkout_Element_Config::OPTION, 'invalid_origin', sprintf( __( 'Allowed origins: %s is not an origin; write scheme://host[:port] with nothing after it, e.g. https://shop.example.', 'checkout-element' ), esc_html( $line ) ) );
				continue;
			}
			$origins[] = $origin;
		}
		$next['allowed_origins'] = array_values( array_unique( $origins ) );

		$next['remove_data_on_uninstall'] = ! empty( $input['remove_data_on_uninstall'] );

		$prices_text    = isset( $input['prices'] ) && is_string( $input['prices'] ) ? wp_unslash( $input['prices'] ) : '';
		$next['prices'] = self::prices_from( $prices_text, $saved['prices'], $next );

		self::$sanitized = $next;
		return $next;
	}

	/**
	 * Reads the price lines, looking each new or changed one up at Stripe for its name and amount.
	 *
	 * @param string                           $text  One `price_id` or `price_id:min-max` per line.
	 * @param array<int, array<string, mixed>> $saved The saved prices.
	 * @param array<string, mixed>             $next  The settings being saved (for the secret key).
	 * @return array<int, array<string, mixed>>
	 */
	private static function prices_from( $text, array $saved, array $next ) {
		$known = array();
		foreach ( $saved as $price ) {
			if ( isset( $price['id'] ) ) {
				$known[ $price['id'] ] = $price;
			}
		}
		$secret = Checkout_Element_Config::from_constant( 'secret_key' ) ? Checkout_Element_Config::key( 'secret_key' ) : (string) $next['secret_key'];
		$client = '' === $secret ? null : new Checkout_Element_Stripe_Client( $secret, Checkout_Element_Config::api_base() );
		$prices = array();
		foreach ( preg_split( '/\r\n|\r|\n/', $text ) as $line ) {
			$line = trim( $line );
			if ( '' === $line ) {
				continue;
			}
			if ( ! preg_match( '/^(price_[A-Za-z0-9_]+)(?::(\d{1,4})-(\d{1,4}))?$/', $line, $match ) ) {
				/* translators: %s: the line. */
				add_settings_error( Checkout_Element_Config::OPTION, 'invalid_price', sprintf( __( 'Prices: "%s" should be a price id (price_…), optionally with quantity bounds like price_123:1-10.', 'checkout-element' ), esc_html( $line ) ) );
				continue;
			}
			$id  = $match[1];
			$min = isset( $match[2] ) && '' !== $match[2] ? (int) $match[2] : Checkout_Element_Config::DEFAULT_MIN_QUANTITY;
			$max = isset( $match[3] ) && '' !== $match[3] ? (int) $match[3] : Checkout_Element_Config::DEFAULT_MAX_QUANTITY;
			if ( $min < 1 || $max < $min ) {
				/* translators: %s: the line. */
				add_settings_error( Checkout_Element_Config::OPTION, 'invalid_bounds', sprintf( __( 'Prices: in "%s" the bounds must be 1 ≤ min ≤ max.', 'checkout-element' ), esc_html( $line ) ) );
				continue;
			}
			$entry = isset( $known[ $id ] ) ? $known[ $id ] : null;
			if ( null === $entry || ! isset( $entry['unit_amount'] ) ) {
				if ( null === $client ) {
					add_settings_error( Checkout_Element_Config::OPTION, 'no_key_for_prices', __( 'Prices: enter the secret key first, so the prices can be looked up at Stripe.', 'checkout-element' ) );
					continue;
				}
				try {
					$found = $client->retrieve_price( $id );
				} catch ( Checkout_Element_Stripe_Exception $error ) {
					$message = 'not_found' === $error->kind
						/* translators: %s: a price id. */
						? sprintf( __( 'Prices: Stripe does not know %s in this account and mode; copy the id from the product page in the Stripe Dashboard.', 'checkout-element' ), $id )
						/* translators: 1: a price id, 2: the error. */
						: sprintf( __( 'Prices: %1$s could not be looked up (%2$s).', 'checkout-element' ), $id, $error->to_protocol_error()->getMessage() );
					add_settings_error( Checkout_Element_Config::OPTION, 'price_lookup', esc_html( $message ) );
					continue;
				}
				if ( isset( $found['active'] ) && false === $found['active'] ) {
					/* translators: %s: a price id. */
					add_settings_error( Checkout_Element_Config::OPTION, 'price_inactive', sprintf( __( 'Prices: %s is archived in Stripe and cannot be sold.', 'checkout-element' ), esc_html( $id ) ) );
					continue;
				}
				if ( isset( $found['type'] ) && 'recurring' === $found['type'] ) {
					/* translators: %s: a price id. */
					add_settings_error( Checkout_Element_Config::OPTION, 'price_recurring', sprintf( __( 'Prices: %s is a subscription price; this plugin sells one-time payments.', 'checkout-element' ), esc_html( $id ) ) );
					continue;
				}
				$entry = array(
					'id'          => $id,
					'name'        => isset( $found['product']['name'] ) && is_string( $found['product']['name'] ) ? $found['product']['name'] : ( isset( $found['nickname'] ) && is_string( $found['nickname'] ) ? $found['nickname'] : $id ),
					'unit_amount' => isset( $found['unit_amount'] ) && is_int( $found['unit_amount'] ) ? $found['unit_amount'] : null,
					'currency'    => isset( $found['currency'] ) && is_string( $found['currency'] ) ? $found['currency'] : '',
				);
			}
			$entry['min']    = $min;
			$entry['max']    = $max;
			$prices[ $id ]   = $entry;
		}
		return array_values( $prices );
	}

	/**
	 * A setting's name for messages.
	 *
	 * @param string $name The setting.
	 * @return string
	 */
	private static function label( $name ) {
		$labels = array(
			'publishable_key' => __( 'Publishable key', 'checkout-element' ),
			'secret_key'      => __( 'Secret key', 'checkout-element' ),
			'webhook_secret'  => __( 'Webhook signing secret', 'checkout-element' ),
		);
		return $labels[ $name ];
	}

	/**
	 * "Test connection": one read-only call to Stripe with the configured key.
	 */
	public static function test_connection() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'checkout-element' ), 403 );
		}
		check_admin_referer( 'checkout_element_test_connection' );
		$secret = Checkout_Element_Config::key( 'secret_key' );
		if ( '' === $secret ) {
			$result = array( 'error', __( 'No secret key is set yet: save one first.', 'checkout-element' ) );
		} else {
			try {
				( new Checkout_Element_Stripe_Client( $secret, Checkout_Element_Config::api_base(), 10 ) )->list_prices( 1 );
				/* translators: %s: test or live. */
				$result = array( 'success', sprintf( __( 'Connected to Stripe in %s mode: the secret key works.', 'checkout-element' ), Checkout_Element_Config::mode() ) );
			} catch ( Checkout_Element_Stripe_Exception $error ) {
				$result = array( 'error', $error->to_protocol_error()->getMessage() );
			}
		}
		set_transient( self::TEST_RESULT . get_current_user_id(), $result, 60 );
		wp_safe_redirect( admin_url( 'options-general.php?page=' . self::SLUG ) );
		exit;
	}

	/**
	 * Renders the page.
	 */
	public static function page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'checkout-element' ), 403 );
		}
		$settings = Checkout_Element_Config::settings();
		$result   = get_transient( self::TEST_RESULT . get_current_user_id() );
		if ( is_array( $result ) ) {
			delete_transient( self::TEST_RESULT . get_current_user_id() );
		}
		$prices_text = '';
		foreach ( $settings['prices'] as $price ) {
			$bounds       = ( (int) $price['min'] !== Checkout_Element_Config::DEFAULT_MIN_QUANTITY || (int) $price['max'] !== Checkout_Element_Config::DEFAULT_MAX_QUANTITY ) ? ':' . (int) $price['min'] . '-' . (int) $price['max'] : '';
			$prices_text .= $price['id'] . $bounds . "\n";
		}
		$option = Checkout_Element_Config::OPTION;
		?>
		<div class="wrap">
			<h1><?php esc_html_e( 'Checkout Element', 'checkout-element' ); ?></h1>
			<?php
			// WordPress prints the settings errors of pages under Settings itself (wp-admin/options-head.php).
			if ( is_array( $result ) ) {
				printf( '<div class="notice notice-%s is-dismissible" role="status"><p>%s</p></div>', 'success' === $result[0] ? 'success' : 'error', esc_html( $result[1] ) );
			}
			$missing = Checkout_Element_Config::missing();
			if ( array() !== $missing ) {
				/* translators: %s: what is missing. */
				printf( '<div class="notice notice-warning"><p>%s</p></div>', esc_html( sprintf( __( 'Before the site can sell, add %s.', 'checkout-element' ), implode( ', ', $missing ) ) ) );
			}
			?>
			<form method="post" action="options.php">
				<?php settings_fields( self::SLUG ); ?>
				<input type="hidden" name="<?php echo esc_attr( $option ); ?>[form]" value="1">
				<table class="form-table" role="presentation">
					<tr>
						<th scope="row"><?php esc_html_e( 'Mode', 'checkout-element' ); ?></th>
						<td>
							<fieldset>
								<label><input type="radio" name="<?php echo esc_attr( $option ); ?>[mode]" value="test" <?php checked( 'test', $settings['mode'] ); ?>> <?php esc_html_e( 'Test (test keys, test cards, no real money)', 'checkout-element' ); ?></label><br>
								<label><input type="radio" name="<?php echo esc_attr( $option ); ?>[mode]" value="live" <?php checked( 'live', $settings['mode'] ); ?>> <?php esc_html_e( 'Live', 'checkout-element' ); ?></label>
							</fieldset>
						</td>
					</tr>
					<?php
					self::key_row( 'publishable_key', $settings, false );
					self::key_row( 'secret_key', $settings, true );
					self::key_row( 'webhook_secret', $settings, true );
					?>
					<tr>
						<th scope="row"><?php esc_html_e( 'Webhook endpoint', 'checkout-element' ); ?></th>
						<td>
							<code><?php echo esc_html( Checkout_Element_Rest::url( 'webhook' ) ); ?></code>
							<p class="description"><?php esc_html_e( 'Add this URL in the Stripe Dashboard (Developers → Webhooks) with the events checkout.session.completed, checkout.session.async_payment_succeeded, checkout.session.async_payment_failed and checkout.session.expired; paste its signing secret above.', 'checkout-element' ); ?></p>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="checkout-element-prices"><?php esc_html_e( 'Prices for sale', 'checkout-element' ); ?></label></th>
						<td>
							<textarea id="checkout-element-prices" class="large-text code" rows="4" name="<?php echo esc_attr( $option ); ?>[prices]"><?php echo esc_textarea( $prices_text ); ?></textarea>
							<p class="description"><?php esc_html_e( 'One Stripe price id per line (price_…), optionally with the quantities a buyer may choose: price_123:1-10. Each is looked up at Stripe when saved. Only these can be sold, whatever a page asks for.', 'checkout-element' ); ?></p>
							<?php if ( array() !== $settings['prices'] ) : ?>
								<table class="widefat striped checkout-element-prices" style="max-width: 40rem; margin-top: 0.5rem;">
									<thead><tr><th><?php esc_html_e( 'Product', 'checkout-element' ); ?></th><th><?php esc_html_e( 'Price', 'checkout-element' ); ?></th><th><?php esc_html_e( 'Quantities', 'checkout-element' ); ?></th><th><?php esc_html_e( 'Id', 'checkout-element' ); ?></th></tr></thead>
									<tbody>
									<?php foreach ( Checkout_Element_Config::prices() as $price ) : ?>
										<tr>
											<td><?php echo esc_html( $price['name'] ); ?></td>
											<td><?php echo esc_html( Checkout_Element_Render::format_amount( $price['unit_amount'], $price['currency'] ) ); ?></td>
											<td><?php echo esc_html( $price['min'] . '–' . $price['max'] ); ?></td>
											<td><code><?php echo esc_html( $price['id'] ); ?></code></td>
										</tr>
									<?php endforeach; ?>
									</tbody>
								</table>
							<?php endif; ?>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="checkout-element-return-page"><?php esc_html_e( 'Return page', 'checkout-element' ); ?></label></th>
						<td>
							<?php
							wp_dropdown_pages(
								array(
									'name'              => esc_attr( $option ) . '[return_page]',
									'id'                => 'checkout-element-return-page',
									'selected'          => (int) $settings['return_page'],
									'show_option_none'  => esc_html__( '— Choose a page —', 'checkout-element' ),
									'option_none_value' => '0',
								)
							);
							?>
							<p class="description"><?php esc_html_e( 'Where Stripe sends buyers after paying (and after bank redirects). The payment\'s outcome is shown there automatically, or wherever you put [stripe_checkout_status].', 'checkout-element' ); ?></p>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="checkout-element-origins"><?php esc_html_e( 'Allowed origins', 'checkout-element' ); ?></label></th>
						<td>
							<textarea id="checkout-element-origins" class="large-text code" rows="2" name="<?php echo esc_attr( $option ); ?>[allowed_origins]"><?php echo esc_textarea( implode( "\n", $settings['allowed_origins'] ) ); ?></textarea>
							<p class="description">
							<?php
							/* translators: %s: this site's origin. */
							echo esc_html( sprintf( __( 'Other sites that may embed this shop\'s checkout (https://shop.example, one per line). This site (%s) is always allowed.', 'checkout-element' ), (string) Checkout_Element_Config::origin_of( home_url( '/' ) ) ) );
							?>
							</p>
						</td>
					</tr>
					<tr>
						<th scope="row"><?php esc_html_e( 'When the plugin is deleted', 'checkout-element' ); ?></th>
						<td><label><input type="checkbox" name="<?php echo esc_attr( $option ); ?>[remove_data_on_uninstall]" value="1" <?php checked( $settings['remove_data_on_uninstall'] ); ?>> <?php esc_html_e( 'Also delete the orders table (settings are always removed).', 'checkout-element' ); ?></label></td>
					</tr>
				</table>
				<?php submit_button(); ?>
			</form>
			<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
				<input type="hidden" name="action" value="checkout_element_test_connection">
				<?php wp_nonce_field( 'checkout_element_test_connection' ); ?>
				<?php submit_button( __( 'Test connection', 'checkout-element' ), 'secondary', 'submit', false ); ?>
			</form>
		</div>
		<?php
	}

	/**
	 * One key's row: the field, or "set in wp-config.php". Saved secrets are never printed.
	 *
	 * @param string               $name     publishable_key, secret_key or webhook_secret.
	 * @param array<string, mixed> $settings The settings.
	 * @param bool                 $secret   Whether the value is a secret.
	 */
	private static function key_row( $name, array $settings, $secret ) {
		$id    = 'checkout-element-' . str_replace( '_', '-', $name );
		$field = Checkout_Element_Config::OPTION . '[' . $name . ']';
		?>
		<tr>
			<th scope="row"><label for="<?php echo esc_attr( $id ); ?>"><?php echo esc_html( self::label( $name ) ); ?></label></th>
			<td>
				<?php if ( Checkout_Element_Config::from_constant( $name ) ) : ?>
					<input type="text" id="<?php echo esc_attr( $id ); ?>" class="regular-text" disabled value="<?php echo esc_attr__( 'Set in wp-config.php', 'checkout-element' ); ?>">
					<p class="description">
					<?php
					/* translators: %s: a constant's name. */
					echo esc_html( sprintf( __( 'Set by the %s constant in wp-config.php, which wins over this page.', 'checkout-element' ), Checkout_Element_Config::CONSTANTS[ $name ] ) );
					?>
					</p>
				<?php elseif ( $secret ) : ?>
					<input type="password" id="<?php echo esc_attr( $id ); ?>" class="regular-text code" name="<?php echo esc_attr( $field ); ?>" value="" autocomplete="off" spellcheck="false" placeholder="<?php echo '' !== $settings[ $name ] ? esc_attr__( 'Saved — leave empty to keep it', 'checkout-element' ) : ''; ?>">
					<p class="description"><?php echo 'secret_key' === $name ? esc_html__( 'sk_test_… or sk_live_… (or a restricted key rk_…). Stored in the database and never shown again; define CHECKOUT_ELEMENT_SECRET_KEY in wp-config.php to keep it out of the database.', 'checkout-element' ) : esc_html__( 'whsec_…, from your webhook endpoint in the Stripe Dashboard.', 'checkout-element' ); ?></p>
				<?php else : ?>
					<input type="text" id="<?php echo esc_attr( $id ); ?>" class="regular-text code" name="<?php echo esc_attr( $field ); ?>" value="<?php echo esc_attr( $settings[ $name ] ); ?>" spellcheck="false">
					<p class="description"><?php esc_html_e( 'pk_test_… or pk_live_…, sent to the browser with each checkout.', 'checkout-element' ); ?></p>
				<?php endif; ?>
			</td>
		</tr>
		<?php
	}
}
