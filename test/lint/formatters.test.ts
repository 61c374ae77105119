import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JSDOM } from 'jsdom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { escapeData, escapeProperty } from '../../src/lint/formatters/github.js'
import { FORMATTERS } from '../../src/lint/formatters/index.js'
import type { Finding, FormatContext, LintReport, RuleMetadata } from '../../src/lint/types.js'

// Golden outputs: reviewed by hand once, then any change to them must be deliberate.
// Regenerate with UPDATE_GOLDEN=1 npx vitest run test/lint/formatters.test.ts and review the diff.
const GOLDEN_DIRECTORY = 'test/fixtures/golden/lint'
function golden(name: string, actual: string): void {
  const path = `${GOLDEN_DIRECTORY}/${name}`
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(GOLDEN_DIRECTORY, { recursive: true })
    writeFileSync(path, actual)
  }
  if (!existsSync(path)) throw new Error(`missing golden file ${path}: run with UPDATE_GOLDEN=1 and review it`)
  expect(actual).toBe(readFileSync(path, 'utf8'))
}

/** Rule metadata of the test's own, so that the goldens do not change each time a rule is added. */
function rule(id: string, category: RuleMetadata['category'], severity: RuleMetadata['severity'], title: string): RuleMetadata {
  return {
    id,
    category,
    severity,
    title,
    rationale: `Why ${id} matters, in a sentence or two.`,
    fix: `What to do about ${id}`,
    docs: `https://docs.aws.amazon.com/lambda/latest/dg/${id}.html`,
    equivalents: [],
    messages: {},
  }
}

const RULES: RuleMetadata[] = [
  rule('api-timeout-exceeds-integration-limit', 'sync-async', 'error', 'A function behind API Gateway has a timeout longer than the API waits'),
  rule('function-url-without-auth', 'security', 'error', 'A function URL answers anyone'),
  rule('function-without-log-retention', 'observability', 'warning', 'A function keeps its logs forever'),
  rule('queue-without-dead-letter-queue', 'resilience', 'warning', 'A queue has no dead-letter queue'),
  rule('stack-without-alarms', 'observability', 'info', 'No alarm watches the functions'),
]

function finding(partial: Partial<Finding> & Pick<Finding, 'ruleId' | 'severity' | 'message' | 'file' | 'line' | 'column'>): Finding {
  const known = RULES.find((candidate) => candidate.id === partial.ruleId)
  return { category: known?.category ?? 'cfn-lint', source: 'lambdawise', equivalents: [], ...partial }
}

/** Several files, every severity, cfn-lint findings, and messages that need escaping in every format. */
const FINDINGS: Finding[] = [
  finding({
    ruleId: 'api-timeout-exceeds-integration-limit',
    severity: 'error',
    message: 'CreateOrderFunction has Timeout 60 s but OrdersApi (REST API) stops waiting after 29 s',
    file: 'templates/api.yaml',
    line: 14,
    column: 7,
    resource: 'CreateOrderFunction',
    path: 'Timeout',
  }),
  finding({
    ruleId: 'cfn-lint:E3012',
    category: 'cfn-lint',
    severity: 'error',
    message: "Property Resources/CreateOrderFunction/Properties/MemorySize should be of type Integer, got '1,024 <MB>' & \"quoted\"",
    file: 'templates/api.yaml',
    line: 15,
    column: 19,
    resource: 'CreateOrderFunction',
    path: 'MemorySize',
    source: 'cfn-lint',
  }),
  finding({
    ruleId: 'function-url-without-auth',
    severity: 'error',
    message: 'PublicFunction has a URL with AuthType: NONE | anyone can call it: <script>alert("x")</script> & more',
    file: 'templates/api.yaml',
    line: 31,
    column: 5,
    resource: 'PublicFunction',
    path: 'FunctionUrlConfig.AuthType',
    equivalents: ['checkov:CKV_AWS_258'],
  }),
  finding({
    ruleId: 'function-without-log-retention',
    severity: 'warning',
    message: 'ReportFunction keeps logs forever: 100% of them, at $0.03/GB-month\nSet RetentionInDays on its log group\r\nor in Globals',
    file: 'templates/api.yaml',
    line: 52,
    column: 3,
    resource: 'ReportFunction',
  }),
  // Two identical findings: their SARIF fingerprints must still differ.
  finding({
    ruleId: 'function-without-log-retention',
    severity: 'warning',
    message: 'DuplicateFunction keeps logs forever',
    file: 'templates/api.yaml',
    line: 60,
    column: 3,
    resource: 'DuplicateFunction',
  }),
  finding({
    ruleId: 'function-without-log-retention',
    severity: 'warning',
    message: 'DuplicateFunction keeps logs forever',
    file: 'templates/api.yaml',
    line: 61,
    column: 3,
    resource: 'DuplicateFunction',
  }),
  finding({
    ruleId: 'cfn-lint:W3005',
    category: 'cfn-lint',
    severity: 'warning',
    message: 'Obsolete DependsOn on resource (OrdersTable), dependency already enforced by a "Fn::GetAtt" at Resources/Worker/Properties/Environment/Variables/TABLE',
    file: 'stacks/päyments v2/template.yaml',
    line: 9,
    column: 5,
    resource: 'Worker',
    path: 'DependsOn',
    source: 'cfn-lint',
  }),
  finding({
    ruleId: 'stack-without-alarms',
    severity: 'info',
    message: 'No alarm on Errors for 3 functions — «Función “pedidos”», 日本語 🚀, *bold* _em_ `code` [link](https://example.com) #1 ~~x~~ \\ \u0007bell \u001B[31mred',
    file: 'stacks/päyments v2/template.yaml',
    line: 1,
    column: 1,
  }),
  // A finding outside the templates given (a state machine definition file): its own artifact.
  finding({
    ruleId: 'api-timeout-exceeds-integration-limit',
    severity: 'error',
    message: 'State "Charge, then notify" waits 300 s: 10% over',
    file: 'statemachines/order.asl.json',
    line: 1234,
    column: 12,
    resource: 'OrderStateMachine',
    path: 'DefinitionUri',
  }),
]

function count(severity: Finding['severity']): number {
  return FINDINGS.filter((item) => item.severity === severity).length
}

const REPORT: LintReport = {
  // Out of order on purpose: formatters sort.
  findings: [...FINDINGS].reverse(),
  summary: { errors: count('error'), warnings: count('warning'), infos: count('info'), files: 3, resources: 17, durationMs: 1234, suppressed: 2, baselined: 1 },
  files: ['templates/api.yaml', 'stacks/päyments v2/template.yaml', 'templates/clean.yaml'],
}

const CLEAN_REPORT: LintReport = {
  findings: [],
  summary: { errors: 0, warnings: 0, infos: 0, files: 1, resources: 4, durationMs: 5, suppressed: 0, baselined: 0 },
  files: ['templates/clean.yaml'],
}

const CONTEXT: FormatContext = { rules: RULES, cwd: '/home/runner/work/app', color: false, version: '1.2.3' }

describe('lint formatters: goldens', () => {
  it('stylish', () => golden('stylish.txt', FORMATTERS.stylish(REPORT, CONTEXT)))
  it('stylish in colour', () => golden('stylish-color.txt', FORMATTERS.stylish(REPORT, { ...CONTEXT, color: true })))
  it('json', () => golden('report.json', FORMATTERS.json(REPORT, CONTEXT)))
  it('sarif', () => golden('report.sarif', FORMATTERS.sarif(REPORT, CONTEXT)))
  it('junit', () => golden('junit.xml', FORMATTERS.junit(REPORT, CONTEXT)))
  it('github', () => golden('github.txt', FORMATTERS.github(REPORT, CONTEXT)))
  it('markdown', () => golden('report.md', FORMATTERS.markdown(REPORT, CONTEXT)))
})

describe('json', () => {
  it('follows the documented contract: version 1, every key present, stable order', () => {
    const text = FORMATTERS.json(REPORT, CONTEXT)
    expect(text.endsWith('}\n')).toBe(true)
    const json = JSON.parse(text)
    expect(Object.keys(json)).toEqual(['version', 'findings', 'summary'])
    expect(json.version).toBe(1)
    for (const item of json.findings) {
      expect(Object.keys(item)).toEqual(['ruleId', 'category', 'severity', 'message', 'file', 'line', 'column', 'resource', 'path', 'source', 'equivalents'])
    }
    expect(json.findings.find((item: Finding) => item.ruleId === 'stack-without-alarms')).toMatchObject({ resource: null, path: null })
    expect(Object.keys(json.summary)).toEqual(['errors', 'warnings', 'infos', 'files', 'resources', 'durationMs', 'suppressed', 'baselined'])
    expect(json.findings.map((item: Finding) => item.message).sort()).toEqual(FINDINGS.map((item) => item.message).sort())
  })
})

describe('stylish', () => {
  it('says so when there is nothing to report', () => {
    expect(FORMATTERS.stylish(CLEAN_REPORT, CONTEXT)).toBe('✔ no problems\n')
    expect(FORMATTERS.stylish({ ...CLEAN_REPORT, summary: { ...CLEAN_REPORT.summary, suppressed: 1 } }, CONTEXT)).toBe(
      '✔ no problems\n  Not shown: 1 suppressed (Metadata.lambdawise.ignore).\n',
    )
  })

  it('never lets a message drive the terminal, nor break a row', () => {
    const text = FORMATTERS.stylish(REPORT, CONTEXT)
    expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F]/)
    expect(text).toContain('\\u0007bell \\u001B[31mred')
    const rows = text.split('\n').filter((line) => line.startsWith('  ') && /\d:\d/.test(line))
    expect(rows).toHaveLength(FINDINGS.length)
  })
})

describe('junit', () => {
  const xml = FORMATTERS.junit(REPORT, CONTEXT)
  const { window } = new JSDOM('')
  const parse = (text: string) => new window.DOMParser().parseFromString(text, 'application/xml')

  it('is well-formed XML (a conforming parser: saxes, through jsdom)', () => {
    const document = parse(xml)
    expect(document.getElementsByTagName('parsererror')).toHaveLength(0)
    // The parser does catch what an escaping bug would produce.
    expect(parse('<a>\u0007</a>').getElementsByTagName('parsererror')).toHaveLength(1)
    expect(parse('<a b="<&>"/>').getElementsByTagName('parsererror')).toHaveLength(1)
  })

  it('has one test case per rule, one failure per finding, messages intact', () => {
    const document = parse(xml)
    const suites = document.getElementsByTagName('testsuite')
    expect(suites).toHaveLength(1)
    const cases = [...document.getElementsByTagName('testcase')]
    const ruleIds = [...new Set([...RULES.map((item) => item.id), ...FINDINGS.map((item) => item.ruleId)])]
    expect(cases.map((testCase) => testCase.getAttribute('name')).sort()).toEqual(ruleIds.sort())
    expect(suites[0]!.getAttribute('tests')).toBe(String(ruleIds.length))
    expect(suites[0]!.getAttribute('failures')).toBe(String(new Set(FINDINGS.map((item) => item.ruleId)).size))
    const failures = [...document.getElementsByTagName('failure')]
    expect(failures).toHaveLength(FINDINGS.length)
    // Attribute values read back exactly (newlines, CR, quotes, <&>), but for characters XML cannot hold.
    const messages = failures.map((failure) => failure.getAttribute('message')).sort()
    const expected = FINDINGS.map((item) => item.message.replace(/\u0007/g, '\\u0007').replace(/\u001B/g, '\\u001B')).sort()
    expect(messages).toEqual(expected)
    const passing = cases.find((testCase) => testCase.getAttribute('name') === 'queue-without-dead-letter-queue')!
    expect(passing.childNodes).toHaveLength(0)
    const text = failures.find((failure) => failure.getAttribute('type') === 'info')!.textContent
    expect(text).toContain('stacks/päyments v2/template.yaml:1:1')
  })

  it('escapes characters XML cannot hold, lone surrogates included', () => {
    const hostile: LintReport = {
      ...CLEAN_REPORT,
      findings: [finding({ ruleId: 'stack-without-alarms', severity: 'info', message: 'a\u0000b\uD800c\uFFFEd]]>e\tf', file: 'x<y>.yaml', line: 1, column: 1 })],
    }
    const document = parse(FORMATTERS.junit(hostile, CONTEXT))
    expect(document.getElementsByTagName('parsererror')).toHaveLength(0)
    expect(document.getElementsByTagName('failure')[0]!.getAttribute('message')).toBe('a\\u0000b\\uD800c\\uFFFEd]]>e\tf')
  })
})

describe('github', () => {
  it('escapes data and properties as the runner decodes them', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b')
    expect(escapeProperty('dir,name:x%\n')).toBe('dir%2Cname%3Ax%25%0A')
    // Not GitHub's rule but the log viewer's: an escape sequence is shown, not obeyed.
    expect(escapeData('\u001B[31mred')).toBe('\\u001B[31mred')
  })

  it('writes one command per finding, on one line each', () => {
    const lines = FORMATTERS.github(REPORT, CONTEXT).trimEnd().split('\n')
    expect(lines).toHaveLength(FINDINGS.length)
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[^,:]+::/)
    expect(lines.filter((line) => line.startsWith('::notice '))).toHaveLength(count('info'))
    const logRetention = lines.find((line) => line.includes('ReportFunction'))!
    expect(logRetention).toContain('100%25 of them')
    expect(logRetention).toContain('%0ASet RetentionInDays on its log group%0D%0Aor in Globals')
    expect(lines.find((line) => line.includes('E3012'))).toContain('title=lambdawise cfn-lint%3AE3012::')
  })

  it('writes nothing when there is nothing to report', () => {
    expect(FORMATTERS.github(CLEAN_REPORT, CONTEXT)).toBe('')
  })
})

describe('markdown', () => {
  it('keeps every table row on one line, with its four cells', () => {
    const text = FORMATTERS.markdown(REPORT, CONTEXT)
    const rows = text.split('\n').filter((line) => /^\| (❌|⚠️|ℹ️)/.test(line))
    expect(rows).toHaveLength(FINDINGS.length)
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(6)
    expect(text).toContain('\\<script\\>')
    expect(text).not.toMatch(/(?<!\\)<script/)
  })

  it('says so when there is nothing to report', () => {
    expect(FORMATTERS.markdown(CLEAN_REPORT, CONTEXT)).toBe('## lambdawise\n\n**✔ no problems** in 1 template, 4 resources.\n')
  })
})

describe('sarif locations', () => {
  it('are relative to the working directory, forward-slashed and percent-encoded; absolute outside it', () => {
    const at = (file: string) => finding({ ruleId: 'stack-without-alarms', severity: 'info', message: 'm', file, line: 0, column: 0 })
    const report: LintReport = { ...CLEAN_REPORT, findings: [at('/home/runner/work/app/nested/a b#1.yaml'), at('/elsewhere/b.yaml')], files: [] }
    const run = JSON.parse(FORMATTERS.sarif(report, CONTEXT)).runs[0]
    expect(run.artifacts.map((artifact: { location: unknown }) => artifact.location)).toEqual([
      { uri: 'file:///elsewhere/b.yaml' },
      { uri: 'nested/a%20b%231.yaml', uriBaseId: '%SRCROOT%' },
    ])
    // SARIF positions are 1-based: an unknown position becomes the file's start.
    expect(run.results[0].locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 })
    expect(FORMATTERS.github(report, CONTEXT)).toContain('::notice file=nested/a b#1.yaml,line=1,col=1,')
  })
})

// Microsoft's SARIF validator (npm @microsoft/sarif-multitool; its Linux package ships a
// self-contained .NET binary for x64). The rule kinds Sarif and Gh are the SARIF spec's rules and
// GitHub code scanning's ingestion rules.
const VALIDATOR = 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool'

describe.runIf(process.platform === 'linux' && process.arch === 'x64')('sarif passes the SARIF validator (Sarif;Gh rules)', () => {
  let directory: string
  beforeAll(() => {
    if (!existsSync(VALIDATOR)) throw new Error(`${VALIDATOR} is missing: npm install (it is a devDependency)`)
    // npm skips the package's postinstall `chmod u+x`; do it here, only when needed.
    const mode = statSync(VALIDATOR).mode
    if ((mode & 0o100) === 0) chmodSync(VALIDATOR, mode | 0o100)
    directory = mkdtempSync(join(tmpdir(), 'lambdawise-sarif-'))
  })
  afterAll(() => {
    if (directory) rmSync(directory, { recursive: true, force: true })
  })

  function validate(name: string, sarif: string): { level: string; ruleId: string; text: string }[] {
    const input = join(directory, `${name}.sarif`)
    const output = join(directory, `${name}.validation.sarif`)
    writeFileSync(input, sarif)
    const result = spawnSync(VALIDATOR, ['validate', input, '-o', output, '--rule-kind', 'Sarif;Gh', '--log', 'ForceOverwrite'], {
      encoding: 'utf8',
      timeout: 120_000,
      // The binary is .NET: without ICU it aborts, unless told to run culture-invariant.
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    })
    if (result.error) throw result.error
    if (!existsSync(output)) throw new Error(`validator wrote no output (exit ${result.status}):\n${result.stdout}\n${result.stderr}`)
    const log = JSON.parse(readFileSync(output, 'utf8'))
    const run = log.runs[0]
    const notifications = [...(run.invocations?.[0]?.toolExecutionNotifications ?? []), ...(run.invocations?.[0]?.toolConfigurationNotifications ?? [])]
    expect(notifications.filter((notification: { level?: string }) => notification.level === 'error')).toEqual([])
    return (run.results ?? []).map((result: { level?: string; ruleId: string; message: { id?: string; text?: string; arguments?: string[] } }) => ({
      level: result.level ?? 'warning',
      ruleId: result.ruleId,
      text: result.message.text ?? `${result.message.id}: ${(result.message.arguments ?? []).join(' | ')}`,
    }))
  }

  it('the full report: no errors, no warnings', () => {
    const results = validate('report', FORMATTERS.sarif(REPORT, CONTEXT))
    for (const result of results) console.info(`SARIF validator ${result.level} ${result.ruleId}: ${result.text}`)
    expect(results.filter((result) => result.level === 'error')).toEqual([])
    expect(results.filter((result) => result.level === 'warning')).toEqual([])
  })

  it('catches what GitHub would reject (the check is not vacuous)', () => {
    const broken = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'r1' }] } }, results: [{ ruleId: 'r1', message: { text: 'm.' } }] }] }
    const results = validate('broken', JSON.stringify(broken))
    expect(results.filter((result) => result.level === 'error').map((result) => result.ruleId)).toContain('GH2012')
  })

  it('a clean report: no errors, no warnings', () => {
    const results = validate('clean', FORMATTERS.sarif(CLEAN_REPORT, CONTEXT))
    expect(results.filter((result) => result.level === 'error' || result.level === 'warning')).toEqual([])
  })

  it('fingerprints differ between findings and survive a line move', () => {
    const sarif = JSON.parse(FORMATTERS.sarif(REPORT, CONTEXT))
    const fingerprints = sarif.runs[0].results.map((result: { partialFingerprints: Record<string, string> }) => result.partialFingerprints['lambdawiseFindingHash/v1'])
    expect(new Set(fingerprints).size).toBe(FINDINGS.length)
    const moved = { ...REPORT, findings: REPORT.findings.map((item) => ({ ...item, line: item.line + 10 })) }
    const movedFingerprints = JSON.parse(FORMATTERS.sarif(moved, CONTEXT)).runs[0].results.map(
      (result: { partialFingerprints: Record<string, string> }) => result.partialFingerprints['lambdawiseFindingHash/v1'],
    )
    expect(movedFingerprints).toEqual(fingerprints)
  })
})
