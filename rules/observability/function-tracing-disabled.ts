import { customResourceHandlers, featureState, valuesAt, writtenPath } from '../../src/lint/facts/observability.js'
import { defineRule } from '../../src/lint/rule.js'
import { own } from '../../src/util/own.js'

/**
 * Active tracing samples incoming requests and sends segments to X-Ray; PassThrough only forwards
 * a trace header an upstream service already sampled, so most invocations are never traced.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
 */
const TRACING_MODES: Record<string, boolean> = { Active: true, PassThrough: false, Disabled: false }

export default defineRule({
  id: 'function-tracing-disabled',
  category: 'observability',
  // Advice, not a risk: nothing breaks without X-Ray, and teams may trace with OpenTelemetry or a vendor instead.
  severity: 'info',
  title: 'A Lambda function does not have active X-Ray tracing',
  rationale:
    'Without active tracing a request that crosses API Gateway, Lambda, queues and Step Functions cannot be followed end to end, ' +
    'and a slow or failing downstream call is found by reading logs. PassThrough traces only requests an upstream service already sampled.',
  fix:
    'Set `Tracing: Active` on the function (or once in SAM `Globals.Function`), or `TracingConfig: { Mode: Active }` on an ' +
    'AWS::Lambda::Function, and give the role xray:PutTraceSegments and xray:PutTelemetryRecords (AWSXRayDaemonWriteAccess).',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html',
  equivalents: ['serverless-rules:WS1000', 'cdk-nag:Serverless-LambdaTracing', 'checkov:CKV_AWS_50'],
  messages: {
    missing: '{{function}} has no active X-Ray tracing',
    mode: '{{function}} has Tracing {{mode}}: only Active samples and traces its requests',
  },
  checkTemplate({ nodes, report }) {
    let handlers: Set<string> | undefined
    for (const node of nodes) {
      const resource = node.resource
      if (node.kind !== 'function' || !resource) continue
      const path = resource.type === 'AWS::Serverless::Function' ? ['Tracing'] : ['TracingConfig', 'Mode']
      const values = valuesAt(resource.properties, path)
      if (featureState(values, (value) => (typeof value === 'string' ? own(TRACING_MODES, value) : undefined)) !== 'off') continue
      handlers ??= customResourceHandlers(nodes)
      if (handlers.has(node.logicalId)) continue
      const mode = values.find((value) => typeof value === 'string')
      const written = writtenPath(resource, path)
      report({ node, ...(written ? { path: written } : {}), messageId: typeof mode === 'string' ? 'mode' : 'missing', data: { function: node.logicalId, mode: String(mode) } })
    }
  },
})
