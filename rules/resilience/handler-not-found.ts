import { handlerReferenceOf } from '../../src/lint/facts/code.js'
import { defineRule } from '../../src/lint/rule.js'
import { displayPath } from '../../src/template/discover.js'

/**
 * The function's code is there but Lambda cannot load its handler: the module is missing, does not
 * parse, or does not export the handler's name. Every invocation then fails with
 * Runtime.ImportModuleError, a syntax error at init, or Runtime.HandlerNotFound. Code that is not
 * here at all (`no-code`: linted without its sources) and other runtimes are not judged.
 */
export default defineRule({
  id: 'handler-not-found',
  category: 'resilience',
  severity: 'error',
  title: 'The handler the template names is not in the code',
  rationale:
    'Lambda loads the module the Handler setting names and calls its export. When the module is missing, does not parse or does not export that ' +
    'name, every invocation fails (Runtime.ImportModuleError, Runtime.UserCodeSyntaxError, Runtime.HandlerNotFound) — and the deployment itself succeeds.',
  fix:
    'Make Handler `<module path relative to the code location>.<export>` match the file and its export (for esbuild, EntryPoints), or fix the syntax error.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html',
  equivalents: [],
  messages: {
    noModule: '{{function}}: {{message}}: every invocation fails with Runtime.ImportModuleError',
    parseError: '{{function}}: {{file}} does not parse ({{message}}): every invocation fails at init',
    noExport: '{{function}}: {{file}} does not export `{{export}}`: every invocation fails with Runtime.HandlerNotFound',
  },
  kinds: ['function'],
  check({ node, code, report }) {
    if (!code) return
    const reference = handlerReferenceOf(code, node)
    if (reference?.missing?.kind === 'no-module') {
      report({ location: reference.templateLocation, messageId: 'noModule', data: { function: node.logicalId, message: reference.missing.message } })
      return
    }
    const handler = code.handlers.get(node.id)
    if (!handler) return
    // The first error of each file: the parser's later ones follow from it.
    const reported = new Set<string>()
    for (const error of handler.parseErrors) {
      if (reported.has(error.location.file)) continue
      reported.add(error.location.file)
      report({ location: error.location, messageId: 'parseError', data: { function: node.logicalId, file: error.location.file, message: error.message } })
    }
    const entry = handler.files[0]
    if (reported.size === 0 && handler.handlerLocation === undefined && entry !== undefined && handler.reference.inlineText === undefined) {
      report({ location: handler.reference.templateLocation, messageId: 'noExport', data: { function: node.logicalId, file: displayPath(entry), export: handler.reference.exportName } })
    }
  },
})
