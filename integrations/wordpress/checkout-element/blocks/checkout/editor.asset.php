<?php
/**
 * Dependencies of the block's editor script (hand-written, no build step).
 *
 * @package CheckoutElement
 */

return array(
	'dependencies' => array( 'wp-blocks', 'wp-block-editor', 'wp-components', 'wp-element', 'wp-i18n' ),
	'version'      => '0.1.0',
);
