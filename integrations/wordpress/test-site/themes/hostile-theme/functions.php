<?php
/**
 * Loads the hostile stylesheet after the parent theme's.
 *
 * @package CheckoutElement
 */

add_action(
	'wp_enqueue_scripts',
	static function () {
		wp_enqueue_style( 'hostile-theme', get_stylesheet_uri(), array(), '1.0' );
	}
);
