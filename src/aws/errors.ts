/** What kind of failure an AWS SDK error is, so each client can say it in its own words. */
export type AwsFailure = 'credentials' | 'access-denied' | 'network' | 'throttling' | 'other'

/** Network failures, as Node and the SDK's HTTP handler name them. */
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'])
const NETWORK_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'NetworkingError'])
const CREDENTIAL_ERROR_NAMES = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
])
const THROTTLING_ERROR_NAMES = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded'])

export const CREDENTIALS_HINT = 'configure AWS credentials (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)'

export interface AwsErrorFacts {
  failure: AwsFailure
  name: string
  message: string
  /** The first line of the message (or the name), for one-line errors. */
  firstLine: string
  metadata?: { attempts?: number; httpStatusCode?: number }
}

export function classifyAwsError(error: unknown): AwsErrorFacts {
  const { name, message, code, $metadata } = error instanceof Error
    ? (error as Error & { code?: string; $metadata?: { attempts?: number; httpStatusCode?: number } })
    : { name: 'Error', message: String(error), code: undefined, $metadata: undefined }
  const firstLine = message.split('\n')[0]!.trim() || name
  const failure: AwsFailure = THROTTLING_ERROR_NAMES.has(name)
    ? 'throttling'
    : CREDENTIAL_ERROR_NAMES.has(name) || /credential/i.test(name)
      ? 'credentials'
      : name === 'AccessDenied' || name === 'AccessDeniedException'
        ? 'access-denied'
        : (code && NETWORK_ERROR_CODES.has(code)) || NETWORK_ERROR_NAMES.has(name)
          ? 'network'
          : 'other'
  return { failure, name, message, firstLine, ...($metadata ? { metadata: $metadata } : {}) }
}
