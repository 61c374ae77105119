/** A place in a user's file. Lines and columns are 1-based, as editors show them. */
export interface Location {
  file: string
  line: number
  column: number
}

export interface Position {
  line: number
  column: number
}

export type PathSegment = string | number
export type Path = readonly PathSegment[]

/**
 * Positions of every value of a parsed document, kept beside the plain JavaScript values
 * (rather than wrapping every value) so that the rest of the code works on ordinary objects.
 *
 * Stored flat, without an object per container or per key: a template has tens of thousands of
 * keys, and per-key objects were half of what parsing allocated (and of what garbage collection
 * then copied). Containers are numbered; each child is one slot in parallel arrays, linked to its
 * container's previous child, so a container's children are found by walking back from its last.
 * A Map, not a WeakMap: the index lives as long as its document, and weak keys make every
 * garbage collection visit them.
 */
export class PositionIndex {
  private readonly containers = new Map<object, number>()
  // Per container (by the id the Map gives it): its own line and column, and its last child's slot (-1: none).
  private readonly containerLines: number[] = []
  private readonly containerColumns: number[] = []
  private readonly lastChild: number[] = []
  // Per child slot: its key, line, column and the slot of the container's child before it (-1: none).
  private readonly childKeys: PathSegment[] = []
  private readonly childLines: number[] = []
  private readonly childColumns: number[] = []
  private readonly previousChild: number[] = []
  /** Key to slot for large containers, built at their first lookup. */
  private readonly indexes = new Map<number, Map<PathSegment, number>>()

  recordContainer(container: object, self: Position): void {
    this.containers.set(container, this.containerLines.length)
    this.containerLines.push(self.line)
    this.containerColumns.push(self.column)
    this.lastChild.push(-1)
  }

  recordChild(container: object, key: PathSegment, position: Position): void {
    this.recordChildAt(container, key, position.line, position.column)
  }

  /** recordChild without a Position object, for the readers that know the line and column. */
  recordChildAt(container: object, key: PathSegment, line: number, column: number): void {
    const id = this.containers.get(container)
    if (id === undefined) return
    const slot = this.childKeys.length
    this.childKeys.push(key)
    this.childLines.push(line)
    this.childColumns.push(column)
    this.previousChild.push(this.lastChild[id]!)
    this.lastChild[id] = slot
    if (this.indexes.size > 0) this.indexes.get(id)?.set(key, slot)
  }

  positionOf(container: object, key?: PathSegment): Position | undefined {
    const id = this.containers.get(container)
    if (id === undefined) return undefined
    if (key === undefined) return { line: this.containerLines[id]!, column: this.containerColumns[id]! }
    const slot = this.childSlot(id, key)
    return slot < 0 ? undefined : { line: this.childLines[slot]!, column: this.childColumns[slot]! }
  }

  /** The slot of a container's child; the last one recorded wins, as a later value for the key would. */
  private childSlot(id: number, key: PathSegment): number {
    const index = this.indexes.get(id)
    if (index) return index.get(key) ?? -1
    let steps = 0
    let found = -1
    for (let slot = this.lastChild[id]!; slot >= 0; slot = this.previousChild[slot]!) {
      steps++
      if (this.childKeys[slot] === key) {
        found = slot
        break
      }
    }
    // A long walk (a template's Resources): index the container for the next lookups.
    if (steps > 16) {
      const built = new Map<PathSegment, number>()
      for (let slot = this.lastChild[id]!; slot >= 0; slot = this.previousChild[slot]!) if (!built.has(this.childKeys[slot]!)) built.set(this.childKeys[slot]!, slot)
      this.indexes.set(id, built)
    }
    return found
  }

  /** The position of the deepest value on `path` that exists in `root`. */
  locate(root: unknown, path: Path): Position {
    // Slots, not Position objects, on the way down: this runs for every located edge and resource.
    const rootNumber = isObject(root) ? this.containers.get(root) : undefined
    let line = rootNumber === undefined ? 1 : this.containerLines[rootNumber]!
    let column = rootNumber === undefined ? 1 : this.containerColumns[rootNumber]!
    let current: unknown = root
    for (const segment of path) {
      if (!isObject(current)) break
      const id = this.containers.get(current)
      if (id === undefined) break
      const slot = this.childSlot(id, segment)
      if (slot < 0) break
      line = this.childLines[slot]!
      column = this.childColumns[slot]!
      current = (current as Record<PathSegment, unknown>)[segment]
    }
    return { line, column }
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}
