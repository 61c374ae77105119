/**
 * Plain code-unit order. `localeCompare` depends on the machine's ICU data and locale, which
 * would let the same graph give different bytes on different machines.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
