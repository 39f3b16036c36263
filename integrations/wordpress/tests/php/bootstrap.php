<?php
/**
 * Loads the real WordPress the test runner installed (with the plugin active), so the tests exercise the plugin's
 * classes against WordPress's own functions and a real MariaDB.
 *
 * @package CheckoutElement
 */

$checkout_element_site = getenv( 'CHECKOUT_ELEMENT_WP_DIR' );
if ( ! $checkout_element_site || ! is_file( $checkout_element_site . '/wp-load.php' ) ) {
	fwrite( STDERR, "CHECKOUT_ELEMENT_WP_DIR must point at an installed WordPress: run the tests with `node --import tsx scripts/phpunit.ts`.\n" );
	exit( 1 );
}
$checkout_element_url      = (string) getenv( 'CHECKOUT_ELEMENT_WP_URL' );
$_SERVER['HTTP_HOST']      = (string) parse_url( $checkout_element_url, PHP_URL_HOST ) . ':' . (string) parse_url( $checkout_element_url, PHP_URL_PORT );
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REMOTE_ADDR']    = '192.0.2.10';
$_SERVER['REQUEST_METHOD'] = 'GET';
require $checkout_element_site . '/wp-load.php';
if ( ! class_exists( 'Checkout_Element_Ledger' ) ) {
	fwrite( STDERR, "The Checkout Element plugin is not active on the test site.\n" );
	exit( 1 );
}
