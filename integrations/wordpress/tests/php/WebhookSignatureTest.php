<?php
/**
 * Webhook signature verification, case by case against stripe-node's behaviour.
 *
 * @package CheckoutElement
 */

use PHPUnit\Framework\TestCase;

final class WebhookSignatureTest extends TestCase {

	const SECRET  = 'whsec_test_0123456789abcdef';
	const PAYLOAD = '{"id":"evt_1","type":"checkout.session.completed","data":{"object":{"id":"cs_test_1"}}}';
	const NOW     = 1800000000;

	private function failure_of( $payload, $header, $secret = self::SECRET, $now = self::NOW ) {
		try {
			Checkout_Element_Webhook_Signature::verify( $payload, $header, $secret, $now );
		} catch ( Checkout_Element_Protocol_Error $error ) {
			$this->assertSame( 'webhook_signature_invalid', $error->error_code );
			$this->assertSame( 400, $error->status() );
			$this->assertFalse( $error->retryable() );
			$this->assertStringNotContainsString( $secret, $error->getMessage() );
			return $error->extra['failure'];
		}
		return null;
	}

	private function hmac( $payload, $timestamp, $secret = self::SECRET ) {
		return hash_hmac( 'sha256', $timestamp . '.' . $payload, $secret );
	}

	public function test_a_correct_signature_verifies() {
		$this->assertNull( $this->failure_of( self::PAYLOAD, Checkout_Element_Webhook_Signature::sign( self::PAYLOAD, self::SECRET, self::NOW ) ) );
	}

	public function test_every_v1_is_tried_whatever_its_position() {
		$right = $this->hmac( self::PAYLOAD, self::NOW );
		$wrong = $this->hmac( self::PAYLOAD, self::NOW, 'whsec_old_secret_000000' );
		$this->assertNull( $this->failure_of( self::PAYLOAD, 't=' . self::NOW . ",v1={$wrong},v1={$right}" ) );
		$this->assertNull( $this->failure_of( self::PAYLOAD, 't=' . self::NOW . ",v1={$right},v1={$wrong}" ) );
		$this->assertNull( $this->failure_of( self::PAYLOAD, 't=' . self::NOW . ",v0=abc,v1={$wrong},v1={$right}" ) );
	}

	public function test_a_signature_with_another_secret_is_refused() {
		$this->assertSame( 'bad_signature', $this->failure_of( self::PAYLOAD, Checkout_Element_Webhook_Signature::sign( self::PAYLOAD, 'whsec_someone_else_000', self::NOW ) ) );
	}

	public function test_a_changed_body_is_refused() {
		$header = Checkout_Element_Webhook_Signature::sign( self::PAYLOAD, self::SECRET, self::NOW );
		$this->assertSame( 'bad_signature', $this->failure_of( str_replace( 'cs_test_1', 'cs_test_2', self::PAYLOAD ), $header ) );
		// A body re-serialised after parsing (whitespace changed) is a different body.
		$this->assertSame( 'bad_signature', $this->failure_of( wp_json_encode( json_decode( self::PAYLOAD ), JSON_PRETTY_PRINT ), $header ) );
	}

	public function test_the_tolerance_is_300_seconds_in_the_past() {
		$this->assertNull( $this->failure_of( self::PAYLOAD, Checkout_Element_Webhook_Signature::sign( self::PAYLOAD, self::SECRET, self::NOW - 300 ) ) );
		$this->assertSame( 'stale_timestamp', $this->failure_of( self::PAYLOAD, Checkout_Element_Webhook_Signature::sign( self::PAYLOAD, self::SECRET, self::NOW - 301 ) ) );
		// stripe-node only refuses the past: a sender's clock ahead of ours is skew, not a replay.
		$this->assertNull( $this->failure_of( self::PAYLOAD, Checkout_Element_Webhook_Signature::sign( self::PAYLOAD, self::SECRET, self::NOW + 600 ) ) );
	}

	public function test_a_stale_forgery_is_reported_as_a_bad_signature_first() {
		$this->assertSame( 'bad_signature', $this->failure_of( self::PAYLOAD, Checkout_Element_Webhook_Signature::sign( self::PAYLOAD, 'whsec_someone_else_000', self::NOW - 1000 ) ) );
	}

	public function test_missing_and_malformed_headers() {
		$this->assertSame( 'missing_header', $this->failure_of( self::PAYLOAD, null ) );
		$this->assertSame( 'missing_header', $this->failure_of( self::PAYLOAD, '  ' ) );
		$this->assertSame( 'malformed_header', $this->failure_of( self::PAYLOAD, 'garbage' ) );
		$this->assertSame( 'malformed_header', $this->failure_of( self::PAYLOAD, 'v1=' . $this->hmac( self::PAYLOAD, self::NOW ) ) );
		$this->assertSame( 'malformed_header', $this->failure_of( self::PAYLOAD, 't=' . self::NOW ) );
		$this->assertSame( 'malformed_header', $this->failure_of( self::PAYLOAD, 't=yesterday,v1=' . $this->hmac( self::PAYLOAD, self::NOW ) ) );
		$this->assertSame( 'missing_body', $this->failure_of( '', Checkout_Element_Webhook_Signature::sign( '', self::SECRET, self::NOW ) ) );
	}

	public function test_the_message_names_a_secret_with_whitespace() {
		try {
			Checkout_Element_Webhook_Signature::verify( self::PAYLOAD, Checkout_Element_Webhook_Signature::sign( self::PAYLOAD, self::SECRET, self::NOW ), self::SECRET . "\n", self::NOW );
			$this->fail( 'a secret with a trailing newline must not verify' );
		} catch ( Checkout_Element_Protocol_Error $error ) {
			$this->assertStringContainsString( 'whitespace', $error->getMessage() );
		}
	}
}
