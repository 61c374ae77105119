import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

import type { Finding, FormatContext, LintReport, RuleMetadata, Severity } from '../types.js'
import { describeRules, relativePosixPath, sortedFindings } from './shared.js'

/**
 * SARIF 2.1.0, as GitHub code scanning ingests it:
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 * Checked in the tests by Microsoft's SARIF validator (`Sarif.Multitool validate`, rule kinds Sarif and Gh).
 */
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'
const INFORMATION_URI = 'https://www.npmjs.com/package/lambdawise'
const SOURCE_ROOT = '%SRCROOT%'
/** Our own fingerprint key: GitHub computes `primaryLocationLineHash` itself from the file's text. */
const FINGERPRINT_KEY = 'lambdawiseFindingHash/v1'

type SarifLevel = 'error' | 'warning' | 'note'
const LEVELS: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' }
/** GitHub's `problem.severity` (shown in the alert list) has `recommendation` where we say info. */
const PROBLEM_SEVERITIES: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'recommendation' }
/** GitHub ranks security alerts by `security-severity`: 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITIES: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' }

interface ArtifactLocation {
  uri: string
  uriBaseId?: string
  index?: number
}

export function formatSarif(report: LintReport, context: FormatContext): string {
  const findings = sortedFindings(report)
  const rules = describeRules(context.rules, findings)
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]))

  // Every file read: the templates linted (also those without findings), then files that findings
  // point into besides (a state machine's DefinitionUri file).
  const artifacts: { location: ArtifactLocation; roles?: string[]; sourceLanguage?: string }[] = []
  const artifactIndex = new Map<string, number>()
  const analysisTargets = new Set(report.files)
  const artifactOf = (file: string): ArtifactLocation => {
    let index = artifactIndex.get(file)
    if (index === undefined) {
      index = artifacts.length
      artifactIndex.set(file, index)
      const language = sourceLanguage(file)
      artifacts.push({
        location: artifactLocation(file, context.cwd),
        ...(analysisTargets.has(file) ? { roles: ['analysisTarget'] } : {}),
        ...(language ? { sourceLanguage: language } : {}),
      })
    }
    return { ...artifacts[index]!.location, index }
  }
  for (const file of report.files) artifactOf(file)

  const occurrences = new Map<string, number>()
  const results = findings.map((finding) => {
    const location = artifactOf(finding.file)
    const hash = fingerprint(finding, location.uri)
    // Identical findings (same rule, file, resource, path and message) are told apart by their rank.
    const occurrence = (occurrences.get(hash) ?? 0) + 1
    occurrences.set(hash, occurrence)
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId)!,
      level: LEVELS[finding.severity],
      message: { text: sentence(finding.message) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: location,
            // SARIF lines and columns are 1-based; a finding without a position points at the file's start.
            region: { startLine: Math.max(1, finding.line), startColumn: Math.max(1, finding.column) },
          },
          ...(finding.resource
            ? { logicalLocations: [{ name: finding.resource, fullyQualifiedName: finding.path ? `${finding.resource}.${finding.path}` : finding.resource, kind: 'resource' }] }
            : {}),
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${occurrence}` },
      properties: { category: finding.category, source: finding.source, ...(finding.equivalents.length ? { equivalents: finding.equivalents } : {}) },
    }
  })

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lambdawise',
            informationUri: INFORMATION_URI,
            version: context.version,
            semanticVersion: context.version,
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [{ executionSuccessful: true }],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(context.cwd) } },
        artifacts,
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  }
  return JSON.stringify(log, null, 2) + '\n'
}

function ruleDescriptor(rule: RuleMetadata) {
  const docsText = rule.docs ? `\n\nDocumentation: ${rule.docs}` : ''
  const docsMarkdown = rule.docs ? `\n\n[Documentation](${rule.docs})` : ''
  const name = pascalCase(rule.id)
  return {
    id: rule.id,
    // The validator (SARIF1001) wants a name that differs from the id, compared without case.
    ...(name.toLowerCase() !== rule.id.toLowerCase() ? { name } : {}),
    shortDescription: { text: sentence(rule.title) },
    fullDescription: { text: sentence(rule.rationale) },
    help: { text: `${sentence(rule.fix)}${docsText}`, markdown: `**Fix:** ${sentence(rule.fix)}${docsMarkdown}` },
    ...(rule.docs ? { helpUri: rule.docs } : {}),
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: {
      tags: [...new Set([rule.category, 'serverless'])],
      precision: rule.id.startsWith('cfn-lint:') ? 'medium' : 'high',
      'problem.severity': PROBLEM_SEVERITIES[rule.severity],
      ...(rule.category === 'security' ? { 'security-severity': SECURITY_SEVERITIES[rule.severity] } : {}),
    },
  }
}

/** `api-timeout-exceeds-integration-limit` → `ApiTimeoutExceedsIntegrationLimit`; `cfn-lint:E3012` → `CfnLintE3012`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

/** SARIF asks for messages that are complete sentences (validator rule SARIF2001). */
function sentence(text: string): string {
  const trimmed = text.trimEnd()
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`
}

/**
 * Repo-relative, forward-slashed, percent-encoded, against `%SRCROOT%` (GitHub rejects absolute
 * file URIs it cannot map to the checkout). A file outside the working directory keeps its absolute URI.
 */
function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const relativePath = relativePosixPath(file, cwd)
  if (relativePath === undefined) return { uri: pathToFileURL(resolve(cwd, file)).href }
  return { uri: relativePath.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT }
}

function sourceLanguage(file: string): string | undefined {
  if (/\.ya?ml$/i.test(file)) return 'yaml'
  if (/\.json$/i.test(file)) return 'json'
  return undefined
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href
  return href.endsWith('/') ? href : `${href}/`
}

/** Stable across line moves: what the finding is about, not where it currently is. */
function fingerprint(finding: Finding, uri: string): string {
  const identity = JSON.stringify([finding.ruleId, uri, finding.resource ?? '', finding.path ?? '', finding.message])
  return createHash('sha256').update(identity).digest('hex').slice(0, 32)
}
