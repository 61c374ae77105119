import { STAGE_TYPES, stagePath, stageSettings, valuesAt } from '../../src/lint/facts/observability.js'
import { defineRule } from '../../src/lint/rule.js'
import { displayText } from '../../src/template/values.js'

/**
 * Whether an access log format is JSON: an object (`{ "requestId": "$context.requestId", ... }`).
 * Only the shape is judged, as `$context.*` values are written unquoted for numbers; a format whose
 * start is only known once deployed (`${Format}`) is not judged.
 */
function formatIsJson(format: string): boolean | undefined {
  let text = format.trim()
  if (/^(['"]).*\1$/s.test(text)) text = text.slice(1, -1).trim()
  if (text.startsWith('${')) return undefined
  return text.startsWith('{')
}

export default defineRule({
  id: 'api-access-log-not-json',
  category: 'observability',
  // Advice: the logs are written either way; JSON makes them queryable without parsing rules.
  severity: 'info',
  title: 'An API Gateway access log format is not JSON',
  rationale:
    'CloudWatch Logs Insights discovers the fields of JSON log lines by itself, so JSON access logs can be filtered and aggregated ' +
    '(status, latency, route, caller) with no parse expression; CLF, CSV or XML lines need a pattern in every query, which breaks ' +
    'when the format changes.',
  fix:
    'Write the `Format` as a JSON object of `$context` variables, e.g. `{"requestId":"$context.requestId","status":"$context.status",' +
    '"routeKey":"$context.routeKey","latency":"$context.responseLatency"}`.',
  docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
  equivalents: ['serverless-rules:WS2001', 'cdk-nag:Serverless-APIGWStructuredLogging'],
  messages: {
    notJson: '{{stage}} writes access logs in a format that is not JSON',
    implicit: '{{stage}} (the API SAM creates for this event) writes access logs, as set in Globals, in a format that is not JSON',
  },
  kinds: ['api'],
  types: STAGE_TYPES,
  check({ graph, node, report }) {
    const settings = stageSettings(graph, node)
    if (!settings) return
    const formatPath = [...settings.accessLog, 'Format']
    // Every known format a deployment may use is judged; one that is not JSON is enough.
    const notJson = valuesAt(settings.properties, formatPath).some((format) => {
      const text = displayText(format ?? undefined)
      return text !== undefined && typeof format !== 'number' && typeof format !== 'boolean' && formatIsJson(text) === false
    })
    if (!notJson) return
    const path = stagePath(settings, formatPath)
    report({ ...(path ? { path } : {}), messageId: settings.resource ? 'notJson' : 'implicit', data: { stage: node.logicalId } })
  },
})
