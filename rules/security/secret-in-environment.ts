import { namesHiddenParameter, rawProperty } from '../../src/lint/facts/security.js'
import { defineRule } from '../../src/lint/rule.js'
import { asMap, possibleValues, Unresolved, type Value } from '../../src/template/values.js'

/**
 * Names of variables that hold a secret, by how the name ends: `DB_PASSWORD`, `apiKey`,
 * `STRIPE_SECRET_KEY`, `GITHUB_TOKEN`, `ClientSecret`, `DB_PWD` (a bare `PWD` is the working directory). `SECRET_ARN`, `TOKEN_TABLE` and `API_KEY_ID`
 * name where a secret is, not the secret.
 */
const SECRET_NAME = /(?:^|_)(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|SECRET_?(?:ACCESS_?)?KEY|CREDENTIALS?)$|_PWD$/

/** Values that are secrets whatever the variable is called; the prefix they are shown with. */
const SECRET_VALUES: { what: string; pattern: RegExp; shown: (match: string) => string }[] = [
  { what: 'an AWS access key id', pattern: /\bAKIA[0-9A-Z]{16}\b/, shown: () => 'AKIA****' },
  { what: 'a private key', pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/, shown: () => '-----BEGIN ... PRIVATE KEY----- ****' },
  { what: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/, shown: (match) => `${match.slice(0, match.indexOf('_') + 1)}****` },
  { what: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/, shown: (match) => `${match.slice(0, 5)}****` },
  { what: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, shown: () => 'eyJ****' },
]

/** `apiKey` -> `API_KEY`, `db-password` -> `DB_PASSWORD`. */
function screamingSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()
}

/**
 * A literal that is a secret's value rather than a pointer to one or a setting: not empty, not an
 * ARN, a dynamic reference (`{{resolve:secretsmanager:...}}`), an SSM parameter path, a URL or a flag.
 */
function isLiteralSecret(text: string): boolean {
  const value = text.trim()
  if (value === '' || value.includes('{{resolve:')) return false
  if (/^arn:/.test(value) || value.startsWith('/') || /^https?:\/\/[^@]*$/.test(value)) return false
  return !/^(true|false|yes|no|none|null|undefined|enabled|disabled|\d+)$/i.test(value)
}

export default defineRule({
  id: 'secret-in-environment',
  category: 'security',
  severity: 'error',
  title: 'A secret is written in plain text in a function environment variable',
  rationale:
    'A secret in a template is in the repository, in every deployment artifact and in the CloudFormation console; as an environment variable it is ' +
    'shown to anyone allowed lambda:GetFunctionConfiguration. It cannot be rotated without a deployment, and a leaked template leaks it.',
  fix:
    'Store it in AWS Secrets Manager (or an SSM SecureString parameter), pass the secret ARN or parameter name in the environment, grant the role ' +
    'secretsmanager:GetSecretValue, and read it at runtime (cached), for example with the AWS Parameters and Secrets Lambda Extension or Powertools.',
  docs: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html',
  equivalents: ['checkov:CKV_AWS_45'],
  messages: {
    byValue: '{{function}} sets {{variable}} to {{what}} ({{masked}}) in plain text: a secret in the template and in the function configuration',
    byName: '{{function}} sets {{variable}} to a literal value (masked here) in plain text: a secret in the template and in the function configuration',
  },
  kinds: ['function'],
  check({ node, resource, template, report }) {
    if (!resource) return
    const variables = asMap(asMap(resource.properties.Environment)?.Variables) ?? {}
    for (const [name, value] of Object.entries(variables)) {
      // The value of a NoEcho (or SSM-typed) parameter is given at deployment, not written here.
      if (namesHiddenParameter(template, rawProperty(template, resource, ['Environment', 'Variables', name]))) continue
      const finding = judge(name, value)
      if (finding) report({ path: ['Environment', 'Variables', name], messageId: finding.messageId, data: { function: node.logicalId, variable: name, ...finding.data } })
    }
  },
})

function judge(name: string, value: Value): { messageId: string; data: Record<string, string> } | undefined {
  for (const candidate of possibleValues(value)) {
    // Only the literal parts of `Fn::Sub`/`Fn::Join` text: what is unknown is not a literal.
    const text = typeof candidate === 'string' ? candidate : candidate instanceof Unresolved ? candidate.text?.replace(/\$\{[^}]*\}/g, ' ') : undefined
    if (text === undefined) continue
    for (const known of SECRET_VALUES) {
      const match = known.pattern.exec(text)
      if (match) return { messageId: 'byValue', data: { what: known.what, masked: known.shown(match[0]) } }
    }
    if (typeof candidate === 'string' && SECRET_NAME.test(screamingSnake(name)) && isLiteralSecret(candidate)) {
      return { messageId: 'byName', data: {} }
    }
  }
  return undefined
}
