import { UserError } from '../errors.js'
import type { Position } from './positions.js'

/**
 * CloudFormation's templates are limited to 1 MB; CDK and SAM sources can be larger before
 * transformation, so allow ten times that, and refuse anything bigger before parsing it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
/** Values that YAML aliases may expand to: far beyond real templates, far below a "billion laughs". */
export const MAX_ALIAS_EXPANSION = 100_000
/** Nesting deeper than this is not a template (and would exhaust the stack). */
export const MAX_DEPTH = 200

/** Short-form tags: `!Ref X` is `{Ref: X}`, `!Condition X` is `{Condition: X}`, the rest `{Fn::Name: ...}`. */
export const SHORT_FORM_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    [
      'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join',
      'Length', 'Not', 'Or', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform', 'ForEach',
    ].map((name) => [`!${name}`, `Fn::${name}`]),
  ),
}

/** The long form of a short-form intrinsic, given the value the tag was put on. */
export function longForm(intrinsic: string, value: unknown): Record<string, unknown> {
  // `!GetAtt Resource.Attribute.Part` names the resource before the first dot.
  if (intrinsic === 'Fn::GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.')
    value = dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)]
  }
  return { [intrinsic]: value }
}

/**
 * Where a tagged node is shown: at its tag (`!Ref X`), where the user reads the value, when the
 * tag is just before the value's first character; otherwise at that character.
 */
export function tagAdjustedOffset(text: string, tag: string, offset: number): number {
  const tagStart = text.lastIndexOf(tag, offset)
  return tagStart >= 0 && offset - tagStart <= tag.length + 4 ? tagStart : offset
}

export function tooDeep(file: string): UserError {
  return new UserError(`values are nested more than ${MAX_DEPTH} levels deep`, { file }, 'this is not a CloudFormation template')
}

/** Offsets to 1-based lines and columns: a line starts at 0 and after every "\n", as for the `yaml` package's LineCounter. */
export class LineIndex {
  private readonly starts: number[] = [0]

  constructor(text: string) {
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', newline + 1)) this.starts.push(newline + 1)
  }

  position(offset: number): Position {
    const starts = this.starts
    let low = 0
    let high = starts.length - 1
    // The last line start at or before the offset.
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return { line: low + 1, column: offset - starts[low]! + 1 }
  }
}
