import { describe, expect, it } from 'vitest'

import { UserError } from '../../src/errors.js'
import { isValidName, isValidPatternId, nameProblem, pascalCase, validateName } from '../../src/init/names.js'

describe('project names', () => {
  it.each(['a', 'orders', 'order-api', 'api2', 'a'.repeat(40), 'x-1-y'])('accepts %s', (name) => {
    expect(isValidName(name)).toBe(true)
    expect(validateName(name)).toBe(name)
  })

  it.each([
    ['', 'empty'],
    ['Orders', 'lowercase letter'],
    ['1api', 'lowercase letter'],
    ['-api', 'lowercase letter'],
    ['api-', 'hyphen'],
    ['a--b', 'hyphen'],
    ['my_api', 'only lowercase'],
    ['../etc', 'lowercase letter'],
    ['a/../../b', 'only lowercase'],
    ['a b', 'only lowercase'],
    ['a.b', 'only lowercase'],
    ['a\nb', 'only lowercase'],
    ['a'.repeat(41), 'at most 40'],
  ])('refuses %j (%s)', (name, reason) => {
    expect(isValidName(name)).toBe(false)
    expect(nameProblem(name)).toContain(reason)
    expect(() => validateName(name)).toThrow(UserError)
  })

  it('names the flag and the rule in the error', () => {
    const error = (() => {
      try {
        validateName('Bad', '--name')
      } catch (caught) {
        return caught as UserError
      }
    })()
    expect(error?.format()).toMatch(/^--name "Bad": .*lowercase letters, digits and hyphens/)
  })

  it('makes PascalCase for logical ids', () => {
    expect(pascalCase('order-api')).toBe('OrderApi')
    expect(pascalCase('orders')).toBe('Orders')
    expect(pascalCase('a-2-b')).toBe('A2B')
  })

  it('checks pattern ids as kebab-case directory names', () => {
    expect(isValidPatternId('api-crud')).toBe(true)
    expect(isValidPatternId('_base')).toBe(false)
    expect(isValidPatternId('Api')).toBe(false)
    expect(isValidPatternId('a/b')).toBe(false)
  })
})
