import { flagState, writtenPath } from '../../src/lint/facts/observability.js'
import { defineRule } from '../../src/lint/rule.js'

export default defineRule({
  id: 'state-machine-tracing-disabled',
  category: 'observability',
  // Advice: a workflow runs the same without X-Ray (see function-tracing-disabled).
  severity: 'info',
  title: 'A Step Functions state machine does not have X-Ray tracing',
  rationale:
    'A state machine is where a request fans out to functions, queues and services; without tracing its executions do not appear ' +
    'in the X-Ray service map and the time spent in each state and downstream call cannot be followed from the caller.',
  fix:
    'Set `TracingConfiguration: { Enabled: true }` on an AWS::StepFunctions::StateMachine (`Tracing: { Enabled: true }` on an ' +
    'AWS::Serverless::StateMachine) and allow the role xray:PutTraceSegments, xray:PutTelemetryRecords and xray:GetSampling*.',
  docs: 'https://docs.aws.amazon.com/step-functions/latest/dg/concepts-xray-tracing.html',
  equivalents: ['serverless-rules:WS5000', 'cdk-nag:Serverless-StepFunctionStateMachineXray', 'cdk-nag:AwsSolutions-SF2'],
  messages: {
    disabled: '{{stateMachine}} does not have X-Ray tracing enabled',
  },
  kinds: ['state-machine'],
  check({ node, resource, report }) {
    if (!resource || resource !== node.resource) return
    const path = resource.type === 'AWS::Serverless::StateMachine' ? ['Tracing', 'Enabled'] : ['TracingConfiguration', 'Enabled']
    if (flagState(resource.properties, path) !== 'off') return
    const written = writtenPath(resource, path)
    report({ ...(written ? { path: written } : {}), messageId: 'disabled', data: { stateMachine: node.logicalId } })
  },
})
