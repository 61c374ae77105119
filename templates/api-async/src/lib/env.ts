/** A resource name the template passes in; missing means a broken deployment, so fail at load time. */
export function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`environment variable ${name} is not set`)
  return value
}
