import type { GraphNode } from '../../src/graph/types.js'
import { customResourceHandlers } from '../../src/lint/facts/observability.js'
import { DEFAULT_MEMORY_MB } from '../../src/lint/helpers.js'
import { defineRule } from '../../src/lint/rule.js'
import type { Template } from '../../src/template/template.js'
import { asArray, asMap, asString, referencesIn } from '../../src/template/values.js'

export default defineRule({
  id: 'function-default-memory',
  category: 'resilience',
  // Advice: the default works, it is just rarely the right size, and nobody chose it.
  severity: 'info',
  title: 'A function runs with the default memory size (128 MB)',
  rationale:
    'Lambda allocates CPU in proportion to memory, so at the default 128 MB a function gets a small fraction of a vCPU: ' +
    'cold starts, SDK calls and JSON parsing are slow, and a slower function can cost more than a larger one. ' +
    'An explicit MemorySize shows the function was sized rather than left as it came.',
  fix:
    'Set `MemorySize` on the function (or once in SAM `Globals.Function`), sized by measuring, for example with AWS Lambda Power Tuning; ' +
    'most functions that call other services do better at 512 MB to 1769 MB (one full vCPU).',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html',
  equivalents: ['serverless-rules:ES1005'],
  messages: {
    missing: `{{function}} does not set MemorySize and runs with the default ${DEFAULT_MEMORY_MB} MB (and the CPU share that comes with it)`,
  },
  checkTemplate({ template, nodes, report }) {
    let exempt: Set<string> | undefined
    for (const node of nodes) {
      // Only the function's own resource: SAM Globals are already merged into it, and a value under
      // a condition or from a parameter was chosen by someone.
      if (node.kind !== 'function' || !node.resource || node.resource.properties.MemorySize !== undefined) continue
      exempt ??= new Set([...customResourceHandlers(nodes), ...viewerEdgeFunctions(template, nodes)])
      if (exempt.has(node.logicalId)) continue
      report({ node, messageId: 'missing', data: { function: node.logicalId } })
    }
  },
})

/**
 * Functions CloudFront runs on viewer requests or responses (Lambda@Edge), where 128 MB is the
 * maximum: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
 * Named through a version (`AWS::Lambda::Version`, or SAM's `Function.Version`).
 */
function viewerEdgeFunctions(template: Template, nodes: readonly GraphNode[]): Set<string> {
  const functions = new Set<string>()
  for (const node of nodes) {
    if (node.type !== 'AWS::CloudFront::Distribution' || !node.resource) continue
    const config = asMap(node.resource.properties.DistributionConfig)
    for (const behavior of [config?.DefaultCacheBehavior, ...asArray(config?.CacheBehaviors)]) {
      for (const association of asArray(asMap(behavior)?.LambdaFunctionAssociations)) {
        const entry = asMap(association)
        if (!asString(entry?.EventType)?.startsWith('viewer-')) continue
        for (const reference of referencesIn(entry?.LambdaFunctionARN)) {
          const id = reference.id.split('.')[0]!
          const version = template.resources.get(id)
          const named = version?.type === 'AWS::Lambda::Version' ? referencesIn(version.properties.FunctionName).map((target) => target.id) : [id]
          named.forEach((name) => functions.add(name))
        }
      }
    }
  }
  return functions
}
