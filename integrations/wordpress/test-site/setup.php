<?php
/**
 * Sets up a throw-away WordPress for the tests, from the command line:
 *
 *   php setup.php install   '<json>'   creates the database, runs wp_install(), adds users, pretty permalinks
 *   php setup.php configure '<json>'   activates the plugin, switches theme, saves settings, creates pages
 *
 * Run with the site's directory as the working directory. Prints one JSON line with what it made.
 *
 * @package CheckoutElement
 */

if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}

$command = isset( $argv[1] ) ? $argv[1] : '';
$input   = json_decode( isset( $argv[2] ) ? $argv[2] : '{}', true );
if ( ! is_array( $input ) ) {
	fwrite( STDERR, "setup.php: the second argument must be a JSON object\n" );
	exit( 2 );
}
$site = getcwd();
$url  = isset( $input['url'] ) ? $input['url'] : 'http://127.0.0.1';
$host = (string) parse_url( $url, PHP_URL_HOST ) . ( parse_url( $url, PHP_URL_PORT ) ? ':' . parse_url( $url, PHP_URL_PORT ) : '' );

$_SERVER['HTTP_HOST']   = $host;
$_SERVER['SERVER_NAME'] = (string) parse_url( $url, PHP_URL_HOST );
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PORT'] = (string) ( parse_url( $url, PHP_URL_PORT ) ? parse_url( $url, PHP_URL_PORT ) : 80 );

/**
 * Prints the result and stops.
 *
 * @param array<string, mixed> $result What was made.
 */
function checkout_element_setup_done( array $result ) {
	echo json_encode( $result ), "\n";
	exit( 0 );
}

/**
 * Stops with a message.
 *
 * @param string $message What failed.
 */
function checkout_element_setup_fail( $message ) {
	fwrite( STDERR, 'setup.php: ' . $message . "\n" );
	exit( 1 );
}

if ( 'install' === $command ) {
	mysqli_report( MYSQLI_REPORT_OFF );
	$db = @mysqli_connect( $input['dbHost'], $input['dbUser'], $input['dbPassword'], '', (int) $input['dbPort'] ); // phpcs:ignore WordPress.PHP.NoSilencedErrors -- the error is reported below.
	if ( ! $db ) {
		checkout_element_setup_fail( 'cannot connect to MariaDB/MySQL at ' . $input['dbHost'] . ':' . $input['dbPort'] . ' as ' . $input['dbUser'] . ': ' . mysqli_connect_error() );
	}
	if ( ! mysqli_query( $db, 'CREATE DATABASE `' . str_replace( '`', '', $input['dbName'] ) . '` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci' ) ) {
		checkout_element_setup_fail( 'CREATE DATABASE failed: ' . mysqli_error( $db ) );
	}
	mysqli_close( $db );

	define( 'WP_INSTALLING', true );
	require $site . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	require_once ABSPATH . 'wp-includes/class-wpdb.php';
	$installed = wp_install( 'Checkout Element test shop', $input['admin']['login'], $input['admin']['email'], false, '', wp_slash( $input['admin']['password'] ) );
	if ( is_wp_error( $installed ) ) {
		checkout_element_setup_fail( 'wp_install failed: ' . $installed->get_error_message() );
	}
	$users = array( 'admin' => $installed['user_id'] );
	foreach ( isset( $input['users'] ) ? $input['users'] : array() as $user ) {
		$id = wp_insert_user(
			array(
				'user_login' => $user['login'],
				'user_pass'  => $user['password'],
				'user_email' => $user['email'],
				'role'       => $user['role'],
			)
		);
		if ( is_wp_error( $id ) ) {
			checkout_element_setup_fail( 'cannot create user ' . $user['login'] . ': ' . $id->get_error_message() );
		}
		$users[ $user['login'] ] = $id;
	}
	foreach ( $users as $id ) {
		// The block editor's welcome guide would cover the canvas in every editor test.
		update_user_meta( $id, $GLOBALS['wpdb']->get_blog_prefix() . 'persisted_preferences', array( 'core/edit-post' => array( 'welcomeGuide' => false ), '_modified' => gmdate( 'c' ) ) );
	}
	update_option( 'permalink_structure', '/%postname%/' );
	update_option( 'blogdescription', 'A shop on the Checkout Element plugin' );
	checkout_element_setup_done( array( 'users' => $users ) );
}

if ( 'configure' === $command ) {
	require $site . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/plugin.php';
	$result = array( 'pages' => array() );
	if ( ! empty( $input['activate'] ) ) {
		$activated = activate_plugin( 'checkout-element/checkout-element.php' );
		if ( is_wp_error( $activated ) ) {
			checkout_element_setup_fail( 'cannot activate the plugin: ' . $activated->get_error_message() );
		}
	}
	if ( isset( $input['theme'] ) ) {
		switch_theme( $input['theme'] );
	}
	if ( isset( $input['pages'] ) ) {
		foreach ( $input['pages'] as $page ) {
			$existing = get_page_by_path( $page['slug'] );
			$id       = wp_insert_post(
				array(
					'ID'           => $existing ? $existing->ID : 0,
					'post_type'    => 'page',
					'post_status'  => 'publish',
					'post_name'    => $page['slug'],
					'post_title'   => $page['title'],
					'post_content' => $page['content'],
				),
				true
			);
			if ( is_wp_error( $id ) ) {
				checkout_element_setup_fail( 'cannot create page ' . $page['slug'] . ': ' . $id->get_error_message() );
			}
			$result['pages'][ $page['slug'] ] = array(
				'id'  => $id,
				'url' => get_permalink( $id ),
			);
		}
	}
	if ( isset( $input['settings'] ) ) {
		$settings = $input['settings'];
		if ( isset( $settings['returnPageSlug'] ) ) {
			$page                    = get_page_by_path( $settings['returnPageSlug'] );
			$settings['return_page'] = $page ? $page->ID : 0;
			unset( $settings['returnPageSlug'] );
		}
		if ( isset( $settings['prices'] ) ) {
			// Looked up at Stripe (the emulator) with the plugin's own client, as the settings page does.
			$secret = Checkout_Element_Config::from_constant( 'secret_key' ) ? Checkout_Element_Config::key( 'secret_key' ) : $settings['secret_key'];
			$client = new Checkout_Element_Stripe_Client( $secret, Checkout_Element_Config::api_base() );
			$prices = array();
			foreach ( $settings['prices'] as $entry ) {
				$found    = $client->retrieve_price( $entry['id'] );
				$prices[] = array(
					'id'          => $entry['id'],
					'name'        => $found['product']['name'],
					'unit_amount' => $found['unit_amount'],
					'currency'    => $found['currency'],
					'min'         => isset( $entry['min'] ) ? $entry['min'] : 1,
					'max'         => isset( $entry['max'] ) ? $entry['max'] : 99,
				);
			}
			$settings['prices'] = $prices;
		}
		update_option( 'checkout_element_settings', array_merge( Checkout_Element_Config::settings(), $settings ) );
	}
	checkout_element_setup_done( $result );
}

checkout_element_setup_fail( 'unknown command ' . $command . ' (install or configure)' );
