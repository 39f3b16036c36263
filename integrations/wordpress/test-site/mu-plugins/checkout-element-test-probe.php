<?php
/**
 * Test probe (loaded only on test sites): reports every run of the plugin's hooks to the test's receiver, so a test
 * counts fulfilments from outside, the way a membership or CRM plugin would observe them. When the receiver answers
 * an error, the hook throws, so a test can make a fulfilment fail on purpose.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

foreach ( array( 'fulfil', 'expired', 'payment_failed' ) as $checkout_element_probe_kind ) {
	add_action(
		'checkout_element_' . $checkout_element_probe_kind,
		static function ( $session ) use ( $checkout_element_probe_kind ) {
			if ( ! defined( 'CHECKOUT_ELEMENT_TEST_PROBE_URL' ) ) {
				return;
			}
			$response = wp_remote_post(
				CHECKOUT_ELEMENT_TEST_PROBE_URL,
				array(
					'headers' => array( 'Content-Type' => 'application/json' ),
					'body'    => wp_json_encode(
						array(
							'hook'      => $checkout_element_probe_kind,
							'sessionId' => $session['id'],
							'lineItems' => isset( $session['line_items']['data'] ) ? count( $session['line_items']['data'] ) : null,
						)
					),
					'timeout' => 10,
				)
			);
			$status = is_wp_error( $response ) ? 0 : (int) wp_remote_retrieve_response_code( $response );
			if ( $status < 200 || $status >= 300 ) {
				throw new RuntimeException( 'The test probe refused this fulfilment (HTTP ' . $status . ').' );
			}
		}
	);
}
