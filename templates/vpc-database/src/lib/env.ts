/** A required environment variable; fails at cold start, not half-way through a request, when it is missing. */
export function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`Environment variable ${name} is not set`)
  return value
}
