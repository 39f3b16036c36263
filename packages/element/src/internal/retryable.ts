/**
 * Whether asking a companion server again can succeed: its error body's `retryable` decides; a server that does not
 * send it is judged by status (429 and 5xx can, other 4xx cannot). The protocol's `isRetryable`, restated here because
 * the element imports `@checkout-element/protocol` as types only (no runtime bytes); a unit test holds the two equal.
 */
export function isRetryable(status: number, retryable: unknown): boolean {
  return typeof retryable === 'boolean' ? retryable : status === 429 || status >= 500;
}
