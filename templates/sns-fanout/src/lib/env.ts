/** A setting the template provides; failing at start-up beats failing on the first message. */
export function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`environment variable ${name} is not set`)
  return value
}
