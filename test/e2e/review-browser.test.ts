import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { loadGraph } from '../../src/index.js'

// The HTML review in a real browser (headless Chromium from the system, no browser download):
// the diagram renders one g.node per graph node, the page loads nothing from the network, and a
// screenshot is saved (to docs/review-screenshot.png with LAMBDAWISE_UPDATE_SCREENSHOT=1, for the
// README; otherwise to a temporary folder, so a test run leaves the tree clean).
// The report comes from the built CLI (`npm test` builds first; this file only checks it did).

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
const EXAMPLE = 'examples/order-processing'
const CHROMIUM = '/usr/bin/chromium'
// This machine's network is closed: without these flags Chromium keeps trying (and failing) to
// reach Google's services, which is noise in the request log and slows the start.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const SCREENSHOT_VIEWPORT = { width: 1920, height: 1200 }

const haveChromium = existsSync(CHROMIUM)
// CI must run this test: a missing browser there is a broken .ci/run, not a reason to skip.
const inCi = process.env.CI === 'true'
if (!haveChromium && !inCi) console.warn(`review-browser: skipped, no Chromium at ${CHROMIUM} (install it with: apt-get install -y chromium)`)

describe.runIf(haveChromium || inCi)('review HTML in a headless browser', () => {
  let browser: Browser
  let work: string

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`no Chromium at ${CHROMIUM}: .ci/run must install it (apt-get install -y chromium)`)
    work = mkdtempSync(join(tmpdir(), 'lambdawise-review-browser-'))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  })

  afterAll(async () => {
    await browser?.close()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('renders the architecture diagram with one g.node per graph node, offline', async () => {
    expect(existsSync(join(ROOT, 'dist/src/commands/review.js')), 'dist/ is missing the review command: run `npm run build` first').toBe(true)
    const report = join(work, 'review.html')
    const run = spawnSync(process.execPath, [BIN, 'review', EXAMPLE, '--usage', `${EXAMPLE}/lambdawise-usage.yml`, '--format', 'html', '--output', report], {
      cwd: ROOT, encoding: 'utf8', timeout: 30_000, input: '', env: { ...process.env, NO_COLOR: '1', DEBUG: '' },
    })
    expect(run.status, `exit ${run.status}\n${run.stderr}`).toBe(0)
    const { graph } = await loadGraph([join(ROOT, EXAMPLE)])

    const context = await browser.newContext({ viewport: SCREENSHOT_VIEWPORT })
    const page = await context.newPage()
    const requests: string[] = []
    const errors: string[] = []
    context.on('request', (request) => requests.push(request.url()))
    page.on('pageerror', (error) => errors.push(error.message))
    // Anything that would leave the page is stopped, and recorded above, so the assertion below sees it.
    await context.route('**/*', (route) => {
      const url = route.request().url()
      return url.startsWith('file:') || url.startsWith('data:') ? route.continue() : route.abort()
    })
    // The report's Content-Security-Policy blocks loads before they become requests; count those attempts too.
    await page.addInitScript(() => {
      const seen: string[] = []
      Object.assign(globalThis, { cspViolations: seen })
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`))
    })
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' })

    const diagram = page.locator('svg.lambdawise-architecture')
    await expect.poll(() => diagram.count()).toBe(1)
    const ids = await diagram.locator('g.node').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id')))
    expect(ids).toHaveLength(graph.nodes.size)
    expect(new Set(ids)).toEqual(new Set(graph.nodes.keys()))
    // Drawn, not just present: the diagram and the cost chart take up room on the page.
    const box = await diagram.boundingBox()
    expect(box?.width).toBeGreaterThan(300)
    expect(await page.locator('svg.lambdawise-cost-chart').count()).toBe(1)

    const screenshot = process.env.LAMBDAWISE_UPDATE_SCREENSHOT === '1' ? join(ROOT, 'docs/review-screenshot.png') : join(work, 'review-screenshot.png')
    // The README shows the part of the report this test is about: the architecture figure (wider than the text column).
    await page.locator('figure.architecture').screenshot({ path: screenshot })
    expect(statSync(screenshot).size).toBeGreaterThan(20_000)

    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([])
    expect(await page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations)).toEqual([])
    expect(errors).toEqual([])

    // The check above can fail: a request from a page is seen (and aborted).
    const probe = await context.newPage()
    await probe.goto('https://example.com/probe').catch(() => undefined)
    expect(requests).toContain('https://example.com/probe')
    await context.close()
  })
})
