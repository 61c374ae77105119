/** The variables the SDK reads for endpoint, region, retries and credentials: each test sets its own. */
const AWS_VARIABLES = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_CLOUDFORMATION',
  'AWS_ENDPOINT_URL_PRICING',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_MAX_ATTEMPTS',
  'AWS_RETRY_MODE',
]
const savedEnvironment = Object.fromEntries(AWS_VARIABLES.map((name) => [name, process.env[name]]))

/** Dummy credentials, and nothing from the developer's ~/.aws or an instance role. */
export function isolatedEnvironment(extra: Record<string, string>): void {
  for (const name of AWS_VARIABLES) delete process.env[name]
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_CONFIG_FILE: '/nonexistent/lambdawise-test/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/lambdawise-test/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    // The SDK's "releases after January 2027 need Node 22" warning, which src/aws turns off too.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  })
}

/** Puts the variables back as they were before the test file ran (use in afterEach). */
export function restoreEnvironment(): void {
  for (const [name, value] of Object.entries(savedEnvironment)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
}
