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

interface ContainerPositions {
  self: Position
  /** Position of each key (maps) or item (sequences). */
  children: Map<PathSegment, Position>
}

/**
 * Positions of every value of a parsed document, kept beside the plain JavaScript values
 * (rather than wrapping every value) so that the rest of the code works on ordinary objects.
 */
export class PositionIndex {
  private readonly containers = new Map<object, ContainerPositions>()

  recordContainer(container: object, self: Position): void {
    this.containers.set(container, { self, children: new Map() })
  }

  recordChild(container: object, key: PathSegment, position: Position): void {
    this.containers.get(container)?.children.set(key, position)
  }

  positionOf(container: object, key?: PathSegment): Position | undefined {
    const entry = this.containers.get(container)
    if (!entry) return undefined
    if (key === undefined) return entry.self
    return entry.children.get(key)
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
