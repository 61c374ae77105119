/** Small helpers both SVG renderers share: escaping, number formatting and text measuring. */

/**
 * Characters XML 1.0 forbids even when escaped (C0 controls other than tab/newline/return, lone
 * surrogates, U+FFFE/U+FFFF). Logical ids and labels come from user templates, so they may hold
 * anything; a single such character would make the whole document unparseable.
 */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Escapes text for use in element content and in double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** A coordinate rounded to one decimal, so layouts that differ in the 15th digit still give the same bytes. */
export function num(value: number): string {
  // String(-0) is "0", so a coordinate that rounds to zero from either side prints the same.
  return String(Math.round(value * 10) / 10)
}

/**
 * Approximate width of a text in the default sans-serif font. The SVG is rendered without any
 * font of our own (no external resources), so real metrics are unknown here; 0.6 em per
 * character is a slightly generous average for Latin text in common sans-serif fonts.
 */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * 0.6
}

/** Cuts a text to at most `maxChars` characters (counting code points), ending it with an ellipsis. */
export function truncate(text: string, maxChars: number): string {
  const chars = [...text]
  return chars.length <= maxChars ? text : chars.slice(0, Math.max(1, maxChars - 1)).join('') + '\u2026'
}

/** Fonts every platform has; naming none of our own keeps the SVG free of external resources. */
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
