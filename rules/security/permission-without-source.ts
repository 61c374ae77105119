import { isServicePrincipal } from '../../src/lint/facts/security.js'
import { defineRule } from '../../src/lint/rule.js'
import { displayText, type Value } from '../../src/template/values.js'

/** Absent for sure: not written, or `AWS::NoValue`. (A condition that may remove it is not a sure absence.) */
function absent(value: Value | undefined): boolean {
  return value === undefined || value === null
}

export default defineRule({
  id: 'permission-without-source',
  category: 'security',
  severity: 'warning',
  title: 'A Lambda permission for an AWS service does not say which resource (or account) may invoke',
  rationale:
    'A resource-based policy statement for a service principal such as sns.amazonaws.com without SourceArn or SourceAccount lets that service invoke ' +
    'the function on behalf of any resource of any account that knows its ARN (the confused deputy problem): someone else\'s topic, bucket or API ' +
    'can then send your function events it did not expect, and you pay for them.',
  fix:
    'Add SourceArn with the ARN of the topic, rule, API, bucket or log group that should invoke the function (for API Gateway ' +
    '`arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*`), and SourceAccount for S3 buckets. Where SourceArn would make a ' +
    'circular dependency (an ALB target group that must wait for the permission), SourceAccount: !Ref AWS::AccountId still keeps other accounts out. SAM events add both for you.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html',
  equivalents: ['checkov:CKV_AWS_364'],
  messages: {
    noSource: '{{permission}} lets {{principal}} invoke the function without SourceArn or SourceAccount: any resource of that service, in any account, may invoke it',
  },
  types: ['AWS::Lambda::Permission'],
  check({ node, resource, report }) {
    const properties = resource?.properties
    const principal = displayText(properties?.Principal)
    if (!properties || !principal || !isServicePrincipal(principal)) return
    // Either limits the grant to resources of one account (checkov CKV_AWS_364 agrees). An S3 SourceArn without
    // SourceAccount (bucket ARNs hold no account id) is cfn-lint W3663, which lambdawise runs: not repeated here.
    if (absent(properties.SourceArn) && absent(properties.SourceAccount)) {
      report({ path: ['Principal'], messageId: 'noSource', data: { permission: node.logicalId, principal } })
    }
  },
})
