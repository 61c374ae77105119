/**
 * `value` as en-US writes it (`12,345.67`), with at most `fractionDigits` decimals and no trailing
 * zeros: what `Intl.NumberFormat('en-US', { maximumFractionDigits })` gives. Written by hand
 * because creating the first Intl formatter loads ICU data, 10-40 ms of a command's start.
 * Like Intl, it rounds the shortest decimal that reads back as `value` (what String gives), half
 * away from zero; numbers String writes with an exponent, negative numbers, NaN and the
 * infinities go to Intl.
 */
export function formatNumber(value: number, fractionDigits = 0): string {
  const text = String(value)
  if (!(value >= 0) || Object.is(value, -0) || text.includes('e') || !Number.isFinite(value)) {
    return value.toLocaleString('en-US', { maximumFractionDigits: fractionDigits })
  }
  if (Number.isInteger(value)) return grouped(text)
  const point = text.indexOf('.')
  let digits = point < 0 ? text : text.slice(0, point)
  let fraction = point < 0 ? '' : text.slice(point + 1)
  if (fraction.length > fractionDigits) {
    const roundUp = fraction.charCodeAt(fractionDigits) >= 53 /* 5 */
    fraction = fraction.slice(0, fractionDigits)
    if (roundUp) [digits, fraction] = incremented(digits, fraction)
  }
  let end = fraction.length
  while (end > 0 && fraction.charCodeAt(end - 1) === 48 /* 0 */) end--
  fraction = fraction.slice(0, end)
  return fraction ? `${grouped(digits)}.${fraction}` : grouped(digits)
}

/** `whole.fraction` plus one unit in the last place of the fraction (of the whole number without one). */
function incremented(whole: string, fraction: string): [string, string] {
  const all = (whole + fraction).split('')
  let index = all.length - 1
  while (index >= 0 && all[index] === '9') all[index--] = '0'
  if (index < 0) all.unshift('1')
  else all[index] = String(Number(all[index]) + 1)
  const joined = all.join('')
  const split = joined.length - fraction.length
  return [joined.slice(0, split), joined.slice(split)]
}

/** `1234567` as `1,234,567`. */
function grouped(whole: string): string {
  if (whole.length <= 3) return whole
  const head = whole.length % 3 || 3
  let text = whole.slice(0, head)
  for (let index = head; index < whole.length; index += 3) text += ',' + whole.slice(index, index + 3)
  return text
}
