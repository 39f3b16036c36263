<?php
/**
 * Validation of session requests: every refusal names its field, and nothing but allowlisted prices gets through.
 *
 * @package CheckoutElement
 */

use PHPUnit\Framework\TestCase;

final class SessionRequestTest extends TestCase {

	private function prices() {
		return array(
			'price_tshirt' => array( 'id' => 'price_tshirt', 'min' => 1, 'max' => 10 ),
			'price_mug'    => array( 'id' => 'price_mug', 'min' => 2, 'max' => 4 ),
		);
	}

	private function refusal( $body, $content_type = 'application/json', $key = null ) {
		try {
			Checkout_Element_Session_Request::validate( is_string( $body ) ? $body : wp_json_encode( $body ), $content_type, $key, $this->prices() );
		} catch ( Checkout_Element_Protocol_Error $error ) {
			return array( $error->error_code, $error->field );
		}
		$this->fail( 'the request was accepted' );
	}

	public function test_an_allowlisted_cart_becomes_line_items() {
		$cart = Checkout_Element_Session_Request::validate(
			'{"items":[{"price":"price_tshirt","quantity":2.0},{"price":"price_mug","quantity":3}],"email":"buyer@example.com","clientReferenceId":"cart_42"}',
			'application/json; charset=UTF-8',
			'0d6f5a5e-3a43-4c8e-9f65-8a3c0d2f1b7a',
			$this->prices()
		);
		$this->assertSame(
			array(
				array( 'price' => 'price_tshirt', 'quantity' => 2 ),
				array( 'price' => 'price_mug', 'quantity' => 3 ),
			),
			$cart['line_items']
		);
		$this->assertSame( 'buyer@example.com', $cart['email'] );
		$this->assertSame( 'cart_42', $cart['client_reference_id'] );
		$this->assertSame( '0d6f5a5e-3a43-4c8e-9f65-8a3c0d2f1b7a', $cart['idempotency_key'] );
	}

	public function test_content_type_and_size() {
		$this->assertSame( array( 'unsupported_media_type', 'content-type' ), $this->refusal( array( 'items' => array() ), 'text/plain' ) );
		$this->assertSame( array( 'unsupported_media_type', 'content-type' ), $this->refusal( array( 'items' => array() ), null ) );
		$this->assertSame( array( 'unsupported_media_type', 'content-type' ), $this->refusal( array( 'items' => array() ), 'application/jsonp' ) );
		$this->assertSame( array( 'body_too_large', 'body' ), $this->refusal( '{"items":[],"x":"' . str_repeat( 'a', 8200 ) . '"}' ) );
	}

	public function test_idempotency_keys() {
		$items = array( 'items' => array( array( 'price' => 'price_tshirt', 'quantity' => 1 ) ) );
		foreach ( array( 'short', str_repeat( 'k', 256 ), 'has a space in it here', "new\nline-in-the-key" ) as $key ) {
			$this->assertSame( array( 'invalid_request', 'Idempotency-Key' ), $this->refusal( $items, 'application/json', $key ) );
		}
	}

	public function test_bodies_that_are_not_objects() {
		foreach ( array( '', '[]', '"x"', '42', 'null', '{"items":', str_repeat( '[', 40 ) . str_repeat( ']', 40 ) ) as $raw ) {
			$this->assertSame( array( 'invalid_request', 'body' ), $this->refusal( $raw ), $raw );
		}
	}

	public function test_fields_a_browser_may_not_send() {
		$this->assertSame( array( 'invalid_request', 'items[0].unit_amount' ), $this->refusal( array( 'items' => array( array( 'price' => 'price_tshirt', 'quantity' => 1, 'unit_amount' => 1 ) ) ) ) );
		$this->assertSame( array( 'invalid_request', 'price_data' ), $this->refusal( array( 'items' => array( array( 'price' => 'price_tshirt', 'quantity' => 1 ) ), 'price_data' => array() ) ) );
		$this->assertSame( array( 'invalid_request', '__proto__' ), $this->refusal( '{"__proto__":{"a":1},"items":[{"price":"price_tshirt","quantity":1}]}' ) );
	}

	public function test_items_prices_and_quantities() {
		$cases = array(
			array( '{}', 'items' ),
			array( array( 'items' => array() ), 'items' ),
			array( array( 'items' => 'price_tshirt' ), 'items' ),
			array( array( 'items' => array( 'price_tshirt' ) ), 'items[0]' ),
			array( array( 'items' => array( array( 'quantity' => 1 ) ) ), 'items[0].price' ),
			array( array( 'items' => array( array( 'price' => 'price_other', 'quantity' => 1 ) ) ), 'items[0].price' ),
			array( array( 'items' => array( array( 'price' => 'PRICE_TSHIRT', 'quantity' => 1 ) ) ), 'items[0].price' ),
			array( array( 'items' => array( array( 'price' => 'price_tshirt', 'quantity' => 1 ), array( 'price' => 'price_tshirt', 'quantity' => 1 ) ) ), 'items[1].price' ),
			array( array( 'items' => array( array( 'price' => 'price_tshirt' ) ) ), 'items[0].quantity' ),
			array( array( 'items' => array( array( 'price' => 'price_tshirt', 'quantity' => 0 ) ) ), 'items[0].quantity' ),
			array( array( 'items' => array( array( 'price' => 'price_tshirt', 'quantity' => 11 ) ) ), 'items[0].quantity' ),
			array( array( 'items' => array( array( 'price' => 'price_mug', 'quantity' => 1 ) ) ), 'items[0].quantity' ),
			array( array( 'items' => array( array( 'price' => 'price_tshirt', 'quantity' => 1.5 ) ) ), 'items[0].quantity' ),
			array( array( 'items' => array( array( 'price' => 'price_tshirt', 'quantity' => '2' ) ) ), 'items[0].quantity' ),
			array( array( 'items' => array( array( 'price' => 'price_tshirt', 'quantity' => true ) ) ), 'items[0].quantity' ),
			array( array( 'items' => array( array( 'price' => 'price_tshirt', 'quantity' => 1e20 ) ) ), 'items[0].quantity' ),
		);
		foreach ( $cases as list( $body, $field ) ) {
			$this->assertSame( array( 'invalid_request', $field ), $this->refusal( $body ), wp_json_encode( $body ) );
		}
		$fifty_one = array( 'items' => array_fill( 0, 51, array( 'price' => 'price_tshirt', 'quantity' => 1 ) ) );
		$this->assertSame( array( 'invalid_request', 'items' ), $this->refusal( $fifty_one ) );
	}

	public function test_email_and_reference() {
		$item = array( array( 'price' => 'price_tshirt', 'quantity' => 1 ) );
		$this->assertSame( array( 'invalid_request', 'email' ), $this->refusal( array( 'items' => $item, 'email' => 'nope' ) ) );
		$this->assertSame( array( 'invalid_request', 'email' ), $this->refusal( array( 'items' => $item, 'email' => 42 ) ) );
		$this->assertSame( array( 'invalid_request', 'clientReferenceId' ), $this->refusal( array( 'items' => $item, 'clientReferenceId' => '' ) ) );
		$this->assertSame( array( 'invalid_request', 'clientReferenceId' ), $this->refusal( array( 'items' => $item, 'clientReferenceId' => str_repeat( 'a', 201 ) ) ) );
		$this->assertSame( array( 'invalid_request', 'clientReferenceId' ), $this->refusal( array( 'items' => $item, 'clientReferenceId' => 'a b' ) ) );
	}

	public function test_messages_quote_client_input_safely() {
		try {
			Checkout_Element_Session_Request::validate( '{"items":[{"price":"price_<script>\u0000' . str_repeat( 'x', 100 ) . '","quantity":1}]}', 'application/json', null, $this->prices() );
			$this->fail( 'accepted' );
		} catch ( Checkout_Element_Protocol_Error $error ) {
			$this->assertStringNotContainsString( "\0", $error->getMessage() );
			$this->assertLessThan( 300, strlen( $error->getMessage() ) );
		}
	}
}
