import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { escapeHtml } from '../../src/review/render/html.js'

const HTML = readFileSync(join(import.meta.dirname, 'golden/order-processing.html'), 'utf8')

describe('the HTML report is one self-contained, printable file', () => {
  it('loads nothing: no scripts, no src attributes, no stylesheets or fonts from elsewhere', () => {
    expect(HTML).not.toMatch(/<script|<link|<img|<iframe|<object|<embed/i)
    expect(HTML).not.toMatch(/\ssrc\s*=/i)
    // url(#id) points inside the document (SVG markers); any other url() would be fetched.
    expect(HTML).not.toMatch(/@import|url\((?!#)/i)
    // The only absolute URLs are the AWS reference links a reader may follow (and the SVG namespace).
    const urls = [...HTML.matchAll(/(?:href|xmlns)="(https?:[^"]+)"/g)].map((match) => match[1]!)
    for (const url of urls) expect(url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/|^http:\/\/www\.w3\.org\//)
  })

  it('forbids requests with a Content-Security-Policy, inlines its CSS and has a print stylesheet', () => {
    expect(HTML).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'`)
    expect(HTML).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/)
  })

  it('has every section, the architecture SVG and the cost chart inline', () => {
    for (const id of ['summary', 'architecture', 'findings', 'cost', 'trade-offs', 'checklist']) expect(HTML).toContain(`<section id="${id}">`)
    expect(HTML.match(/<svg[\s>]/g)?.length).toBeGreaterThanOrEqual(2)
  })

  it('escapes text', () => {
    expect(escapeHtml(`<b a="1">'&'</b>`)).toBe('&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;')
  })
})
