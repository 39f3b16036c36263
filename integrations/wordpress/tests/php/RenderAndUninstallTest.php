<?php
/**
 * What the block and shortcode render for buyers and editors, and what uninstalling removes.
 *
 * @package CheckoutElement
 */

use PHPUnit\Framework\TestCase;

final class RenderAndUninstallTest extends TestCase {

	/**
	 * The settings before each test.
	 *
	 * @var mixed
	 */
	private $saved;

	protected function setUp(): void {
		$this->saved = get_option( Checkout_Element_Config::OPTION, null );
		$page        = wp_insert_post(
			array(
				'post_type'   => 'page',
				'post_status' => 'publish',
				'post_title'  => 'Thanks',
			)
		);
		update_option(
			Checkout_Element_Config::OPTION,
			array(
				'publishable_key' => 'pk_test_51RenderTest0000',
				'secret_key'      => 'sk_test_51RenderTestSecret0000',
				'webhook_secret'  => 'whsec_rendertest000000',
				'return_page'     => $page,
				'prices'          => array(
					array(
						'id'          => 'price_render',
						'name'        => 'Render test',
						'unit_amount' => 1200,
						'currency'    => 'usd',
						'min'         => 1,
						'max'         => 3,
					),
				),
			)
		);
	}

	protected function tearDown(): void {
		wp_set_current_user( 0 );
		if ( null === $this->saved ) {
			delete_option( Checkout_Element_Config::OPTION );
		} else {
			update_option( Checkout_Element_Config::OPTION, $this->saved );
		}
	}

	public function test_a_sellable_price_renders_the_element_with_the_endpoint_and_no_secret() {
		$html = Checkout_Element_Render::shortcode(
			array(
				'price'    => 'price_render',
				'quantity' => '2',
				'theme'    => 'night',
				'redirect' => 'always',
			)
		);
		$this->assertStringContainsString( '<stripe-checkout session-endpoint="' . esc_url( rest_url( 'checkout-element/v1/sessions' ) ) . '" price="price_render" quantity="2" theme="night" redirect="always"></stripe-checkout>', $html );
		$this->assertStringNotContainsString( 'sk_test_', $html );
		$this->assertStringNotContainsString( 'whsec_', $html );
		$this->assertTrue( wp_script_is( Checkout_Element_Render::SCRIPT, 'enqueued' ) );
		$this->assertStringContainsString( 'type="module"', Checkout_Element_Render::module_tag( '<script src="x.js" id="checkout-element-js"></script>', Checkout_Element_Render::SCRIPT ) );
		// `auto` and the defaults add no attribute: the element's own defaults apply.
		$this->assertStringContainsString( 'quantity="1"></stripe-checkout>', Checkout_Element_Render::shortcode( array( 'price' => 'price_render' ) ) );
	}

	public function test_the_return_page_loads_the_status_elements_own_script_and_not_the_checkouts() {
		// Another test may have enqueued the checkout's script in this request already.
		wp_dequeue_script( Checkout_Element_Render::SCRIPT );
		$html = Checkout_Element_Render::status_shortcode();
		$this->assertStringContainsString( '<stripe-checkout-status status-endpoint="' . esc_url( rest_url( 'checkout-element/v1/sessions' ) ) . '"', $html );
		$this->assertTrue( wp_script_is( Checkout_Element_Render::STATUS_SCRIPT, 'enqueued' ) );
		$this->assertFalse( wp_script_is( Checkout_Element_Render::SCRIPT, 'enqueued' ), 'the return page does not download the checkout form' );
		$this->assertStringEndsWith( 'assets/js/stripe-checkout-status.js', wp_scripts()->registered[ Checkout_Element_Render::STATUS_SCRIPT ]->src );
		$this->assertStringContainsString( 'type="module"', Checkout_Element_Render::module_tag( '<script src="x.js" id="checkout-element-status-js"></script>', Checkout_Element_Render::STATUS_SCRIPT ) );
	}

	public function test_a_checkout_that_cannot_work_tells_editors_why_and_buyers_only_that_it_is_unavailable() {
		$cases = array(
			array( array( 'price' => 'price_other' ), 'price_other is not one of the prices this site sells' ),
			array( array( 'price' => '' ), 'Choose a price' ),
			array( array( 'price' => 'price_render', 'quantity' => '4' ), 'between 1 and 3' ),
		);
		foreach ( $cases as list( $atts, $reason ) ) {
			wp_set_current_user( 0 );
			$buyer = Checkout_Element_Render::shortcode( $atts );
			$this->assertStringContainsString( 'This checkout is not available right now.', $buyer );
			$this->assertStringNotContainsString( $reason, $buyer );
			wp_set_current_user( 1 );
			$this->assertStringContainsString( esc_html( $reason ), Checkout_Element_Render::shortcode( $atts ) );
		}
		update_option( Checkout_Element_Config::OPTION, array_merge( get_option( Checkout_Element_Config::OPTION ), array( 'secret_key' => '' ) ) );
		$this->assertStringContainsString( 'the secret key', Checkout_Element_Render::shortcode( array( 'price' => 'price_render' ) ) );
	}

	public function test_uninstall_removes_the_settings_and_the_table_only_when_asked() {
		global $wpdb;
		if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
			define( 'WP_UNINSTALL_PLUGIN', 'checkout-element/checkout-element.php' );
		}
		$table  = Checkout_Element_Ledger::table();
		$exists = static function () use ( $wpdb, $table ) {
			return $table === $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) );
		};
		try {
			include CHECKOUT_ELEMENT_DIR . '/uninstall.php';
			$this->assertFalse( get_option( Checkout_Element_Config::OPTION ) );
			$this->assertTrue( $exists(), 'the orders are kept unless the owner ticked the box' );

			update_option( Checkout_Element_Config::OPTION, array( 'remove_data_on_uninstall' => true ) );
			include CHECKOUT_ELEMENT_DIR . '/uninstall.php';
			$this->assertFalse( get_option( Checkout_Element_Config::OPTION ) );
			$this->assertFalse( $exists() );
			$this->assertFalse( get_option( Checkout_Element_Ledger::VERSION_OPTION ) );
		} finally {
			Checkout_Element_Ledger::migrate();
		}
		$this->assertTrue( $exists(), 'activation (migrate) creates the table again' );
	}
}
