<?php
/**
 * The exactly-once claim in MariaDB: who may run a hook, when a claim can be taken over, and what "done" means.
 *
 * @package CheckoutElement
 */

use PHPUnit\Framework\TestCase;

final class LedgerTest extends TestCase {

	const NOW = 1800000000;

	private function session_id() {
		return 'cs_test_' . bin2hex( random_bytes( 10 ) );
	}

	public function test_the_first_claim_wins_and_others_are_told_to_wait() {
		$id    = $this->session_id();
		$first = Checkout_Element_Ledger::claim( $id, 'fulfil', self::NOW );
		$this->assertSame( 'claimed', $first['outcome'] );
		$second = Checkout_Element_Ledger::claim( $id, 'fulfil', self::NOW + 5 );
		$this->assertSame( 'busy', $second['outcome'] );
		$this->assertSame( Checkout_Element_Ledger::LEASE_SECONDS - 5, $second['retry_after'] );
	}

	public function test_done_is_final() {
		$id    = $this->session_id();
		$claim = Checkout_Element_Ledger::claim( $id, 'fulfil', self::NOW );
		$this->assertTrue( Checkout_Element_Ledger::complete( $id, 'fulfil', $claim['token'], array( 'id' => $id, 'amount_total' => 2500, 'currency' => 'usd', 'customer_details' => array( 'email' => 'a@example.com' ) ), self::NOW ) );
		$this->assertSame( 'done', Checkout_Element_Ledger::claim( $id, 'fulfil', self::NOW + 1 )['outcome'] );
		// Even long after any lease.
		$this->assertSame( 'done', Checkout_Element_Ledger::claim( $id, 'fulfil', self::NOW + 100000 )['outcome'] );
		$row = Checkout_Element_Ledger::row( $id, 'fulfil' );
		$this->assertSame( 'a@example.com', $row['customer_email'] );
		$this->assertSame( '2500', $row['amount_total'] );
	}

	public function test_a_released_claim_is_taken_again_at_once() {
		$id    = $this->session_id();
		$claim = Checkout_Element_Ledger::claim( $id, 'fulfil', self::NOW );
		Checkout_Element_Ledger::release( $id, 'fulfil', $claim['token'], 'the hook failed', self::NOW );
		$again = Checkout_Element_Ledger::claim( $id, 'fulfil', self::NOW + 1 );
		$this->assertSame( 'claimed', $again['outcome'] );
		$this->assertNotSame( $claim['token'], $again['token'] );
		$this->assertSame( '2', Checkout_Element_Ledger::row( $id, 'fulfil' )['attempts'] );
	}

	public function test_a_claim_whose_lease_ran_out_is_taken_over_and_the_old_holder_cannot_finish() {
		$id      = $this->session_id();
		$crashed = Checkout_Element_Ledger::claim( $id, 'fulfil', self::NOW );
		$this->assertSame( 'busy', Checkout_Element_Ledger::claim( $id, 'fulfil', self::NOW + Checkout_Element_Ledger::LEASE_SECONDS )['outcome'] );
		$next = Checkout_Element_Ledger::claim( $id, 'fulfil', self::NOW + Checkout_Element_Ledger::LEASE_SECONDS + 1 );
		$this->assertSame( 'claimed', $next['outcome'] );
		$this->assertFalse( Checkout_Element_Ledger::complete( $id, 'fulfil', $crashed['token'], array( 'id' => $id ), self::NOW + 200 ) );
		$this->assertTrue( Checkout_Element_Ledger::complete( $id, 'fulfil', $next['token'], array( 'id' => $id ), self::NOW + 200 ) );
	}

	public function test_kinds_and_case_sensitive_ids_are_separate_claims() {
		$id = 'cs_test_' . bin2hex( random_bytes( 6 ) ) . 'abc';
		$this->assertSame( 'claimed', Checkout_Element_Ledger::claim( $id, 'fulfil', self::NOW )['outcome'] );
		$this->assertSame( 'claimed', Checkout_Element_Ledger::claim( $id, 'expired', self::NOW )['outcome'] );
		$this->assertSame( 'claimed', Checkout_Element_Ledger::claim( strtoupper( substr( $id, 0, 8 ) ) . substr( $id, 8 ), 'fulfil', self::NOW )['outcome'] );
		$this->assertSame( 'claimed', Checkout_Element_Ledger::claim( substr( $id, 0, -3 ) . 'ABC', 'fulfil', self::NOW )['outcome'] );
	}

	public function test_the_hook_runs_once_and_a_throwing_hook_is_run_again_by_the_next_attempt() {
		$id      = $this->session_id();
		$session = array( 'id' => $id, 'status' => 'complete', 'payment_status' => 'paid' );
		$runs    = 0;
		$fail    = true;
		$hook    = static function () use ( &$runs, &$fail ) {
			++$runs;
			if ( $fail ) {
				throw new RuntimeException( 'CRM down' );
			}
		};
		add_action( 'checkout_element_fulfil', $hook );
		try {
			try {
				Checkout_Element_Fulfilment::run_once( 'fulfil', $session, self::NOW );
				$this->fail( 'a throwing hook must fail the attempt' );
			} catch ( Checkout_Element_Protocol_Error $error ) {
				$this->assertSame( 'hook_failed', $error->error_code );
				$this->assertTrue( $error->retryable() );
				$this->assertStringNotContainsString( 'CRM down', $error->getMessage(), 'the hook\'s own message stays in the log' );
			}
			$this->assertSame( 'failed', Checkout_Element_Ledger::row( $id, 'fulfil' )['state'] );
			$fail = false;
			$this->assertSame( 'ran', Checkout_Element_Fulfilment::run_once( 'fulfil', $session, self::NOW + 1 )['outcome'] );
			$this->assertSame( 'done', Checkout_Element_Fulfilment::run_once( 'fulfil', $session, self::NOW + 2 )['outcome'] );
			$this->assertSame( 2, $runs );
		} finally {
			remove_action( 'checkout_element_fulfil', $hook );
		}
	}

	public function test_only_paid_complete_sessions_are_fulfilled() {
		$this->assertTrue( Checkout_Element_Fulfilment::is_paid( array( 'status' => 'complete', 'payment_status' => 'paid' ) ) );
		$this->assertTrue( Checkout_Element_Fulfilment::is_paid( array( 'status' => 'complete', 'payment_status' => 'no_payment_required' ) ) );
		$this->assertFalse( Checkout_Element_Fulfilment::is_paid( array( 'status' => 'complete', 'payment_status' => 'unpaid' ) ) );
		$this->assertFalse( Checkout_Element_Fulfilment::is_paid( array( 'status' => 'open', 'payment_status' => 'paid' ) ) );
		$this->assertFalse( Checkout_Element_Fulfilment::is_paid( array() ) );
	}
}
