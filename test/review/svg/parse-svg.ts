import { JSDOM } from 'jsdom'

/** Parses SVG text as XML (not HTML, which forgives anything); fails the test on a parse error. */
export function parseSvg(svg: string): Document {
  const { window } = new JSDOM(svg, { contentType: 'image/svg+xml' })
  const document = window.document
  const error = document.getElementsByTagName('parsererror')[0]
  if (error) throw new Error(`SVG is not well-formed XML: ${error.textContent ?? ''}`)
  if (document.documentElement.localName !== 'svg') throw new Error(`root element is <${document.documentElement.localName}>, not <svg>`)
  return document
}

/** Every number in a geometry attribute has at most one decimal (the renderers round to 0.1). */
export function expectRoundedGeometry(svg: string): string[] {
  const bad: string[] = []
  for (const match of svg.matchAll(/ (?:x|y|x1|x2|y1|y2|cx|cy|r|rx|width|height|d|points|viewBox)="([^"]*)"/g)) {
    for (const number of match[1]!.match(/-?\d+(?:\.\d+)?/g) ?? []) if (/\.\d\d/.test(number)) bad.push(`${match[0]} has ${number}`)
  }
  return bad
}
