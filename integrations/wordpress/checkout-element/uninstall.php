<?php
/**
 * Removes the plugin's settings, and its orders table only when the owner asked for it.
 *
 * @package CheckoutElement
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

global $wpdb;

$checkout_element_settings = get_option( 'checkout_element_settings', array() );
if ( is_array( $checkout_element_settings ) && ! empty( $checkout_element_settings['remove_data_on_uninstall'] ) ) {
	$wpdb->query( "DROP TABLE IF EXISTS `{$wpdb->prefix}checkout_element_ledger`" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the plugin's own table.
	delete_option( 'checkout_element_schema_version' );
}
delete_option( 'checkout_element_settings' );
