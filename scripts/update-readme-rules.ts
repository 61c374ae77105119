// `npm run docs`: rewrites the README's rule table from the rules' metadata.
import { readFileSync, writeFileSync } from 'node:fs'

import { ALL_RULES } from '../rules/index.js'
import { withRuleTable } from '../src/lint/docs.js'

const readme = readFileSync('README.md', 'utf8')
const updated = withRuleTable(readme, ALL_RULES)
if (updated !== readme) writeFileSync('README.md', updated)
