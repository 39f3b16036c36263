/** `<stripe-checkout-status>`'s English strings (see en.ts): the return page ships only these. */
export const enStatus = {
  statusLoading: 'Checking your payment…',
  statusPaid: 'Payment successful. Thank you!',
  /** Setup mode: nothing was charged. */
  statusSaved: 'Your card was saved. Nothing was charged.',
  /** `{items}` is `Intl`'s list of the subscribed products ("Gold and Extra seats"). */
  statusSubscribed: 'Your subscription to {items} has started.',
  statusSubscribedPlain: 'Your subscription has started.',
  statusProcessing: 'Your payment is processing.',
  statusEmailLater: 'We will email you when it is confirmed.',
  statusNotCompleted: 'Your payment was not completed.',
  statusExpired: 'This checkout session expired.',
  statusTotal: 'Total {amount}.',
  statusReceipt: 'A receipt goes to {email}.',
  returnToCheckout: 'Return to checkout',
  statusFailed: 'We could not check your payment.',
  statusFailedCode: 'We could not check your payment (error {status}).',
  refreshToRetry: 'Refresh the page to try again.',
};
