import { expect, it } from 'vitest'

import { graphToJson, loadGraph } from '../../src/index.js'

// SAM embedded connectors are a resource attribute beside Properties (not inside them).
it('an embedded SAM connector is a may-call edge located at its Destination', async () => {
  const { graph } = await loadGraph(['test/fixtures/templates/sam-embedded-connector.yaml'])
  expect(graphToJson(graph).edges).toEqual([
    { from: 'Writer', to: 'Queue', mode: 'async', via: 'connector', kind: 'may-call', file: 'test/fixtures/templates/sam-embedded-connector.yaml', line: 10, column: 11, actions: ['Write'] },
  ])
})
