<?php
/**
 * Plugin Name:       Checkout Element
 * Plugin URI:        https://github.com/checkout-element/checkout-element/tree/main/integrations/wordpress
 * Description:       Sell with Stripe Checkout from a block or a shortcode: the &lt;stripe-checkout&gt; element, its companion endpoints inside WordPress, and each paid order fulfilled exactly once.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            Checkout Element contributors
 * License:           MIT
 * License URI:       https://opensource.org/licenses/MIT
 * Text Domain:       checkout-element
 * Domain Path:       /languages
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

define( 'CHECKOUT_ELEMENT_VERSION', '0.1.0' );
define( 'CHECKOUT_ELEMENT_FILE', __FILE__ );
define( 'CHECKOUT_ELEMENT_DIR', __DIR__ );

require_once __DIR__ . '/includes/class-checkout-element-protocol-error.php';
require_once __DIR__ . '/includes/class-checkout-element-log.php';
require_once __DIR__ . '/includes/class-checkout-element-config.php';
require_once __DIR__ . '/includes/class-checkout-element-stripe-exception.php';
require_once __DIR__ . '/includes/class-checkout-element-stripe-client.php';
require_once __DIR__ . '/includes/class-checkout-element-webhook-signature.php';
require_once __DIR__ . '/includes/class-checkout-element-ledger.php';
require_once __DIR__ . '/includes/class-checkout-element-fulfilment.php';
require_once __DIR__ . '/includes/class-checkout-element-session-request.php';
require_once __DIR__ . '/includes/class-checkout-element-rate-limiter.php';
require_once __DIR__ . '/includes/class-checkout-element-rest.php';
require_once __DIR__ . '/includes/class-checkout-element-render.php';
require_once __DIR__ . '/includes/class-checkout-element-plugin.php';

register_activation_hook( __FILE__, array( 'Checkout_Element_Plugin', 'activate' ) );
Checkout_Element_Plugin::boot();
