// OrderFulfilled (OrderEventsBus rule target): emails the customer their tracking details.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import type { EventBridgeEvent } from 'aws-lambda'

const ses = new SESv2Client({})
const senderEmailAddress = required(process.env.SENDER_EMAIL_ADDRESS, 'SENDER_EMAIL_ADDRESS')

interface OrderFulfilledDetail {
  orderId: string
  customerEmail: string
  trackingNumber: string
  carrier: string
}

export const handler = async (event: EventBridgeEvent<'OrderFulfilled', OrderFulfilledDetail>): Promise<void> => {
  const { orderId, customerEmail, trackingNumber, carrier } = event.detail
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: senderEmailAddress,
      Destination: { ToAddresses: [customerEmail] },
      Content: {
        Simple: {
          Subject: { Data: `Your order ${orderId.slice(0, 8)} is on its way` },
          Body: {
            Text: {
              Data: [
                'Good news: your order has shipped.',
                '',
                `Carrier: ${carrier}`,
                `Tracking number: ${trackingNumber}`,
                '',
                `Order reference: ${orderId}`,
              ].join('\n'),
            },
          },
        },
      },
      // EventBridge may deliver an event more than once; the event id lets us trace duplicates.
      EmailTags: [{ Name: 'eventId', Value: event.id }],
    }),
  )
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`Environment variable ${name} is not set`)
  return value
}
