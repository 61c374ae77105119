import { isoDay, runtimeLifecycle } from '../../src/lint/facts/runtimes.js'
import { defineRule } from '../../src/lint/rule.js'
import type { Template } from '../../src/template/template.js'
import { asArray, asString, displayText, referencesIn, type Value, type ValueMap } from '../../src/template/values.js'

/**
 * Lambda duration price per GB-second, first tier, us-east-1 (https://aws.amazon.com/lambda/pricing/):
 * arm64 (Graviton) is billed 20% less than x86_64 for the same memory and duration.
 */
const X86_PRICE_PER_GB_SECOND = 0.0000166667
const ARM_PRICE_PER_GB_SECOND = 0.0000133334
const SAVING_PERCENT = Math.round((1 - ARM_PRICE_PER_GB_SECOND / X86_PRICE_PER_GB_SECOND) * 100)

/**
 * Managed runtimes whose code is architecture-neutral (interpreted, or bytecode on a VM). Go and
 * Rust on `provided.*` are compiled for one architecture: moving them is a rebuild we cannot see,
 * so they are left out, as are container images (the image is built for one architecture).
 */
const PORTABLE_RUNTIME = /^(nodejs|python|java|ruby|dotnet)/
/** Amazon Linux 1 runtimes: Lambda never offered them on arm64 (https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html). */
const X86_ONLY_RUNTIMES = new Set([
  'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'python2.7', 'python3.6', 'python3.7',
  'ruby2.5', 'java8', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1',
])

export default defineRule({
  id: 'x86-could-be-arm64',
  category: 'cost',
  severity: 'info',
  title: 'A function on an architecture-neutral runtime runs on x86_64 instead of the cheaper arm64',
  rationale:
    `Lambda bills arm64 (Graviton) ${SAVING_PERCENT}% less per GB-second than x86_64, and for Node.js, Python, Java, .NET and Ruby code the ` +
    'performance is usually the same or better. The function code does not change; only native dependencies must be built for arm64.',
  fix:
    'Set `Architectures: [arm64]` (in SAM, once in Globals.Function). Rebuild the package so native modules are compiled for arm64 ' +
    '(sam build and CDK bundling do this from the architecture), use the arm64 build of each layer and extension ' +
    '(Lambda Insights, Powertools and most vendors publish one), run the tests, and compare duration before and after.',
  docs: 'https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html',
  equivalents: [],
  messages: {
    x86:
      `{{function}} ({{runtime}}) runs on x86_64: arm64 costs ${SAVING_PERCENT}% less per GB-second ` +
      `($${ARM_PRICE_PER_GB_SECOND} vs $${X86_PRICE_PER_GB_SECOND} in us-east-1) with the same code. Set Architectures: [arm64]`,
    layers:
      `{{function}} ({{runtime}}) runs on x86_64: arm64 costs ${SAVING_PERCENT}% less per GB-second ` +
      `($${ARM_PRICE_PER_GB_SECOND} vs $${X86_PRICE_PER_GB_SECOND} in us-east-1). It uses {{layers}} layer(s): native code in a layer is built for one architecture, ` +
      'so check that each has an arm64 build and switch to it before setting Architectures: [arm64]',
  },
  kinds: ['function'],
  check({ node, resource, template, today, report }) {
    if (!resource || (resource.type !== 'AWS::Lambda::Function' && resource.type !== 'AWS::Serverless::Function')) return
    const properties = resource.properties
    if (properties.PackageType !== undefined && properties.PackageType !== 'Zip') return
    if (properties.ImageUri !== undefined) return
    if (!isX86(properties.Architectures)) return
    const runtime = asString(properties.Runtime)
    if (!runtime || !PORTABLE_RUNTIME.test(runtime) || X86_ONLY_RUNTIMES.has(runtime)) return
    // A runtime Lambda already blocks must move first (blocked-runtime); the architecture can move with it.
    const dates = runtimeLifecycle(runtime)
    if (dates && dates.createBlocked <= isoDay(today)) return
    if (runsAtEdge(template, properties)) return
    const layers = asArray(properties.Layers)
    // A layer built for x86 by name is a deliberate choice of this architecture.
    if (layers.some((layer) => /x86|amd64/i.test(displayText(layer) ?? ''))) return
    report({
      ...(properties.Architectures !== undefined ? { path: ['Architectures'] } : {}),
      messageId: layers.length > 0 ? 'layers' : 'x86',
      data: { function: node.logicalId, runtime, layers: layers.length },
    })
  },
})

/**
 * Lambda@Edge runs only x86_64 functions (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html);
 * its execution role must trust edgelambda.amazonaws.com, which is how we recognise it.
 */
function runsAtEdge(template: Template, properties: ValueMap): boolean {
  const trustPolicies: Value[] = [properties.AssumeRolePolicyDocument ?? null]
  for (const role of referencesIn(properties.Role)) trustPolicies.push(template.resources.get(role.id)?.properties.AssumeRolePolicyDocument ?? null)
  return trustPolicies.some((policy) => JSON.stringify(policy ?? null).includes('edgelambda.amazonaws.com'))
}

/** Absent (the default is x86_64) or exactly `[x86_64]`; anything unresolved is not judged. */
function isX86(architectures: Value | undefined): boolean {
  if (architectures === undefined) return true
  return Array.isArray(architectures) && architectures.length === 1 && architectures[0] === 'x86_64'
}
