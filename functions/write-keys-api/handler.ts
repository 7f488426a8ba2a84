import { z } from 'zod';
import { dynamoDocumentClient } from '../../shared/aws/clients';
import { httpRoute, readJsonBody } from '../../shared/aws/lambda-http';
import { DynamoWriteKeyStore } from '../../shared/aws/write-key-store';
import { parseEnv } from '../../shared/config/env';
import { badRequest, describeIssues, HttpError, notFound } from '../../shared/http/errors';
import { createWriteKey, CreateWriteKeyRequestSchema, KeyIdPathSchema, summary } from '../../shared/sources/write-keys';

const env = parseEnv(z.object({ WRITE_KEYS_TABLE_NAME: z.string().min(1) }));
const store = new DynamoWriteKeyStore(dynamoDocumentClient(), env.WRITE_KEYS_TABLE_NAME);
const MAX_BODY_BYTES = 4096;

/**
 * POST /v1/write-keys (the key is in this answer and nowhere else), GET /v1/write-keys (ids, names,
 * dates; never a key or its hash), DELETE /v1/write-keys/{keyId} (revokes; the record stays for audit).
 */
export const handler = httpRoute({ path: z.object({ keyId: KeyIdPathSchema.optional() }) }, async ({ path }, event) => {
  switch (event.routeKey) {
    case 'POST /v1/write-keys': {
      const parsed = CreateWriteKeyRequestSchema.safeParse(readJsonBody(event, { maxBodyBytes: MAX_BODY_BYTES, required: true }));
      if (!parsed.success) throw badRequest('invalid request body', describeIssues(parsed.error.issues));
      return { statusCode: 201, body: await createWriteKey(store, parsed.data.name, new Date()) };
    }
    case 'GET /v1/write-keys':
      return { statusCode: 200, body: { keys: (await store.list()).map(summary) } };
    case 'DELETE /v1/write-keys/{keyId}': {
      const revoked = await store.revoke(path.keyId!, new Date().toISOString());
      if (!revoked) throw notFound(`no write key ${path.keyId}`);
      return { statusCode: 200, body: { key: summary(revoked) } };
    }
    default:
      throw new HttpError(405, 'MethodNotAllowed', `${event.routeKey} is not supported by this function`);
  }
});
