<?php
/**
 * Key checks (what the settings page refuses), origins, the rate limit and the Stripe client's edges.
 *
 * @package CheckoutElement
 */

use PHPUnit\Framework\TestCase;

final class ConfigTest extends TestCase {

	public function test_well_formed_keys_of_the_mode_pass() {
		$this->assertNull( Checkout_Element_Config::key_problem( 'publishable_key', 'pk_test_51AbCdEf0123', 'test' ) );
		$this->assertNull( Checkout_Element_Config::key_problem( 'secret_key', 'sk_test_51AbCdEf0123', 'test' ) );
		$this->assertNull( Checkout_Element_Config::key_problem( 'secret_key', 'rk_live_51AbCdEf0123', 'live' ) );
		$this->assertNull( Checkout_Element_Config::key_problem( 'webhook_secret', 'whsec_AbC+/=0123456789', 'test' ) );
	}

	public function test_a_live_key_is_refused_in_test_mode_and_the_reverse() {
		$this->assertStringContainsString( 'live key', (string) Checkout_Element_Config::key_problem( 'secret_key', 'sk_live_51AbCdEf0123', 'test' ) );
		$this->assertStringContainsString( 'live key', (string) Checkout_Element_Config::key_problem( 'publishable_key', 'pk_live_51AbCdEf0123', 'test' ) );
		$this->assertStringContainsString( 'test key', (string) Checkout_Element_Config::key_problem( 'secret_key', 'sk_test_51AbCdEf0123', 'live' ) );
	}

	public function test_malformed_and_swapped_keys_are_named() {
		$this->assertStringContainsString( 'secret key', (string) Checkout_Element_Config::key_problem( 'publishable_key', 'sk_test_51AbCdEf0123', 'test' ) );
		$this->assertStringContainsString( 'publishable key', (string) Checkout_Element_Config::key_problem( 'secret_key', 'pk_test_51AbCdEf0123', 'test' ) );
		$this->assertStringContainsString( 'spaces', (string) Checkout_Element_Config::key_problem( 'secret_key', 'sk_test_51AbC dEf0123', 'test' ) );
		$this->assertNotNull( Checkout_Element_Config::key_problem( 'secret_key', 'sk_test_', 'test' ) );
		$this->assertNotNull( Checkout_Element_Config::key_problem( 'secret_key', 'hello', 'test' ) );
		$this->assertNotNull( Checkout_Element_Config::key_problem( 'webhook_secret', 'sk_test_51AbCdEf0123', 'test' ) );
	}

	public function test_origins_are_normalised_and_nothing_else_is_an_origin() {
		$this->assertSame( 'https://shop.example', Checkout_Element_Config::origin_of( 'HTTPS://Shop.Example:443/' ) );
		$this->assertSame( 'http://127.0.0.1:8080', Checkout_Element_Config::origin_of( 'http://127.0.0.1:8080/path?q' ) );
		$this->assertNull( Checkout_Element_Config::origin_of( 'javascript:alert(1)' ) );
		$this->assertNull( Checkout_Element_Config::origin_of( 'null' ) );
		$this->assertNull( Checkout_Element_Config::origin_of( '*' ) );
	}

	public function test_the_rate_limit_refuses_past_the_limit_in_a_window_and_says_when_to_return() {
		$now = 1800000000 + random_int( 0, 1000000 ) * 60 + 15;
		Checkout_Element_Rate_Limiter::hit( 'phpunit', 2, $now );
		Checkout_Element_Rate_Limiter::hit( 'phpunit', 2, $now + 1 );
		try {
			Checkout_Element_Rate_Limiter::hit( 'phpunit', 2, $now + 2 );
			$this->fail( 'the third request in the minute must be refused' );
		} catch ( Checkout_Element_Protocol_Error $error ) {
			$this->assertSame( 'rate_limited', $error->error_code );
			$this->assertTrue( $error->retryable() );
			$this->assertSame( '43', $error->headers['Retry-After'] );
		}
		// The next window starts afresh.
		Checkout_Element_Rate_Limiter::hit( 'phpunit', 2, $now + 60 );
		$this->addToAssertionCount( 1 );
	}

	public function test_stripe_form_encoding() {
		$this->assertSame(
			'mode=payment&line_items%5B0%5D%5Bprice%5D=price_1&line_items%5B0%5D%5Bquantity%5D=2&automatic_tax%5Benabled%5D=true&expand%5B0%5D=line_items',
			Checkout_Element_Stripe_Client::encode(
				array(
					'mode'          => 'payment',
					'line_items'    => array( array( 'price' => 'price_1', 'quantity' => 2 ) ),
					'automatic_tax' => array( 'enabled' => true ),
					'expand'        => array( 'line_items' ),
				)
			)
		);
	}

	public function test_an_unreachable_stripe_is_a_retryable_504_and_messages_never_carry_keys() {
		$client = new Checkout_Element_Stripe_Client( 'sk_test_51SecretKeyValue000', 'http://127.0.0.1:9', 2 );
		try {
			$client->retrieve_checkout_session( 'cs_test_1' );
			$this->fail( 'nothing listens on port 9' );
		} catch ( Checkout_Element_Stripe_Exception $error ) {
			$this->assertSame( 'network', $error->kind );
			$protocol = $error->to_protocol_error();
			$this->assertSame( 'stripe_unreachable', $protocol->error_code );
			$this->assertSame( 504, $protocol->status() );
			$this->assertStringNotContainsString( 'SecretKeyValue', $protocol->getMessage() );
		}
		$this->assertSame( 'Invalid API Key provided: sk_test_…', Checkout_Element_Stripe_Exception::without_secrets( 'Invalid API Key provided: sk_test_51SecretKeyValue000' ) );
		$this->assertSame( 'secret cs_test_a_secret_…', Checkout_Element_Stripe_Exception::without_secrets( 'secret cs_test_a_secret_fidnand%2Fxyz' ) );
	}
}
