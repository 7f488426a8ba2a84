import type { z } from 'zod';

/** Account id of every local resource: the one LocalStack and the AWS docs' examples use. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * An AWS-style failure. The server turns it into a 4xx response whose body carries `__type`, which is
 * what SDK v3 reads to throw the matching named exception (e.g. `QueueDoesNotExist`).
 */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
    /** awsQueryCompatible services (SQS) also report their legacy query error code in `x-amzn-query-error`. */
    readonly queryErrorCode?: string,
  ) {
    super(message);
    this.name = type;
  }
}

export type Operation = (input: unknown) => unknown;

/** One service behind the `X-Amz-Target` header, `<targetPrefix>.<OperationName>`. */
export interface JsonService {
  targetPrefix: string;
  /** `application/x-amz-json-1.0` or `-1.1`, as in the service's Smithy model. */
  contentType: string;
  operations: Record<string, Operation>;
}

/** What every service needs to know about where it runs. */
export interface ServiceContext {
  region: string;
  /** The server's base URL; only known once it listens, hence a function. */
  endpoint(): string;
}

/**
 * Returns a parser for operation inputs: a mismatch is the caller's fault and becomes the error type the
 * real service uses for malformed requests.
 */
export function inputParser(validationErrorType: string) {
  return <Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> => {
    const result = schema.safeParse(input);
    if (result.success) return result.data;
    const issues = result.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
    throw new AwsServiceError(validationErrorType, issues.join('; '));
  };
}

/** Seconds since the epoch, the timestamp format of the AWS JSON protocols. */
export const epochSeconds = (epochMs: number): number => epochMs / 1000;
