import { flagState, STAGE_TYPES, stagePath, stageSettings } from '../../src/lint/facts/observability.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'api-tracing-disabled',
  category: 'observability',
  // Advice: the API answers the same without X-Ray (see function-tracing-disabled).
  severity: 'info',
  title: 'A REST API stage does not have X-Ray tracing',
  rationale:
    'With tracing on the stage, API Gateway starts the trace that the functions and services behind it continue, so a slow request ' +
    'can be followed from the edge; without it traces start at the function and the time spent in API Gateway (authorizers, ' +
    'integration latency) is invisible. HTTP APIs do not support X-Ray and are not reported.',
  fix:
    'Set `TracingEnabled: true` on the AWS::Serverless::Api (or in SAM `Globals.Api`, which also covers the implicit ' +
    'ServerlessRestApi), on the AWS::ApiGateway::Stage, or in the deployment\'s `StageDescription`.',
  docs: 'https://docs.aws.amazon.com/xray/latest/devguide/xray-services-apigateway.html',
  equivalents: ['serverless-rules:WS2002', 'cdk-nag:Serverless-APIGWXrayEnabled', 'checkov:CKV_AWS_73'],
  messages: {
    disabled: '{{stage}} does not have X-Ray tracing enabled (TracingEnabled)',
    implicit: '{{stage}} (the REST API SAM creates for this event) does not have X-Ray tracing: set TracingEnabled in Globals.Api',
  },
  kinds: ['api'],
  types: STAGE_TYPES,
  check({ graph, node, report }) {
    const settings = stageSettings(graph, node)
    // HTTP APIs do not support X-Ray: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html
    if (!settings?.tracing || settings.flavor !== 'rest') return
    if (flagState(settings.properties, settings.tracing) !== 'off') return
    const path = stagePath(settings, settings.tracing)
    report({ ...(path ? { path } : {}), messageId: settings.resource ? 'disabled' : 'implicit', data: { stage: node.logicalId } })
  },
})
