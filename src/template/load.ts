import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'

import { UserError } from '../errors.js'
import { MAX_TEMPLATE_BYTES, type ParsedDocument, parseTemplateText } from './parse.js'
import { type ReadOptions, Template } from './template.js'
import { asString } from './values.js'

/** Resource types whose `DefinitionUri` may name a local file we read (ASL or OpenAPI). */
const DEFINITION_URI_TYPES = new Set(['AWS::Serverless::StateMachine', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi'])

/** Reads a template file (and the local definition files it names) with every guard rail applied. */
export async function loadTemplate(file: string, options: ReadOptions = {}): Promise<Template> {
  const template = new Template(await readDocument(file), options)
  for (const resource of template.resources.values()) {
    if (!DEFINITION_URI_TYPES.has(resource.type)) continue
    const uri = asString(resource.properties.DefinitionUri)
    if (!uri || /^s3:\/\//i.test(uri) || template.attachedFiles.has(uri)) continue
    const path = join(dirname(file), uri)
    // A missing definition file only costs the edges it would give: warn and go on (sam build would fail).
    const missing = new UserError(`${resource.id}: DefinitionUri names ${uri}, which does not exist; its edges are left out`, template.locateProperty(resource.id, ['DefinitionUri']), `expected at ${path}`)
    if (!existsSync(path)) {
      template.warnings.push(missing)
      continue
    }
    template.attachedFiles.set(uri, await readDocument(path))
  }
  return template
}

export async function readDocument(file: string): Promise<ParsedDocument> {
  const text = await readTextFile(file)
  return parseTemplateText(file, text)
}

/** Reads a file as UTF-8 text, refusing what is too big, binary or not UTF-8 before parsing it. */
export async function readTextFile(file: string): Promise<string> {
  let size: number
  try {
    const info = await stat(file)
    if (info.isDirectory()) throw new UserError('is a directory, not a template file', { file })
    size = info.size
  } catch (error) {
    if (error instanceof UserError) throw error
    throw new UserError('no such file or directory', { file }, 'check the path')
  }
  if (size > MAX_TEMPLATE_BYTES) {
    throw new UserError(
      `file is ${(size / 1024 / 1024).toFixed(1)} MB; lambdawise reads templates up to ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB`,
      { file },
      'CloudFormation itself accepts at most 1 MB: is this the right file?',
    )
  }
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw new UserError(`cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file }, 'check the file permissions')
  }
  const nul = bytes.indexOf(0)
  if (nul >= 0) {
    throw new UserError('binary data, not a template (a NUL byte)', { file, ...lineAndColumnAt(bytes, nul) }, 'name a YAML or JSON template')
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    const offset = firstInvalidUtf8(bytes)
    throw new UserError('not UTF-8 text', { file, ...lineAndColumnAt(bytes, offset) }, 'save the template as UTF-8')
  }
}

/** Line and column (in characters, as editors count them) of a byte offset. */
function lineAndColumnAt(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 10) {
      line++
      lineStart = index + 1
    }
  }
  const before = bytes.subarray(lineStart, offset).toString('utf8')
  return { line, column: [...before].length + 1 }
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let index = 0
  while (index < bytes.length) {
    const lead = bytes[index]!
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0
    if (length === 0 || index + length > bytes.length) return index
    for (let next = 1; next < length; next++) if ((bytes[index + next]! & 0xc0) !== 0x80) return index
    // Overlong forms and surrogates that TextDecoder also rejects.
    const second = bytes[index + 1] ?? 0
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f) || (lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return index
    index += length
  }
  return 0
}
