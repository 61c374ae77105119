// Fulfillment step: charges the customer. The order id is the idempotency key, so a retried
// task never charges twice. PaymentDeclinedError ends the workflow in PaymentDeclined.
import type { Handler } from 'aws-lambda'

const paymentApiUrl = required(process.env.PAYMENT_API_URL, 'PAYMENT_API_URL')

interface ChargePaymentInput {
  orderId: string
  customerId: string
  amountCents: number
  currency: string
}

interface ChargePaymentOutput {
  chargeId: string
}

class PaymentDeclinedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PaymentDeclinedError'
  }
}

class PaymentProviderUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PaymentProviderUnavailableError'
  }
}

export const handler: Handler<ChargePaymentInput, ChargePaymentOutput> = async (input) => {
  const response = await fetch(new URL('/charges', paymentApiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `charge-${input.orderId}` },
    body: JSON.stringify({
      customer: input.customerId,
      amount: input.amountCents,
      currency: input.currency.toLowerCase(),
      metadata: { orderId: input.orderId },
    }),
    signal: AbortSignal.timeout(10_000),
  })

  if (response.status === 402) {
    const { declineCode = 'unknown' } = (await response.json()) as { declineCode?: string }
    throw new PaymentDeclinedError(`Charge declined: ${declineCode}`)
  }
  if (response.status === 429 || response.status >= 500) {
    throw new PaymentProviderUnavailableError(`Payment provider answered ${response.status}`)
  }
  if (!response.ok) throw new Error(`Payment provider rejected the charge: ${response.status}`)

  const charge = (await response.json()) as { id: string }
  return { chargeId: charge.id }
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`Environment variable ${name} is not set`)
  return value
}
