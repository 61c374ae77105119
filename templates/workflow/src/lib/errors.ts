/**
 * Errors the workflow branches on. Lambda reports `error.name` as the error type, which is what the
 * state machine's Retry and Catch `ErrorEquals` match, so the names are part of the contract with
 * statemachine/order-workflow.asl.json.
 */
export class InvalidOrderError extends Error {
  override name = 'InvalidOrder'
}

export class OutOfStockError extends Error {
  override name = 'OutOfStock'
}

/** A failure worth retrying after a pause (throttling, a transaction conflict on a busy SKU). */
export class RetryableFulfilmentError extends Error {
  override name = 'RetryableFulfilmentError'
}
