<?php
/**
 * Amounts in the admin screens and the block editor are shown in each currency's own units, with Stripe's
 * currency lists kept equal to the TypeScript ones in packages/protocol/src/currencies.ts.
 *
 * @package CheckoutElement
 */

use PHPUnit\Framework\TestCase;

final class CurrencyTest extends TestCase {

	public function test_the_php_currency_lists_equal_the_protocol_packages() {
		$json = getenv( 'CHECKOUT_ELEMENT_PROTOCOL_CURRENCIES' );
		$this->assertIsString( $json, 'CHECKOUT_ELEMENT_PROTOCOL_CURRENCIES is not set: run the tests with `pnpm test:php`, which passes the lists of @checkout-element/protocol.' );
		$protocol = json_decode( $json, true );
		$this->assertSame(
			$protocol['zeroDecimal'],
			Checkout_Element_Render::ZERO_DECIMAL_CURRENCIES,
			'Checkout_Element_Render::ZERO_DECIMAL_CURRENCIES differs from zeroDecimalCurrencies in packages/protocol/src/currencies.ts: change both to Stripe\'s list (https://docs.stripe.com/currencies#zero-decimal).'
		);
		$this->assertSame(
			$protocol['threeDecimal'],
			Checkout_Element_Render::THREE_DECIMAL_CURRENCIES,
			'Checkout_Element_Render::THREE_DECIMAL_CURRENCIES differs from threeDecimalCurrencies in packages/protocol/src/currencies.ts: change both to Stripe\'s list (https://docs.stripe.com/currencies#three-decimal).'
		);
	}

	public function test_two_decimal_amounts_are_hundredths() {
		$this->assertSame( '12.00 USD', Checkout_Element_Render::format_amount( 1200, 'usd' ) );
		$this->assertSame( '1,234.56 EUR', Checkout_Element_Render::format_amount( 123456, 'EUR' ) );
	}

	public function test_zero_decimal_amounts_are_whole_units() {
		$this->assertSame( '500 JPY', Checkout_Element_Render::format_amount( 500, 'jpy' ) );
		$this->assertSame( '1,500 JPY', Checkout_Element_Render::format_amount( 1500, 'JPY' ) );
		$this->assertSame( '5,000 UGX', Checkout_Element_Render::format_amount( 5000, 'ugx' ) );
	}

	public function test_three_decimal_amounts_are_thousandths() {
		$this->assertSame( '5.120 KWD', Checkout_Element_Render::format_amount( 5120, 'kwd' ) );
	}

	public function test_stripes_special_cases_stay_two_decimal_in_the_api() {
		// ISK amounts must be divisible by 100 but still count hundredths; HUF and TWD are zero-decimal for payouts
		// only (https://docs.stripe.com/currencies#special-cases).
		$this->assertSame( '5.00 ISK', Checkout_Element_Render::format_amount( 500, 'isk' ) );
		$this->assertSame( '175.00 HUF', Checkout_Element_Render::format_amount( 17500, 'huf' ) );
		$this->assertSame( '30.00 TWD', Checkout_Element_Render::format_amount( 3000, 'twd' ) );
	}

	public function test_a_price_without_an_amount_says_so() {
		$this->assertSame( 'variable amount', Checkout_Element_Render::format_amount( null, 'usd' ) );
	}
}
