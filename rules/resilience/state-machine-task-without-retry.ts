import { definitionOf, statesOf, substitute } from '../../src/graph/extractors/step-functions.js'
import { defineRule } from '../../src/lint/rule.js'
import type { Template } from '../../src/template/template.js'
import { asArray, asMap, asNumber, asString, displayText, possibleValues, referencesIn, Unresolved, type Value } from '../../src/template/values.js'

/**
 * The errors AWS recommends every Lambda task retries: the Lambda service's own transient failures
 * (and throttling), which say nothing about the function's code.
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
const LAMBDA_TRANSIENT_ERRORS = new Set([
  'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
])
/** Names that match any error a task can raise, transient ones included. */
const CATCH_ALL_ERRORS = new Set(['States.ALL', 'States.TaskFailed'])
/**
 * Errors that retrying cannot fix (bad input paths, missing permissions): a retrier that lists only
 * these does not retry transient failures of a service integration.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
const PERMANENT_ERRORS = new Set([
  'States.Permissions', 'States.ResultPathMatchFailure', 'States.ParameterPathFailure', 'States.QueryEvaluationError',
  'States.IntrinsicFailure', 'States.DataLimitExceeded', 'States.Runtime', 'States.BranchFailed', 'States.NoChoiceMatched',
  'States.ExceedToleratedFailureThreshold', 'States.ItemReaderFailed', 'States.ResultWriterFailed',
])

const FUNCTION_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function', 'AWS::Lambda::Alias', 'AWS::Lambda::Version'])

export default defineRule({
  id: 'state-machine-task-without-retry',
  category: 'resilience',
  severity: 'warning',
  title: 'A Step Functions task calls Lambda or an AWS service without retrying transient errors',
  rationale:
    'Calls from a state machine fail now and then for reasons that have nothing to do with the input: the Lambda service ' +
    'returns ServiceException or TooManyRequestsException, an AWS API throttles. Without a Retry on the task, one such ' +
    'blip fails the whole execution (or sends it down its Catch path), and someone has to redrive it.',
  fix:
    'Add a `Retry` to the task with backoff, e.g. `ErrorEquals: [Lambda.ServiceException, Lambda.AWSLambdaException, ' +
    'Lambda.SdkClientException, Lambda.TooManyRequestsException]`, `IntervalSeconds: 1`, `MaxAttempts: 3`, `BackoffRate: 2`, ' +
    '`JitterStrategy: FULL` for Lambda tasks, and the service\'s throttling errors (or States.TaskFailed) for other integrations.',
  docs: 'https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html',
  equivalents: [],
  messages: {
    lambda: 'Task state {{state}} in {{machine}} invokes Lambda without retrying its transient errors (Lambda.ServiceException, Lambda.TooManyRequestsException, ...)',
    service: 'Task state {{state}} in {{machine}} calls {{service}} without a Retry: one throttled or failed call fails the execution',
  },
  kinds: ['state-machine'],
  check({ node, resource, template, report }) {
    if (!resource || node.resource !== resource) return
    const source = definitionOf(template, resource)
    if (!source) return
    for (const { name, state, path } of statesOf(source.definition)) {
      if (state.Type !== 'Task') continue
      const target = taskTarget(template, substitute(state.Resource, source.substitutions))
      if (!target || retriesTransientErrors(state.Retry, target === 'lambda')) continue
      report({
        ...(source.property === 'Definition' ? { path: ['Definition', ...path] } : { path: [source.property], location: source.locate(path) }),
        messageId: target === 'lambda' ? 'lambda' : 'service',
        data: { state: name, machine: node.logicalId, service: target },
      })
    }
  },
})

/**
 * What a task's `Resource` calls: `lambda` (a function ARN, or the `lambda:invoke` integration),
 * the service integration (`dynamodb:putItem`), or undefined for activities, HTTP endpoints and
 * resources that cannot be known statically.
 */
function taskTarget(template: Template, resource: Value | undefined): string | undefined {
  // Definitions built with Fn::Join/Fn::Sub write the partition as ${AWS::Partition}.
  const text = displayText(resource)?.replace(/\$\{AWS::Partition\}/g, 'aws')
  const integration = text ? /^arn:[^:]+:states:::(.+)$/.exec(text)?.[1] : undefined
  if (integration) {
    const service = integration.replace(/\.(waitForTaskToken|sync(:\d+)?)$/, '')
    if (service === 'lambda:invoke') return 'lambda'
    // A third-party HTTPS endpoint is not an AWS service; its failures are the endpoint's own.
    return service.startsWith('http:') ? undefined : service
  }
  if (text && /^arn:[^:]+:lambda:/.test(text)) return 'lambda'
  if (text && /^arn:[^:]+:states:/.test(text)) return undefined
  // `${ProcessFunction.Arn}` in a DefinitionString, or a substitution naming the function.
  const named = [...referencesIn(resource).map((reference) => reference.id), ...[...(text ?? '').matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)].map((match) => match[1]!)]
  return named.some((id) => FUNCTION_TYPES.has(template.resources.get(id)?.type ?? '')) ? 'lambda' : undefined
}

/**
 * Whether some retrier retries transient failures: for Lambda, one of the Lambda service errors or
 * a catch-all; for other services, any error that is not a permanent one (service errors are named
 * per service, `DynamoDB.ProvisionedThroughputExceededException`). A retrier with `MaxAttempts: 0`
 * retries nothing. Unknowable retriers count as retrying.
 */
function retriesTransientErrors(retry: Value | undefined, lambda: boolean): boolean {
  if (retry instanceof Unresolved) return true
  for (const candidate of asArray(retry).flatMap((entry) => possibleValues(entry))) {
    if (candidate instanceof Unresolved) return true
    const retrier = asMap(candidate)
    if (!retrier) continue
    const attempts = retrier.MaxAttempts
    if (attempts !== undefined && asNumber(attempts) === 0) continue
    const errors = asArray(retrier.ErrorEquals)
    if (errors.some((error) => typeof error !== 'string')) return true
    const names = errors.map((error) => asString(error)!)
    if (names.some((error) => CATCH_ALL_ERRORS.has(error) || (lambda ? LAMBDA_TRANSIENT_ERRORS.has(error) : !PERMANENT_ERRORS.has(error)))) return true
  }
  return false
}
