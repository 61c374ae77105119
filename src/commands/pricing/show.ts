import * as Flags from '@oclif/core/flags'

import { BaseCommand } from '../../cli/base-command.js'
import { pricesInUse, pricesToTable } from '../../cost/prices/show.js'
import { openPriceSource } from '../../cost/prices/sources.js'

export default class PricingShow extends BaseCommand {
  static override summary = 'Show the prices estimate uses, where each comes from and from when.'
  static override description =
    'Prices come from the cache that `pricing update` writes (in the cache directory: LAMBDAWISE_CACHE_DIR, else ' +
    'XDG_CACHE_HOME/lambdawise, else ~/.cache/lambdawise) over the snapshot bundled with lambdawise; --prices FILE ' +
    'replaces both. Each row gives the first tier\'s price per unit and the number of tiers.'

  static override examples = ['<%= config.bin %> <%= command.id %> --region eu-west-1', '<%= config.bin %> <%= command.id %> --format json']

  static override flags = {
    region: Flags.string({ char: 'r', description: 'Only this region.' }),
    prices: Flags.string({ description: 'A price file instead of the bundled snapshot and the cache.' }),
    format: Flags.string({ char: 'f', description: 'Output format.', options: ['table', 'json'], default: 'table' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(PricingShow)
    const source = openPriceSource({ pricesFile: flags.prices, cacheDirectory: this.config.cacheDir })
    if (flags.region !== undefined) source.requireRegion(flags.region)
    const prices = pricesInUse(source, flags.region)
    if (flags.format === 'json') {
      process.stdout.write(JSON.stringify({ sources: source.layers.map((layer) => layer.label), prices: prices.map(({ price, from, fetchedAt }) => ({ ...price, from, ...(fetchedAt ? { fetchedAt } : {}) })) }, null, 2) + '\n')
      return
    }
    process.stdout.write(`prices from: ${source.layers.map((layer) => layer.label).join(', then ')}\n\n`)
    process.stdout.write(pricesToTable(prices))
  }
}
