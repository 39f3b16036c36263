<?php
/**
 * Wires the plugin into WordPress.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * Boots the plugin: REST routes, block, shortcodes, admin screens, schema migrations.
 */
class Checkout_Element_Plugin {

	/**
	 * Hooks everything.
	 */
	public static function boot() {
		Checkout_Element_Rest::register();
		add_action( 'init', array( __CLASS__, 'init' ) );
		add_action( 'plugins_loaded', array( __CLASS__, 'maybe_migrate' ) );
		if ( is_admin() ) {
			require_once CHECKOUT_ELEMENT_DIR . '/includes/class-checkout-element-admin-settings.php';
			require_once CHECKOUT_ELEMENT_DIR . '/includes/class-checkout-element-admin-orders.php';
			Checkout_Element_Admin_Settings::register();
			Checkout_Element_Admin_Orders::register();
			add_filter( 'plugin_action_links_' . plugin_basename( CHECKOUT_ELEMENT_FILE ), array( __CLASS__, 'action_links' ) );
		}
	}

	/**
	 * Activation: creates the ledger table.
	 */
	public static function activate() {
		try {
			Checkout_Element_Ledger::migrate();
		} catch ( Checkout_Element_Protocol_Error $error ) {
			wp_die( esc_html__( 'Checkout Element could not create its orders table. Check that the database user may CREATE TABLE, then activate the plugin again.', 'checkout-element' ) );
		}
	}

	/**
	 * Runs pending migrations after an update that did not go through activation (e.g. a replaced folder).
	 */
	public static function maybe_migrate() {
		if ( (int) get_option( Checkout_Element_Ledger::VERSION_OPTION, 0 ) >= Checkout_Element_Ledger::SCHEMA_VERSION ) {
			return;
		}
		try {
			Checkout_Element_Ledger::migrate();
		} catch ( Checkout_Element_Protocol_Error $error ) {
			// Logged by the ledger; the routes answer ledger_unavailable until the database accepts the table.
			return;
		}
	}

	/**
	 * Translations, assets, the block and the shortcodes.
	 */
	public static function init() {
		load_plugin_textdomain( 'checkout-element', false, dirname( plugin_basename( CHECKOUT_ELEMENT_FILE ) ) . '/languages' );
		Checkout_Element_Render::register();
	}

	/**
	 * "Settings" and "Orders" links on the Plugins screen.
	 *
	 * @param string[] $links Existing links.
	 * @return string[]
	 */
	public static function action_links( $links ) {
		array_unshift(
			$links,
			sprintf( '<a href="%s">%s</a>', esc_url( admin_url( 'options-general.php?page=checkout-element' ) ), esc_html__( 'Settings', 'checkout-element' ) ),
			sprintf( '<a href="%s">%s</a>', esc_url( admin_url( 'admin.php?page=checkout-element-orders' ) ), esc_html__( 'Orders', 'checkout-element' ) )
		);
		return $links;
	}
}
