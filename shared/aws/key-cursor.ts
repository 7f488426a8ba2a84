import type { z } from 'zod';

/**
 * The one cursor mechanism of the paged routes (`GET /v1/reviews`, `…/allocations`): a cursor is the
 * query's LastEvaluatedKey as base64url'd JSON, and is taken back only if it parses with the route's
 * strict schema of that key (every attribute of the form the table writes, nothing else). A forged or
 * truncated cursor is refused here, as a reason, before it reaches DynamoDB, which answers a malformed
 * start key with a ValidationException (a 500). What a key must also name (a campaign's partition)
 * the caller checks on the parsed key.
 */
export const encodeKeyCursor = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

export function decodeKeyCursor<T>(cursor: string, schema: z.ZodType<T>, what: string): { ok: true; key: T } | { ok: false; reason: string } {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return { ok: false, reason: 'not base64url' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, key: parsed.data } : { ok: false, reason: `not a key of ${what}` };
}
