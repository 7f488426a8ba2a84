import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { dynamoDocumentClient, kinesisClient } from '../../shared/aws/clients';
import { DynamoConsentLedger, KinesisConsentStream } from '../../shared/aws/consent-store';
import { httpRoute, readJsonBody } from '../../shared/aws/lambda-http';
import { pseudonymizationKey } from '../../shared/aws/secrets';
import { parseEnv } from '../../shared/config/env';
import { ConsentRegimeSchema, ConsentRequestSchema } from '../../shared/consent/model';
import { readConsent, recordConsent } from '../../shared/consent/service';
import { badRequest, describeIssues, HttpError } from '../../shared/http/errors';
import { pseudonymousId } from '../../shared/privacy/pseudonymize';
import { UserPathSchema } from '../../shared/privacy/user-id';

const env = parseEnv(
  z.object({
    CONSENTS_TABLE_NAME: z.string().min(1),
    EVENTS_STREAM_NAME: z.string().min(1),
    PSEUDONYMIZATION_SECRET_ID: z.string().min(1),
    CONSENT_REGIME: ConsentRegimeSchema,
  }),
);
const deps = {
  ledger: new DynamoConsentLedger(dynamoDocumentClient(), env.CONSENTS_TABLE_NAME),
  stream: new KinesisConsentStream(kinesisClient(), env.EVENTS_STREAM_NAME),
  regime: env.CONSENT_REGIME,
  now: () => new Date(),
  newId: randomUUID,
};
const MAX_BODY_BYTES = 4096;

/**
 * PUT and GET /v1/consents/{userId}: the path carries the raw id, pseudonymised (canonical form, as
 * at the events edge) before anything is read or written. GET and PUT share one route function, so
 * the body is parsed here for PUT only.
 */
export const handler = httpRoute({ path: UserPathSchema }, async ({ path, caller }, event) => {
  const uid = pseudonymousId(await pseudonymizationKey(env.PSEUDONYMIZATION_SECRET_ID), path.userId);
  switch (event.requestContext.http.method) {
    case 'GET':
      return { statusCode: 200, body: await readConsent(uid, deps) };
    case 'PUT': {
      const parsed = ConsentRequestSchema.safeParse(readJsonBody(event, { maxBodyBytes: MAX_BODY_BYTES, required: true }));
      if (!parsed.success) throw badRequest('invalid request body', describeIssues(parsed.error.issues));
      return { statusCode: 200, body: await recordConsent(uid, parsed.data, caller, deps) };
    }
    default:
      throw new HttpError(405, 'MethodNotAllowed', `${event.requestContext.http.method} is not supported on this route`);
  }
});
