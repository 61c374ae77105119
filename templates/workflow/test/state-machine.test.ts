import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { InvalidOrderError, OutOfStockError, RetryableFulfilmentError } from '../src/lib/errors.js'

// The workflow matches errors by name: these tests keep statemachine/order-workflow.asl.json and the code in step.
interface State {
  Type: string
  Resource?: string
  Next?: string
  Default?: string
  Choices?: { Next: string }[]
  Retry?: { ErrorEquals: string[] }[]
  Catch?: { ErrorEquals: string[]; Next: string }[]
  Branches?: { StartAt: string; States: Record<string, State> }[]
}
const definition = JSON.parse(readFileSync(new URL('../statemachine/order-workflow.asl.json', import.meta.url), 'utf8')) as { StartAt: string; States: Record<string, State> }

function allStates(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => [[name, state] as [string, State], ...(state.Branches ?? []).flatMap((branch) => allStates(branch.States))])
}
const states = allStates(definition.States)
const LAMBDA_TRANSIENT = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException']

describe('order workflow definition', () => {
  it('retries the Lambda service\'s transient errors on every Lambda task', () => {
    const lambdaTasks = states.filter(([, state]) => state.Type === 'Task' && state.Resource?.startsWith('arn:aws:states:::lambda:invoke'))
    expect(lambdaTasks.map(([name]) => name)).toEqual(['ValidateOrder', 'CheckInventory', 'ScoreRisk', 'RequestApproval', 'FulfillOrder'])
    for (const [, state] of lambdaTasks) expect(state.Retry?.[0]?.ErrorEquals).toEqual(LAMBDA_TRANSIENT)
  })

  it('only names errors the code throws (or Step Functions and Lambda raise)', () => {
    const thrown = new Set([new InvalidOrderError().name, new OutOfStockError().name, new RetryableFulfilmentError().name])
    const named = states.flatMap(([, state]) => [...(state.Retry ?? []), ...(state.Catch ?? [])].flatMap((handler) => handler.ErrorEquals))
    for (const error of named) {
      if (!error.startsWith('States.') && !error.startsWith('Lambda.')) expect(thrown).toContain(error)
    }
  })

  it('sends every path to a state that exists', () => {
    const names = new Set(states.map(([name]) => name))
    const targets = states.flatMap(([, state]) => [state.Next, state.Default, ...(state.Choices ?? []).map((choice) => choice.Next), ...(state.Catch ?? []).map((handler) => handler.Next)])
    for (const target of targets.filter((next): next is string => next !== undefined)) expect(names).toContain(target)
    expect(names).toContain(definition.StartAt)
  })

  it('waits for the approval with a task token and a timeout', () => {
    const approval = definition.States.RequestApproval!
    expect(approval.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken')
    expect((approval as { TimeoutSeconds?: number }).TimeoutSeconds).toBeGreaterThan(0)
    expect(approval.Catch?.[0]).toEqual({ ErrorEquals: ['States.Timeout'], ResultPath: '$.rejection', Next: 'OrderRejected' })
  })
})
