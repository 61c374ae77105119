import { defineRule } from '../../src/lint/rule.js'
import { asMap, possibleValues } from '../../src/template/values.js'

export default defineRule({
  id: 'function-url-without-auth',
  category: 'security',
  severity: 'warning',
  title: 'A Lambda function URL has AuthType NONE: anyone on the internet can invoke the function',
  rationale:
    'A function URL with AuthType NONE is a public HTTPS endpoint: every request reaches the code, with no authentication, throttling per client, ' +
    'WAF or request validation in front of it. Anyone who finds the URL can run the function and run up its cost, up to the account concurrency.',
  fix:
    'Use AuthType AWS_IAM and sign requests with SigV4 (from a backend, or from CloudFront with origin access control). If the URL must be public ' +
    '(a webhook), verify a signature or token in the code and set reserved concurrency; for a public API with authentication, use API Gateway.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
  equivalents: ['checkov:CKV_AWS_258'],
  messages: {
    public: '{{url}} has AuthType NONE: the function is invoked by any unauthenticated request',
  },
  types: ['AWS::Lambda::Url'],
  check({ node, resource, report }) {
    // A SAM FunctionUrlConfig has no resource of its own: its settings are on the function.
    const path = node.createdBy ? ['FunctionUrlConfig', 'AuthType'] : ['AuthType']
    const config = node.createdBy ? asMap(resource?.properties.FunctionUrlConfig) : resource?.properties
    if (possibleValues(config?.AuthType).some((value) => value === 'NONE')) {
      report({ path, messageId: 'public', data: { url: node.createdBy ? `${node.createdBy} FunctionUrlConfig` : node.logicalId } })
    }
  },
})
