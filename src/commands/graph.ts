import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import { BaseCommand, parameterFlag, parseParameterFlags } from '../cli/base-command.js'
import { graphToDot } from '../graph/render/dot.js'
import { graphToJson } from '../graph/render/json.js'
import { graphToMermaid } from '../graph/render/mermaid.js'
import { loadGraph } from '../index.js'

export default class Graph extends BaseCommand {
  static override summary = 'Print the architecture graph of a serverless application.'
  static override description =
    'Reads CloudFormation/SAM templates (YAML or JSON), CDK synth output (cdk.out/*.template.json) and Serverless ' +
    'Framework output (.serverless/cloudformation-template-update-stack.json), and prints every resource and how ' +
    'they call each other: sync (the caller waits), async (fire and forget) or poll (the Lambda service polls a ' +
    'queue or stream). The json format is a stable contract, documented in docs/graph.md.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> examples/order-processing',
    '<%= config.bin %> <%= command.id %> template.yaml --format json',
    '<%= config.bin %> <%= command.id %> cdk.out --format dot | dot -Tsvg > architecture.svg',
  ]

  static override args = {
    path: Args.string({ description: 'Template file or directory to discover templates in.', default: '.' }),
  }

  static override flags = {
    format: Flags.string({ char: 'f', description: 'Output format.', options: ['mermaid', 'dot', 'json'], default: 'mermaid' }),
    code: Flags.boolean({ description: 'Read the handler code: its SDK calls become edges (via code); --no-code draws the templates alone.', default: true, allowNo: true }),
    parameter: parameterFlag,
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Graph)
    const { graph, templates } = await loadGraph([args.path], { parameters: parseParameterFlags(flags.parameter), code: flags.code })
    for (const warning of templates.flatMap((template) => template.warnings)) process.stderr.write(`warning: ${warning.format()}\n`)
    const output =
      flags.format === 'json' ? JSON.stringify(graphToJson(graph), null, 2) + '\n' : flags.format === 'dot' ? graphToDot(graph) : graphToMermaid(graph)
    process.stdout.write(output)
  }
}
