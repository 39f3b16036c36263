<?php
/**
 * The Orders screen.
 *
 * @package CheckoutElement
 */

defined( 'ABSPATH' ) || exit;

/**
 * Lists each paid session once, from the ledger (a row exists only after the fulfilment hook ran).
 */
class Checkout_Element_Admin_Orders {

	/** The page slug. */
	const SLUG = 'checkout-element-orders';

	/** Rows per page. */
	const PER_PAGE = 20;

	/**
	 * Hooks the page.
	 */
	public static function register() {
		add_action( 'admin_menu', array( __CLASS__, 'menu' ) );
	}

	/**
	 * Adds the "Checkout orders" menu.
	 */
	public static function menu() {
		add_menu_page(
			__( 'Checkout orders', 'checkout-element' ),
			__( 'Checkout orders', 'checkout-element' ),
			'manage_options',
			self::SLUG,
			array( __CLASS__, 'page' ),
			'dashicons-cart',
			56
		);
	}

	/**
	 * Renders the list.
	 */
	public static function page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to see the orders.', 'checkout-element' ), 403 );
		}
		$page = isset( $_GET['paged'] ) ? max( 1, absint( $_GET['paged'] ) ) : 1; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a page number, read only.
		echo '<div class="wrap"><h1>' . esc_html__( 'Checkout orders', 'checkout-element' ) . '</h1>';
		try {
			$total  = Checkout_Element_Ledger::order_count();
			$orders = Checkout_Element_Ledger::orders( self::PER_PAGE, ( $page - 1 ) * self::PER_PAGE );
		} catch ( Checkout_Element_Protocol_Error $error ) {
			printf( '<div class="notice notice-error"><p>%s</p></div></div>', esc_html( $error->getMessage() ) );
			return;
		}
		/* translators: %d: number of orders. */
		echo '<p>' . esc_html( sprintf( _n( '%d paid order. Each paid Checkout Session appears once, after the checkout_element_fulfil hook ran for it.', '%d paid orders. Each paid Checkout Session appears once, after the checkout_element_fulfil hook ran for it.', $total, 'checkout-element' ), $total ) ) . '</p>';
		?>
		<table class="wp-list-table widefat fixed striped checkout-element-orders">
			<thead>
				<tr>
					<th scope="col"><?php esc_html_e( 'Paid', 'checkout-element' ); ?></th>
					<th scope="col"><?php esc_html_e( 'Customer', 'checkout-element' ); ?></th>
					<th scope="col"><?php esc_html_e( 'Items', 'checkout-element' ); ?></th>
					<th scope="col"><?php esc_html_e( 'Total', 'checkout-element' ); ?></th>
					<th scope="col"><?php esc_html_e( 'Checkout Session', 'checkout-element' ); ?></th>
				</tr>
			</thead>
			<tbody>
			<?php if ( array() === $orders ) : ?>
				<tr><td colspan="5"><?php esc_html_e( 'No paid orders yet.', 'checkout-element' ); ?></td></tr>
			<?php endif; ?>
			<?php foreach ( $orders as $order ) : ?>
				<?php
				$items = json_decode( (string) $order['line_items'], true );
				$lines = array();
				foreach ( is_array( $items ) ? $items : array() as $item ) {
					$lines[] = ( isset( $item['description'] ) ? $item['description'] : ( isset( $item['price'] ) ? $item['price'] : '?' ) ) . ' × ' . ( isset( $item['quantity'] ) ? (int) $item['quantity'] : 1 );
				}
				$dashboard = sprintf( 'https://dashboard.stripe.com/%scheckout/sessions/%s', $order['livemode'] ? '' : 'test/', rawurlencode( $order['session_id'] ) );
				?>
				<tr data-session-id="<?php echo esc_attr( $order['session_id'] ); ?>">
					<td><?php echo esc_html( get_date_from_gmt( (string) $order['done_at'], get_option( 'date_format' ) . ' ' . get_option( 'time_format' ) ) ); ?></td>
					<td><?php echo esc_html( null !== $order['customer_email'] ? $order['customer_email'] : '—' ); ?></td>
					<td><?php echo esc_html( implode( ', ', $lines ) ); ?></td>
					<td><?php echo esc_html( null === $order['amount_total'] ? '—' : Checkout_Element_Render::format_amount( (int) $order['amount_total'], (string) $order['currency'] ) ); ?></td>
					<td><a href="<?php echo esc_url( $dashboard ); ?>" title="<?php echo esc_attr( $order['session_id'] ); ?>"><code><?php echo esc_html( strlen( $order['session_id'] ) > 24 ? substr( $order['session_id'], 0, 14 ) . '…' . substr( $order['session_id'], -6 ) : $order['session_id'] ); ?></code></a><?php echo $order['livemode'] ? '' : ' <span class="description">' . esc_html__( '(test)', 'checkout-element' ) . '</span>'; ?></td>
				</tr>
			<?php endforeach; ?>
			</tbody>
		</table>
		<?php
		$pages = (int) ceil( $total / self::PER_PAGE );
		if ( $pages > 1 ) {
			echo '<div class="tablenav"><div class="tablenav-pages">';
			echo wp_kses_post(
				paginate_links(
					array(
						'base'    => add_query_arg( 'paged', '%#%' ),
						'format'  => '',
						'current' => $page,
						'total'   => $pages,
					)
				)
			);
			echo '</div></div>';
		}
		echo '</div>';
	}
}
