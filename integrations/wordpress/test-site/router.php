<?php
/**
 * Router for PHP's built-in web server (`php -S 127.0.0.1:PORT -t <site> router.php`): files are served as they
 * are, PHP files run, and every other path goes to WordPress's index.php (pretty permalinks, /wp-json/…), like
 * Apache's rewrite rules for WordPress would.
 *
 * @package CheckoutElement
 */

$checkout_element_root = $_SERVER['DOCUMENT_ROOT'];
$checkout_element_path = (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
$checkout_element_file = realpath( $checkout_element_root . rawurldecode( $checkout_element_path ) );

if ( false !== $checkout_element_file && 0 === strpos( $checkout_element_file, realpath( $checkout_element_root ) ) ) {
	if ( is_dir( $checkout_element_file ) ) {
		if ( '/' !== substr( $checkout_element_path, -1 ) ) {
			header( 'Location: ' . $checkout_element_path . '/', true, 301 );
			return true;
		}
		$checkout_element_file .= '/index.php';
	}
	if ( is_file( $checkout_element_file ) ) {
		if ( '.php' !== substr( $checkout_element_file, -4 ) ) {
			return false;
		}
		$_SERVER['SCRIPT_NAME']     = substr( $checkout_element_file, strlen( realpath( $checkout_element_root ) ) );
		$_SERVER['SCRIPT_FILENAME'] = $checkout_element_file;
		$_SERVER['PHP_SELF']        = $_SERVER['SCRIPT_NAME'];
		chdir( dirname( $checkout_element_file ) );
		require $checkout_element_file;
		return true;
	}
}
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $checkout_element_root . '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
chdir( $checkout_element_root );
require $checkout_element_root . '/index.php';
