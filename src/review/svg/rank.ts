/**
 * Layers (ranks) for the left-to-right layout: entry points in layer 0, every other node one
 * layer right of the furthest node feeding it (longest path), and data stores nothing flows out
 * of in the last layer. dagre takes these as each edge's minimum length; since every edge is
 * then exactly as long as its minimum, dagre's ranker has nothing left to improve and keeps them.
 *
 * Cycles (a queue's consumer sending back to the queue, a state machine starting itself) are
 * broken as dagre would: a depth-first search from the entry points turns edges that close a
 * loop around. Edges into an entry point are turned too, so entry points stay at the left.
 */
export interface RankInput {
  ids: readonly string[]
  entry: ReadonlySet<string>
  store: ReadonlySet<string>
  edges: readonly { from: string; to: string }[]
}

export interface Ranked {
  rank: Map<string, number>
  /** Per input edge: true when it points right to left (it is laid out turned round). */
  reversed: boolean[]
}

export function rankNodes(input: RankInput): Ranked {
  const reversed = input.edges.map((edge) => edge.from !== edge.to && input.entry.has(edge.to))
  const out = new Map<string, number[]>(input.ids.map((id) => [id, []]))
  input.edges.forEach((edge, index) => {
    if (edge.from !== edge.to && !reversed[index]) out.get(edge.from)?.push(index)
  })
  markBackEdges(input, out, reversed)

  // Longest path over the edges as oriented now (a DAG), in a stable topological order.
  const successors = new Map<string, string[]>(input.ids.map((id) => [id, []]))
  const indegree = new Map<string, number>(input.ids.map((id) => [id, 0]))
  input.edges.forEach((edge, index) => {
    if (edge.from === edge.to) return
    const [from, to] = reversed[index] ? [edge.to, edge.from] : [edge.from, edge.to]
    successors.get(from)?.push(to)
    indegree.set(to, (indegree.get(to) ?? 0) + 1)
  })
  const rank = new Map<string, number>(input.ids.map((id) => [id, 0]))
  const ready = input.ids.filter((id) => indegree.get(id) === 0)
  for (let head = 0; head < ready.length; head++) {
    const id = ready[head]!
    for (const next of successors.get(id) ?? []) {
      rank.set(next, Math.max(rank.get(next)!, rank.get(id)! + 1))
      const left = indegree.get(next)! - 1
      indegree.set(next, left)
      if (left === 0) ready.push(next)
    }
  }
  // Stores that pass nothing on go last; a store with a stream feeding a function stays in the flow.
  const last = input.ids.filter((id) => input.store.has(id) && (successors.get(id) ?? []).length === 0)
  const lastSet = new Set(last)
  let lastRank = 0
  for (const id of input.ids) if (!lastSet.has(id)) lastRank = Math.max(lastRank, rank.get(id)! + 1)
  for (const id of last) rank.set(id, lastRank)
  return { rank, reversed }
}

/** Iterative depth-first search (deep graphs must not overflow the stack); marks loop-closing edges reversed. */
function markBackEdges(input: RankInput, out: ReadonlyMap<string, number[]>, reversed: boolean[]): void {
  const state = new Map<string, 'open' | 'done'>()
  const roots = [...input.ids.filter((id) => input.entry.has(id)), ...input.ids.filter((id) => !input.entry.has(id))]
  for (const root of roots) {
    if (state.has(root)) continue
    state.set(root, 'open')
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }]
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!
      const edges = out.get(frame.id) ?? []
      if (frame.next >= edges.length) {
        state.set(frame.id, 'done')
        stack.pop()
        continue
      }
      const index = edges[frame.next++]!
      const to = input.edges[index]!.to
      const seen = state.get(to)
      if (seen === 'open') reversed[index] = true
      else if (seen === undefined) {
        state.set(to, 'open')
        stack.push({ id: to, next: 0 })
      }
    }
  }
}
