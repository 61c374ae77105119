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
 * What is known of one container: its own position and its children's, in the order they were
 * recorded. Children's lines and columns sit in one array of small integers rather than one
 * object each: a template has tens of thousands of keys, and this is half of what parsing allocates.
 */
class ContainerPositions {
  /** The children's keys in recording order; null while they are 0, 1, 2... (a sequence read in order). */
  private keys: PathSegment[] | null = null
  /** Line and column of each child, two numbers per child. */
  private readonly spots: number[] = []
  /** Key to child number, built at the first lookup in a large container. */
  private index: Map<PathSegment, number> | undefined

  constructor(readonly line: number, readonly column: number) {}

  add(key: PathSegment, line: number, column: number): void {
    const child = this.spots.length / 2
    if (this.keys === null && key !== child) this.keys = Array.from({ length: child }, (_, at) => at)
    this.keys?.push(key)
    this.index?.set(key, child)
    this.spots.push(line, column)
  }

  childPosition(key: PathSegment): Position | undefined {
    const child = this.childNumber(key)
    return child === undefined ? undefined : { line: this.spots[2 * child]!, column: this.spots[2 * child + 1]! }
  }

  private childNumber(key: PathSegment): number | undefined {
    const keys = this.keys
    if (keys === null) return typeof key === 'number' && key < this.spots.length / 2 ? key : undefined
    if (keys.length <= 8) {
      // The last one recorded wins, as a later value for the same key would.
      const child = keys.lastIndexOf(key)
      return child < 0 ? undefined : child
    }
    if (!this.index) {
      this.index = new Map()
      keys.forEach((name, child) => this.index!.set(name, child))
    }
    return this.index.get(key)
  }
}

/**
 * Positions of every value of a parsed document, kept beside the plain JavaScript values
 * (rather than wrapping every value) so that the rest of the code works on ordinary objects.
 * A Map, not a WeakMap: the index lives as long as its document, and weak keys make every
 * garbage collection visit them.
 */
export class PositionIndex {
  private readonly containers = new Map<object, ContainerPositions>()

  recordContainer(container: object, self: Position): void {
    this.containers.set(container, new ContainerPositions(self.line, self.column))
  }

  recordChild(container: object, key: PathSegment, position: Position): void {
    this.containers.get(container)?.add(key, position.line, position.column)
  }

  /** recordChild without a Position object, for the readers that know the line and column. */
  recordChildAt(container: object, key: PathSegment, line: number, column: number): void {
    this.containers.get(container)?.add(key, line, column)
  }

  positionOf(container: object, key?: PathSegment): Position | undefined {
    const entry = this.containers.get(container)
    if (!entry) return undefined
    if (key === undefined) return { line: entry.line, column: entry.column }
    return entry.childPosition(key)
  }

  /** The position of the deepest value on `path` that exists in `root`. */
  locate(root: unknown, path: Path): Position {
    let current: unknown = root
    let best: Position = (isObject(root) && this.positionOf(root)) || { line: 1, column: 1 }
    for (const segment of path) {
      if (!isObject(current)) break
      const position = this.positionOf(current, segment)
      if (!position) break
      best = position
      current = (current as Record<PathSegment, unknown>)[segment]
    }
    return best
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}
