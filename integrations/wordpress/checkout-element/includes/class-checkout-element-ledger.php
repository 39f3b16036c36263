<?php
/**
 * The exactly-once ledger in the WordPress database.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * One row per (session, kind of hook): `fulfil` for a paid session, `expired`, `payment_failed`. The primary key
 * makes the claim atomic across PHP workers and web servers sharing the database: a worker takes a row with one
 * `INSERT … ON DUPLICATE KEY UPDATE` that succeeds only if the row is new, was released after a failure, or its
 * holder's lease ran out (a crashed request). Only the holder of the claim runs the hook and marks the row done.
 */
class Checkout_Element_Ledger {

	/** Schema version; migrations below run in order up to it. */
	const SCHEMA_VERSION = 1;

	/** Option holding the installed schema version. */
	const VERSION_OPTION = 'checkout_element_schema_version';

	/** Seconds a claim is held before another request may take over (longer than any fulfilment hook). */
	const LEASE_SECONDS = 120;

	/**
	 * The table's name with the site's prefix.
	 *
	 * @return string
	 */
	public static function table() {
		global $wpdb;
		return $wpdb->prefix . 'checkout_element_ledger';
	}

	/**
	 * Creates or upgrades the table (activation, and on load when the schema is older than the code).
	 *
	 * @throws Checkout_Element_Protocol_Error When the database refuses.
	 */
	public static function migrate() {
		global $wpdb;
		$installed = (int) get_option( self::VERSION_OPTION, 0 );
		if ( $installed >= self::SCHEMA_VERSION ) {
			return;
		}
		$table      = self::table();
		$charset    = $wpdb->get_charset_collate();
		$migrations = array(
			// Session ids are case-sensitive ASCII: a binary collation keeps cs_…A and cs_…a apart.
			1 => "CREATE TABLE IF NOT EXISTS `{$table}` (
				session_id varchar(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
				kind varchar(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
				state varchar(10) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
				claim_token char(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
				lease_until bigint(20) unsigned NOT NULL DEFAULT 0,
				attempts int(10) unsigned NOT NULL DEFAULT 0,
				livemode tinyint(1) NOT NULL DEFAULT 0,
				customer_email varchar(512) NULL,
				amount_total bigint(20) NULL,
				currency varchar(3) NULL,
				client_reference_id varchar(200) NULL,
				line_items longtext NULL,
				last_error text NULL,
				created_at datetime NOT NULL,
				updated_at datetime NOT NULL,
				done_at datetime NULL,
				PRIMARY KEY  (session_id, kind),
				KEY kind_state_done (kind, state, done_at)
			) {$charset}",
		);
		foreach ( $migrations as $version => $sql ) {
			if ( $version <= $installed ) {
				continue;
			}
			self::query( $sql );
			update_option( self::VERSION_OPTION, $version );
		}
	}

	/**
	 * Drops the table (uninstall, only when the owner ticked "remove orders").
	 */
	public static function drop() {
		global $wpdb;
		$table = self::table();
		$wpdb->query( "DROP TABLE IF EXISTS `{$table}`" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the table name is ours.
		delete_option( self::VERSION_OPTION );
	}

	/**
	 * Tries to take the claim on running `$kind`'s hook for a session.
	 *
	 * @param string $session_id `cs_…`.
	 * @param string $kind       fulfil, expired or payment_failed.
	 * @param int    $now        Unix seconds.
	 * @return array{outcome: string, token?: string, retry_after?: int} `claimed` (with the token to finish with),
	 *         `done` (the hook already ran) or `busy` (another request holds it; `retry_after` seconds).
	 * @throws Checkout_Element_Protocol_Error `ledger_unavailable` when the database fails.
	 */
	public static function claim( $session_id, $kind, $now ) {
		global $wpdb;
		$table = self::table();
		$token = bin2hex( random_bytes( 16 ) );
		$stamp = gmdate( 'Y-m-d H:i:s', $now );
		// MariaDB/MySQL evaluate the assignments left to right: the first decides, the others follow the token.
		self::query(
			$wpdb->prepare(
				"INSERT INTO `{$table}` (session_id, kind, state, claim_token, lease_until, attempts, created_at, updated_at)
				VALUES (%s, %s, 'claimed', %s, %d, 1, %s, %s)
				ON DUPLICATE KEY UPDATE
					claim_token = IF(state <> 'done' AND (state = 'failed' OR lease_until < %d), VALUES(claim_token), claim_token),
					state = IF(claim_token = VALUES(claim_token), 'claimed', state),
					lease_until = IF(claim_token = VALUES(claim_token), VALUES(lease_until), lease_until),
					attempts = IF(claim_token = VALUES(claim_token), attempts + 1, attempts),
					updated_at = IF(claim_token = VALUES(claim_token), VALUES(updated_at), updated_at)",
				$session_id,
				$kind,
				$token,
				$now + self::LEASE_SECONDS,
				$stamp,
				$stamp,
				$now
			)
		);
		$row = self::row( $session_id, $kind );
		if ( null !== $row && hash_equals( $row['claim_token'], $token ) && 'claimed' === $row['state'] ) {
			return array(
				'outcome' => 'claimed',
				'token'   => $token,
			);
		}
		if ( null !== $row && 'done' === $row['state'] ) {
			return array( 'outcome' => 'done' );
		}
		return array(
			'outcome'     => 'busy',
			'retry_after' => null === $row ? 1 : max( 1, (int) $row['lease_until'] - $now ),
		);
	}

	/**
	 * Marks the hook done, with the order's summary; only the holder of the claim can.
	 *
	 * @param string               $session_id `cs_…`.
	 * @param string               $kind       As claimed.
	 * @param string               $token      From claim().
	 * @param array<string, mixed> $session    The Stripe session the hook ran with.
	 * @param int                  $now        Unix seconds.
	 * @return bool False when the claim was lost (its lease ran out and another request took it).
	 * @throws Checkout_Element_Protocol_Error `ledger_unavailable` when the database fails.
	 */
	public static function complete( $session_id, $kind, $token, array $session, $now ) {
		global $wpdb;
		$table      = self::table();
		$stamp      = gmdate( 'Y-m-d H:i:s', $now );
		$line_items = array();
		if ( isset( $session['line_items']['data'] ) && is_array( $session['line_items']['data'] ) ) {
			foreach ( $session['line_items']['data'] as $item ) {
				$line_items[] = array(
					'price'       => isset( $item['price']['id'] ) ? $item['price']['id'] : null,
					'description' => isset( $item['description'] ) ? $item['description'] : null,
					'quantity'    => isset( $item['quantity'] ) ? $item['quantity'] : null,
					'amountTotal' => isset( $item['amount_total'] ) ? $item['amount_total'] : null,
				);
			}
		}
		$email = null;
		if ( isset( $session['customer_details']['email'] ) && is_string( $session['customer_details']['email'] ) ) {
			$email = $session['customer_details']['email'];
		} elseif ( isset( $session['customer_email'] ) && is_string( $session['customer_email'] ) ) {
			$email = $session['customer_email'];
		}
		// wpdb::update() writes PHP nulls as SQL NULL (prepare() would turn them into '').
		$changed = self::guard(
			static function () use ( $wpdb, $table, $stamp, $session, $email, $line_items, $session_id, $kind, $token ) {
				return $wpdb->update(
					$table,
					array(
						'state'               => 'done',
						'done_at'             => $stamp,
						'updated_at'          => $stamp,
						'livemode'            => ! empty( $session['livemode'] ) ? 1 : 0,
						'customer_email'      => $email,
						'amount_total'        => isset( $session['amount_total'] ) && is_int( $session['amount_total'] ) ? $session['amount_total'] : null,
						'currency'            => isset( $session['currency'] ) && is_string( $session['currency'] ) ? $session['currency'] : null,
						'client_reference_id' => isset( $session['client_reference_id'] ) && is_string( $session['client_reference_id'] ) ? $session['client_reference_id'] : null,
						'line_items'          => wp_json_encode( $line_items ),
						'last_error'          => null,
					),
					array(
						'session_id'  => $session_id,
						'kind'        => $kind,
						'claim_token' => $token,
						'state'       => 'claimed',
					),
					array( '%s', '%s', '%s', '%d', '%s', '%d', '%s', '%s', '%s', '%s' ),
					array( '%s', '%s', '%s', '%s' )
				);
			}
		);
		return 1 === $changed;
	}

	/**
	 * Gives the claim back after the hook failed, so the next delivery runs it again.
	 *
	 * @param string $session_id `cs_…`.
	 * @param string $kind       As claimed.
	 * @param string $token      From claim().
	 * @param string $error      What failed (no secrets).
	 * @param int    $now        Unix seconds.
	 * @throws Checkout_Element_Protocol_Error `ledger_unavailable` when the database fails.
	 */
	public static function release( $session_id, $kind, $token, $error, $now ) {
		global $wpdb;
		$table = self::table();
		self::query(
			$wpdb->prepare(
				"UPDATE `{$table}` SET state = 'failed', last_error = %s, updated_at = %s WHERE session_id = %s AND kind = %s AND claim_token = %s",
				substr( $error, 0, 2000 ),
				gmdate( 'Y-m-d H:i:s', $now ),
				$session_id,
				$kind,
				$token
			)
		);
	}

	/**
	 * The ledger row of a hook, if any.
	 *
	 * @param string $session_id `cs_…`.
	 * @param string $kind       fulfil, expired or payment_failed.
	 * @return array<string, string>|null
	 * @throws Checkout_Element_Protocol_Error `ledger_unavailable` when the database fails.
	 */
	public static function row( $session_id, $kind ) {
		global $wpdb;
		$table = self::table();
		$rows  = self::results( $wpdb->prepare( "SELECT * FROM `{$table}` WHERE session_id = %s AND kind = %s", $session_id, $kind ) );
		return array() === $rows ? null : $rows[0];
	}

	/**
	 * Paid orders, newest first (the Orders screen).
	 *
	 * @param int $limit  Rows per page.
	 * @param int $offset Rows to skip.
	 * @return array<int, array<string, string>>
	 * @throws Checkout_Element_Protocol_Error `ledger_unavailable` when the database fails.
	 */
	public static function orders( $limit, $offset ) {
		global $wpdb;
		$table = self::table();
		return self::results( $wpdb->prepare( "SELECT * FROM `{$table}` WHERE kind = 'fulfil' AND state = 'done' ORDER BY done_at DESC, session_id ASC LIMIT %d OFFSET %d", $limit, $offset ) );
	}

	/**
	 * How many paid orders there are.
	 *
	 * @return int
	 * @throws Checkout_Element_Protocol_Error `ledger_unavailable` when the database fails.
	 */
	public static function order_count() {
		$table = self::table();
		$rows  = self::results( "SELECT COUNT(*) AS n FROM `{$table}` WHERE kind = 'fulfil' AND state = 'done'" );
		return isset( $rows[0]['n'] ) ? (int) $rows[0]['n'] : 0;
	}

	/**
	 * Runs a statement without letting wpdb print its error into the page (WP_DEBUG turns that on).
	 *
	 * @param string $sql A prepared statement.
	 * @return int Rows affected.
	 * @throws Checkout_Element_Protocol_Error `ledger_unavailable` when the database fails.
	 */
	private static function query( $sql ) {
		global $wpdb;
		return self::guard(
			static function () use ( $wpdb, $sql ) {
				return $wpdb->query( $sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the callers.
			}
		);
	}

	/**
	 * Runs a wpdb write with its error display off, turning a failure into `ledger_unavailable`.
	 *
	 * @param callable $write Returns what wpdb returned (rows affected or false).
	 * @return int Rows affected.
	 * @throws Checkout_Element_Protocol_Error `ledger_unavailable` when the database fails.
	 */
	private static function guard( callable $write ) {
		global $wpdb;
		$suppressed       = $wpdb->suppress_errors( true );
		$wpdb->last_error = '';
		$result           = $write();
		$error            = $wpdb->last_error;
		$wpdb->suppress_errors( $suppressed );
		if ( false === $result || '' !== $error ) {
			self::unavailable( '' === $error ? 'the query failed' : $error );
		}
		return (int) $result;
	}

	/**
	 * Runs a SELECT the same way.
	 *
	 * @param string $sql A prepared statement.
	 * @return array<int, array<string, string>>
	 * @throws Checkout_Element_Protocol_Error `ledger_unavailable` when the database fails.
	 */
	private static function results( $sql ) {
		global $wpdb;
		$suppressed       = $wpdb->suppress_errors( true );
		$wpdb->last_error = '';
		$rows             = $wpdb->get_results( $sql, ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the callers.
		$error            = $wpdb->last_error;
		$wpdb->suppress_errors( $suppressed );
		if ( '' !== $error || ! is_array( $rows ) ) {
			self::unavailable( $error );
		}
		return $rows;
	}

	/**
	 * Logs a database failure (for the owner's error log) and answers 503.
	 *
	 * @param string $error The database's message.
	 * @throws Checkout_Element_Protocol_Error Always.
	 */
	private static function unavailable( $error ) {
		Checkout_Element_Log::error( 'The checkout ledger table could not be read or written: ' . $error );
		throw new Checkout_Element_Protocol_Error( 'ledger_unavailable', __( 'The shop\'s database is unavailable right now; try again in a moment.', 'checkout-element' ) );
	}
}
