import { featureState, STAGE_TYPES, stagePath, stageSettings, valuesAt } from '../../src/lint/facts/observability.js'
import { defineRule } from '../../src/lint/rule.js'
import { isValueMap, type Value } from '../../src/template/values.js'

const FLAVOR = { rest: 'REST', http: 'HTTP', websocket: 'WebSocket' } as const

export default defineRule({
  id: 'api-access-logging-missing',
  category: 'observability',
  severity: 'warning',
  title: 'An API Gateway stage does not write access logs',
  rationale:
    'Access logs are the only record of requests API Gateway answers itself: throttled (429), rejected by an authorizer or a ' +
    'usage plan (401/403), or timed out waiting for the integration (504). Function logs never see these, so without access logs ' +
    'an outage at the edge leaves no trace of who was affected.',
  fix:
    'Set `AccessLogSetting` (REST: AWS::Serverless::Api, AWS::ApiGateway::Stage) or `AccessLogSettings` (HTTP and WebSocket: ' +
    'AWS::Serverless::HttpApi, AWS::ApiGatewayV2::Stage) with a `DestinationArn` (a log group with a retention) and a JSON ' +
    '`Format`. For the APIs SAM creates from function events, set it in `Globals.Api` / `Globals.HttpApi`.',
  docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
  equivalents: ['serverless-rules:ES2000', 'cdk-nag:Serverless-APIGWAccessLogging', 'cdk-nag:AwsSolutions-APIG1', 'checkov:CKV_AWS_76'],
  messages: {
    missing: '{{stage}} ({{flavor}} API) has no access logging',
    noDestination: '{{stage}} ({{flavor}} API) has access log settings without a DestinationArn, so nothing is logged',
    implicit: '{{stage}} (the {{flavor}} API SAM creates for this event) has no access logging: set {{property}} in Globals.{{globals}}',
  },
  kinds: ['api'],
  types: STAGE_TYPES,
  check({ graph, node, report }) {
    const settings = stageSettings(graph, node)
    if (!settings) return
    // Logging is on when some deployment gives a DestinationArn; settings that are unknowable are not judged.
    const hasDestination = (value: Value) => (isValueMap(value) ? valuesAt(value, ['DestinationArn']).some((arn) => arn !== undefined && arn !== null) : undefined)
    if (featureState(valuesAt(settings.properties, settings.accessLog), hasDestination) !== 'off') return
    const data = { stage: node.logicalId, flavor: FLAVOR[settings.flavor], property: settings.accessLog.at(-1)!, globals: settings.flavor === 'rest' ? 'Api' : 'HttpApi' }
    if (!settings.resource) {
      report({ messageId: 'implicit', data })
      return
    }
    const path = stagePath(settings, settings.accessLog)
    const written = path?.length === settings.accessLog.length
    report({ ...(path ? { path } : {}), messageId: written ? 'noDestination' : 'missing', data })
  },
})
