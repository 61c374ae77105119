/**
 * Reads a deployed stack's template from the CloudFormation API (`lint --stack`, `estimate --stack`).
 * The endpoint is the SDK's own: it honours `AWS_ENDPOINT_URL_CLOUDFORMATION` and `AWS_ENDPOINT_URL`
 * (and the shared config file's `endpoint_url`), which is how tests point it at moto server.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
import { CloudFormationClient, GetTemplateCommand, type TemplateStage } from '@aws-sdk/client-cloudformation'

import { UserError } from '../errors.js'
import { classifyAwsError, CREDENTIALS_HINT } from './errors.js'
import { parseTemplateText } from '../template/parse.js'
import { type ReadOptions, Template } from '../template/template.js'

export interface StackOptions {
  /** Else AWS_REGION, AWS_DEFAULT_REGION, the shared config file's region, us-east-1. */
  region?: string
}

export interface StackTemplate {
  /** The name findings show for it, `<stack>.stack.yaml` or `<stack>.stack.json` (see stackFileName). */
  file: string
  text: string
  /** The region it was read from. */
  region: string
}

/** CloudFormation's stack name pattern (CreateStack's StackName), or a stack id (its ARN). */
const STACK_NAME = /^[A-Za-z][-A-Za-z0-9]{0,127}$/
const STACK_ARN = /^arn:[a-z-]+:cloudformation:([a-z0-9-]+):\d{12}:stack\/([A-Za-z][-A-Za-z0-9]{0,127})\/[-A-Za-z0-9]+$/


/**
 * The template the stack was deployed from, as its author wrote it.
 *
 * `TemplateStage: 'Original'`, not CloudFormation's default `Processed`: for a SAM stack the
 * processed template is the transform's output, where `AWS::Serverless::Function` has become a
 * function, a role and event source mappings with generated logical ids (`MyFunctionRole`,
 * `MyFunctionMySqsEvent`), Globals are gone and the line numbers are those of a generated JSON
 * document. We read SAM natively, and findings should name the user's own logical ids and SAM
 * resources (design §3), so the original is what we want. For a template without transforms the
 * two stages are the same text. Processed is asked for only when Original comes back empty.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplate.html
 */
export async function fetchStackTemplate(stackName: string, options: StackOptions = {}): Promise<StackTemplate> {
  const arn = STACK_ARN.exec(stackName)
  const name = arn ? arn[2]! : stackName
  if (!arn && !STACK_NAME.test(stackName)) {
    throw new UserError(`${JSON.stringify(stackName)} is not a stack name`, undefined, 'a stack name starts with a letter and holds only letters, digits and hyphens (at most 128), or give the stack id (its ARN)')
  }
  const { client, region } = await clientFor(options.region ?? arn?.[1])
  try {
    let text: string | undefined
    for (const stage of ['Original', 'Processed'] satisfies TemplateStage[]) {
      const response = await client.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: stage })).catch((error: unknown) => {
        throw toUserError(error, name, region)
      })
      text = response.TemplateBody
      if (text) break
    }
    if (!text) throw new UserError(`stack ${name} in region ${region}: CloudFormation returned no template`, undefined, 'check the stack in the CloudFormation console')
    return { file: stackFileName(name, text), text, region }
  } finally {
    client.destroy()
  }
}

/**
 * A deployed stack's template, read as a template file would be. Local `DefinitionUri` files are
 * not read: a deployed template names S3 locations (sam deploy uploads them), and a relative path
 * in it points at nothing on this machine.
 */
export async function loadStackTemplate(stackName: string, options: StackOptions & ReadOptions = {}): Promise<Template> {
  const { file, text } = await fetchStackTemplate(stackName, options)
  return new Template(parseTemplateText(file, text), options)
}

/**
 * Findings print `file:line:col`, so the name must read as the file it stands for and be told
 * apart from a local template at a glance: `orders-prod.stack.yaml:12:5` says "the template of
 * stack orders-prod", with no colon of its own to confuse the `file:line:col` split (a
 * `stack:orders-prod` would print `stack:orders-prod:12:5`), and no directory that might exist.
 * A stack name has no dots or slashes, so the name is unambiguous. The extension follows the
 * text, so that a JSON template is read (and its errors reported) as strict JSON.
 */
export function stackFileName(stackName: string, text: string): string {
  return `${stackName}.stack.${isJson(text) ? 'json' : 'yaml'}`
}

function isJson(text: string): boolean {
  if (!/^\s*\{/.test(text)) return false
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** Region: ours, else the environment's, else the SDK's shared config file (AWS_PROFILE), else us-east-1. */
async function clientFor(region: string | undefined): Promise<{ client: CloudFormationClient; region: string }> {
  // The SDK reads AWS_REGION but not AWS_DEFAULT_REGION, which the AWS CLI and many CI set-ups use.
  const chosen = region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION
  // A stalled connection should not hang the command: the SDK has no request timeout by default.
  const common = { requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 } }
  // On Node 20 the SDK warns on stderr, at every run, that its releases after January 2027 will need
  // Node 22: advice for whoever picks our dependency versions, not for the person linting. A user
  // who sets the variable themselves keeps their choice.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  if (chosen) return { client: new CloudFormationClient({ ...common, region: chosen }), region: chosen }
  const client = new CloudFormationClient(common)
  try {
    const fromConfig = await client.config.region()
    if (fromConfig) return { client, region: fromConfig }
  } catch {
    // No region configured anywhere.
  }
  client.destroy()
  return { client: new CloudFormationClient({ ...common, region: 'us-east-1' }), region: 'us-east-1' }
}

/** Everything the API call can fail with is about the user's stack, account or network, not a bug here. */
function toUserError(error: unknown, stackName: string, region: string): UserError {
  const { failure, name, message, firstLine } = classifyAwsError(error)
  if (name === 'ValidationError' && /does not exist/i.test(message)) {
    return new UserError(`stack ${stackName} not found in region ${region}`, undefined, 'check the stack name and the region (--region, AWS_REGION)')
  }
  if (failure === 'credentials') return new UserError(`cannot read stack ${stackName}: ${firstLine}`, undefined, CREDENTIALS_HINT)
  if (failure === 'access-denied') {
    return new UserError(`cannot read stack ${stackName}: ${firstLine}`, undefined, 'the credentials need cloudformation:GetTemplate on the stack')
  }
  const endpoint = process.env.AWS_ENDPOINT_URL_CLOUDFORMATION || process.env.AWS_ENDPOINT_URL
  if (failure === 'network') {
    return new UserError(
      `cannot reach CloudFormation${endpoint ? ` at ${endpoint}` : ''} in region ${region}: ${firstLine}`,
      undefined,
      endpoint ? 'check that the endpoint is up (AWS_ENDPOINT_URL)' : 'check the network connection and the region',
    )
  }
  return new UserError(`cannot read stack ${stackName} in region ${region}: ${name === 'Error' ? '' : `${name}: `}${firstLine}`, undefined, 'check the stack name, the region and the credentials')
}
