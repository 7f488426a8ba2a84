/**
 * Whether an error is one a resend can fix (a throttled or briefly unavailable dependency, a lost
 * connection, contention), so the API may answer 503 "resend" for it. Everything else (a refused
 * request, a bug) is not: saying "resend" there would send clients into a loop that never succeeds.
 * Duck-typed on the AWS SDK v3 error shape (`$retryable`, `$metadata.httpStatusCode`, `name`) so
 * the domain core needs no SDK import.
 */
const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'InternalServerErrorException',
  'InternalFailure',
  'InternalError',
  'InternalException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionConflictException',
  'KMSThrottlingException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** An error the code raises itself for a condition that passes (contention, a dependency that is down). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  readonly retryable = true;
}

export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { name?: unknown; code?: unknown; retryable?: unknown; $retryable?: unknown; $metadata?: { httpStatusCode?: unknown }; cause?: unknown };
  if (candidate.retryable === true || candidate.$retryable) return true;
  if (typeof candidate.name === 'string' && RETRYABLE_NAMES.has(candidate.name)) return true;
  if (typeof candidate.code === 'string' && RETRYABLE_CODES.has(candidate.code)) return true;
  const status = candidate.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status >= 500 || status === 429)) return true;
  return candidate.cause !== undefined && candidate.cause !== error && isRetryable(candidate.cause);
}
