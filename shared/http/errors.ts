/**
 * Errors that carry their HTTP meaning, thrown by use cases and request parsing and turned into
 * `{ error: { code, message, details } }` responses by the handlers' error middleware.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'BadRequest', message, details);
export const notFound = (message: string) => new HttpError(404, 'NotFound', message);
export const conflict = (message: string, details?: unknown) => new HttpError(409, 'Conflict', message, details);
export const payloadTooLarge = (limitBytes: number) => new HttpError(413, 'PayloadTooLarge', `request body exceeds ${limitBytes} bytes`);
export const unsupportedMediaType = (contentType: string, accepted: string) => new HttpError(415, 'UnsupportedMediaType', `content-type ${JSON.stringify(contentType)} is not accepted: send ${accepted}`);
export const unprocessable = (message: string, details?: unknown) => new HttpError(422, 'Unprocessable', message, details);
export const serviceUnavailable = (message: string, details?: unknown) => new HttpError(503, 'ServiceUnavailable', message, details);

/** Formats zod issues as `path: message` lines a caller can act on. */
export const describeIssues = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) =>
  issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
