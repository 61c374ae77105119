import { mkdirSync } from 'node:fs'

import * as Flags from '@oclif/core/flags'

import { BaseCommand } from '../../cli/base-command.js'
import { priceCachePath, readPriceFile } from '../../cost/prices/price-file.js'
import { updatePriceCache } from '../../cost/prices/update.js'
import { UserError } from '../../errors.js'
import { writeFileAtomically } from '../../util/files.js'

export default class PricingUpdate extends BaseCommand {
  static override summary = 'Fetch current prices from the AWS Price List API into the local price cache.'
  static override description =
    'Calls pricing:GetProducts (every page) for Lambda, API Gateway, SQS, SNS, EventBridge, Step Functions, DynamoDB, ' +
    'CloudWatch, NAT gateways and Fargate in each region, and writes them, with the date, to prices.json in the cache ' +
    'directory (LAMBDAWISE_CACHE_DIR, else XDG_CACHE_HOME/lambdawise, else ~/.cache/lambdawise). estimate then prefers ' +
    'them to the bundled snapshot. Needs AWS credentials allowed pricing:GetProducts. If any service fails, the cache ' +
    'is left as it was and the command says what failed (exit 2). Default regions: those already in the cache, else ' +
    'AWS_REGION, else us-east-1.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --region eu-west-1',
    '<%= config.bin %> <%= command.id %> --region us-east-1 --region eu-central-1',
  ]

  static override flags = {
    region: Flags.string({ char: 'r', description: 'Region to fetch prices for (repeatable).', multiple: true }),
    'api-region': Flags.string({ description: 'Price List API endpoint region.', options: ['us-east-1', 'ap-south-1', 'eu-central-1'], default: 'us-east-1' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(PricingUpdate)
    const cacheFile = priceCachePath(this.config.cacheDir)
    const previous = readPriceFile(cacheFile, { optional: true, what: 'price cache' })
    const cachedRegions = [...new Set(previous?.prices.map((price) => price.key.region) ?? [])].sort()
    const regions = flags.region ?? (cachedRegions.length > 0 ? cachedRegions : [process.env.AWS_REGION || 'us-east-1'])
    // The SDK is only loaded for this command: estimate and lint start without it.
    const { fetchPrices, SERVICE_CODES } = await import('../../aws/pricing.js')
    const services = Object.keys(SERVICE_CODES)
    process.stderr.write(`fetching ${services.length} services × ${regions.length} region${regions.length === 1 ? '' : 's'} from the Price List API (${flags['api-region']})\n`)
    const { file, updates } = await updatePriceCache({
      regions,
      services,
      previous,
      now: new Date(),
      fetch: (service, region) => fetchPrices(service, region, { apiRegion: flags['api-region'] }),
      onProgress: (done) => process.stderr.write(`  ${done.region} ${done.service}: ${done.prices} prices\n`),
    })
    try {
      mkdirSync(this.config.cacheDir, { recursive: true })
    } catch (error) {
      throw new UserError(`cannot create the cache directory: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: this.config.cacheDir }, 'set LAMBDAWISE_CACHE_DIR to a writable directory')
    }
    writeFileAtomically(cacheFile, JSON.stringify(file, null, 2) + '\n')
    const total = updates.reduce((sum, update) => sum + update.prices, 0)
    process.stdout.write(`updated ${total} prices for ${regions.join(', ')} in ${cacheFile}\n`)
  }
}
