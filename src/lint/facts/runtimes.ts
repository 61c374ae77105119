import type { TemplateResource } from '../../template/template.js'
import { asString, possibleValues } from '../../template/values.js'

/**
 * Lambda managed runtimes: when each is deprecated, and when Lambda blocks creating and then
 * updating functions that use it.
 *
 * Source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html ("Supported runtimes"
 * and "Deprecated runtimes" tables: Deprecation date, Block function create, Block function
 * update), taken 2026-11-27 and cross-checked with cfn-lint 1.51.0
 * (cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json, used by its W2531/E2531/E2533 rules):
 * every date below agrees with it. AWS moves these dates (mostly later); update this table with
 * the page, never guess. Runtimes Lambda never dated (dotnet10) are left out.
 */
export interface RuntimeLifecycle {
  /** No more security patches or support (YYYY-MM-DD, UTC). */
  deprecated: string
  /** From this day CreateFunction with this runtime fails: new stacks, new regions, new accounts. */
  createBlocked: string
  /** From this day UpdateFunctionCode/Configuration fails: the function can no longer be changed. */
  updateBlocked: string
  /** What to move to. */
  successor: string
}

const NODE = 'nodejs24.x'
const PYTHON = 'python3.14'
const JAVA = 'java25'
const DOTNET = 'dotnet10'
const RUBY = 'ruby3.4'
const OS_ONLY = 'provided.al2023'

const lifecycle = (deprecated: string, createBlocked: string, updateBlocked: string, successor: string): RuntimeLifecycle => ({ deprecated, createBlocked, updateBlocked, successor })

export const RUNTIME_LIFECYCLE: Readonly<Record<string, RuntimeLifecycle>> = {
  // Node.js
  nodejs: lifecycle('2016-08-30', '2016-09-30', '2016-10-31', NODE),
  'nodejs4.3': lifecycle('2020-03-05', '2020-02-03', '2020-03-05', NODE),
  'nodejs4.3-edge': lifecycle('2020-03-05', '2019-03-31', '2019-04-30', NODE),
  'nodejs6.10': lifecycle('2019-08-12', '2019-07-12', '2019-08-12', NODE),
  'nodejs8.10': lifecycle('2020-03-06', '2020-02-04', '2020-03-06', NODE),
  'nodejs10.x': lifecycle('2021-07-30', '2021-07-30', '2022-02-14', NODE),
  'nodejs12.x': lifecycle('2023-03-31', '2023-03-31', '2023-04-30', NODE),
  'nodejs14.x': lifecycle('2023-12-04', '2024-01-09', '2026-07-01', NODE),
  'nodejs16.x': lifecycle('2024-06-12', '2026-06-01', '2026-07-01', NODE),
  'nodejs18.x': lifecycle('2025-09-01', '2026-06-01', '2026-07-01', NODE),
  'nodejs20.x': lifecycle('2026-04-30', '2026-06-01', '2026-07-01', NODE),
  'nodejs22.x': lifecycle('2027-04-30', '2027-06-01', '2027-07-01', NODE),
  'nodejs24.x': lifecycle('2028-04-30', '2028-06-01', '2028-07-01', NODE),
  // Python
  'python2.7': lifecycle('2021-07-15', '2021-07-15', '2022-05-30', PYTHON),
  'python3.6': lifecycle('2022-07-18', '2022-07-18', '2022-08-29', PYTHON),
  'python3.7': lifecycle('2023-12-04', '2024-01-09', '2026-03-09', PYTHON),
  'python3.8': lifecycle('2024-10-14', '2026-06-01', '2026-07-01', PYTHON),
  'python3.9': lifecycle('2025-12-15', '2026-06-01', '2026-07-01', PYTHON),
  'python3.10': lifecycle('2026-06-30', '2026-07-31', '2026-08-31', PYTHON),
  'python3.11': lifecycle('2026-06-30', '2026-07-31', '2026-08-31', PYTHON),
  'python3.12': lifecycle('2028-10-31', '2028-11-30', '2029-01-10', PYTHON),
  'python3.13': lifecycle('2029-06-30', '2029-07-31', '2029-08-31', PYTHON),
  'python3.14': lifecycle('2029-06-30', '2029-07-31', '2029-08-31', PYTHON),
  // Java (java8 is Amazon Linux 1; java8.al2 is Amazon Linux 2)
  java8: lifecycle('2024-01-08', '2024-02-08', '2026-07-01', JAVA),
  'java8.al2': lifecycle('2026-06-30', '2026-07-31', '2026-08-31', JAVA),
  java11: lifecycle('2026-06-30', '2026-07-31', '2026-08-31', JAVA),
  java17: lifecycle('2026-06-30', '2026-07-31', '2026-08-31', JAVA),
  java21: lifecycle('2029-06-30', '2029-07-31', '2029-08-31', JAVA),
  java25: lifecycle('2029-06-30', '2029-07-31', '2029-08-31', JAVA),
  // .NET
  'dotnetcore1.0': lifecycle('2019-06-27', '2019-06-30', '2019-07-30', DOTNET),
  'dotnetcore2.0': lifecycle('2019-05-30', '2019-04-30', '2019-05-30', DOTNET),
  'dotnetcore2.1': lifecycle('2022-01-05', '2022-01-05', '2022-04-13', DOTNET),
  'dotnetcore3.1': lifecycle('2023-04-03', '2023-04-03', '2023-05-03', DOTNET),
  dotnet6: lifecycle('2024-12-20', '2026-06-01', '2026-07-01', DOTNET),
  dotnet8: lifecycle('2026-11-10', '2026-12-10', '2027-01-11', DOTNET),
  // Ruby
  'ruby2.5': lifecycle('2021-07-30', '2021-07-30', '2022-03-31', RUBY),
  'ruby2.7': lifecycle('2023-12-07', '2024-01-09', '2026-07-01', RUBY),
  'ruby3.2': lifecycle('2026-03-31', '2026-06-01', '2026-07-01', RUBY),
  'ruby3.3': lifecycle('2027-03-31', '2027-04-30', '2027-05-31', RUBY),
  'ruby3.4': lifecycle('2028-03-31', '2028-04-30', '2028-05-31', RUBY),
  // OS-only runtimes (go1.x and provided are Amazon Linux 1)
  'go1.x': lifecycle('2024-01-08', '2024-02-08', '2026-07-01', OS_ONLY),
  provided: lifecycle('2024-01-08', '2024-02-08', '2026-07-01', OS_ONLY),
  'provided.al2': lifecycle('2026-06-30', '2026-07-31', '2026-08-31', OS_ONLY),
  'provided.al2023': lifecycle('2029-06-30', '2029-07-31', '2029-08-31', OS_ONLY),
}

export function runtimeLifecycle(runtime: string): RuntimeLifecycle | undefined {
  return Object.hasOwn(RUNTIME_LIFECYCLE, runtime) ? RUNTIME_LIFECYCLE[runtime] : undefined
}

/** The UTC calendar day of a date, as YYYY-MM-DD (the table's format, so strings compare as dates). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** Whole days from `today` to a YYYY-MM-DD day (negative when it is past). */
export function daysUntil(day: string, today: Date): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${isoDay(today)}T00:00:00Z`)) / 86_400_000)
}

/** YYYY-MM-DD as "Jun 1, 2026", the way the AWS runtimes page writes dates. */
export function displayDay(day: string): string {
  // Formatted by hand: toLocaleDateString builds an Intl formatter on every call (~0.25 ms each,
  // a quarter of a second on a 1,000-function template).
  const [year, month, date] = day.split('-').map(Number)
  return `${MONTHS[(month ?? 1) - 1]} ${date}, ${year}`
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Every runtime a function may be deployed with (both branches of a condition; unresolved ones left out). */
export function runtimesOf(resource: TemplateResource | undefined): Set<string> {
  return new Set(possibleValues(resource?.properties.Runtime).map(asString).filter((runtime): runtime is string => runtime !== undefined))
}
