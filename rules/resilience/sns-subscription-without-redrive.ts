import { isConfigured } from '../../src/lint/facts/resilience.js'
import { defineRule } from '../../src/lint/rule.js'
import { asArray, asMap, asString, type ValueMap } from '../../src/template/values.js'

/**
 * Notifications to people: SNS hands them to the mail or SMS system, and a dead-letter queue of
 * undelivered alerts is not what anyone acts on. https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
 */
const PERSON_PROTOCOLS = new Set(['email', 'email-json', 'sms'])

function forPeople(subscription: ValueMap): boolean {
  return PERSON_PROTOCOLS.has(asString(subscription.Protocol)?.toLowerCase() ?? '')
}

export default defineRule({
  id: 'sns-subscription-without-redrive',
  category: 'resilience',
  severity: 'warning',
  title: 'An SNS subscription has no redrive policy (dead-letter queue)',
  rationale:
    'When SNS cannot deliver a message to a subscriber (the function or queue is deleted, a queue or key policy denies SNS, the HTTP endpoint is down) it retries ' +
    'per its delivery policy and then discards the message. A redrive policy keeps undeliverable messages in an SQS dead-letter queue instead, where they can be ' +
    'alarmed on and redriven.',
  fix:
    'Give the subscription a RedrivePolicy with deadLetterTargetArn naming an SQS queue whose policy lets SNS send to it (AWS::SNS::Subscription, or the SAM SNS ' +
    'event\'s RedrivePolicy). Subscriptions written inline in a topic\'s Subscription list cannot have one: declare them as AWS::SNS::Subscription resources.',
  docs: 'https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html',
  equivalents: ['serverless-rules:ES7000', 'cdk-nag:Serverless-SNSRedrivePolicy'],
  messages: {
    subscription: 'SNS subscription {{subscription}} has no RedrivePolicy: messages SNS cannot deliver are discarded',
    samEvent: 'SNS event {{event}} of {{function}} has no RedrivePolicy: messages SNS cannot deliver to it are discarded',
    inline: 'The inline {{protocol}} subscription of {{topic}} cannot have a RedrivePolicy: messages SNS cannot deliver are discarded (declare an AWS::SNS::Subscription)',
  },
  kinds: ['subscription', 'topic', 'function'],
  check({ node, resource, report }) {
    if (!resource || resource.id !== node.logicalId) return
    const properties = resource.properties
    if (node.type === 'AWS::SNS::Subscription') {
      if (!isConfigured(properties.RedrivePolicy) && !forPeople(properties)) report({ messageId: 'subscription', data: { subscription: node.logicalId } })
    } else if (node.type === 'AWS::SNS::Topic') {
      asArray(properties.Subscription).forEach((entry, index) => {
        const subscription = asMap(entry)
        if (subscription && !forPeople(subscription)) report({ path: ['Subscription', index], messageId: 'inline', data: { protocol: asString(subscription.Protocol) ?? '', topic: node.logicalId } })
      })
    } else if (node.type === 'AWS::Serverless::Function') {
      for (const [name, definition] of Object.entries(asMap(properties.Events) ?? {})) {
        const event = asMap(definition)
        if (asString(event?.Type) !== 'SNS') continue
        if (!isConfigured(asMap(event?.Properties)?.RedrivePolicy)) report({ path: ['Events', name], messageId: 'samEvent', data: { event: name, function: node.logicalId } })
      }
    }
  },
})
