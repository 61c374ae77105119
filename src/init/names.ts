import { UserError } from '../errors.js'

/**
 * A project name becomes the CloudFormation stack name, the npm package name and (by default) the directory:
 * lowercase letters, digits and single hyphens, starting with a letter, at most 40 characters. That is the
 * intersection of the three rules (npm: lowercase, URL-safe; CloudFormation: [a-zA-Z][-a-zA-Z0-9]*, 128 max),
 * short enough that resource names derived from the stack name stay under AWS's 64-character limits.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-using-console-create-stack-parameters.html
 */
export const NAME_RULE = 'lowercase letters, digits and hyphens, 1-40 characters, starting with a letter (it becomes the stack and package name)'

export function isValidName(name: string): boolean {
  return nameProblem(name) === undefined
}

/** Why a name is refused, or undefined when it is fine (prompts show this as they validate). */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty'
  if (name.length > 40) return `the name is ${name.length} characters; at most 40`
  if (!/^[a-z]/.test(name)) return 'the name must start with a lowercase letter'
  if (/[^a-z0-9-]/.test(name)) return 'the name may hold only lowercase letters, digits and hyphens'
  if (/--|-$/.test(name)) return 'the name may not end with a hyphen or hold two in a row'
  return undefined
}

export function validateName(name: string, flag = '--name'): string {
  const problem = nameProblem(name)
  if (problem) throw new UserError(`${flag} "${name}": ${problem}`, undefined, NAME_RULE)
  return name
}

/** `order-api` → `OrderApi`: for CloudFormation logical ids and TypeScript identifiers in patterns. */
export function pascalCase(name: string): string {
  return name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')
}

/** Pattern ids are directory names under templates/: kebab-case, so they are safe as paths and flags. */
export function isValidPatternId(id: string): boolean {
  return /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(id) && id.length <= 64
}
