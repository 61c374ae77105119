import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

interface State {
  Type: string
  Resource?: string
  Retry?: { ErrorEquals: string[] }[]
  MaxConcurrency?: number
  ResultPath?: string | null
  ItemProcessor?: { States: Record<string, State> }
}
const definition = JSON.parse(readFileSync(new URL('../statemachine/job.asl.json', import.meta.url), 'utf8')) as { States: Record<string, State> }
const states: [string, State][] = Object.entries(definition.States).flatMap(([name, state]) => [[name, state] as [string, State], ...Object.entries(state.ItemProcessor?.States ?? {})])

describe('job definition', () => {
  it('retries the Lambda service\'s transient errors on every task', () => {
    const tasks = states.filter(([, state]) => state.Type === 'Task')
    expect(tasks.map(([name]) => name).sort()).toEqual(['MergeResults', 'ProcessPart', 'SplitJob'])
    for (const [, state] of tasks) expect(state.Retry?.[0]?.ErrorEquals).toContain('Lambda.TooManyRequestsException')
  })

  it('bounds the fan-out and keeps partial results out of the state', () => {
    const map = definition.States.ProcessParts!
    expect(map.Type).toBe('Map')
    expect(map.MaxConcurrency).toBeGreaterThan(0)
    expect(map.MaxConcurrency).toBeLessThanOrEqual(40)
    expect(map.ResultPath).toBeNull()
  })
})
