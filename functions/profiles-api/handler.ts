import { z } from 'zod';
import { dynamoDocumentClient } from '../../shared/aws/clients';
import { httpRoute } from '../../shared/aws/lambda-http';
import { DynamoConsentLedger, DynamoConsentStateReader } from '../../shared/aws/consent-store';
import { DynamoDecisionLogStore } from '../../shared/aws/decision-store';
import { DynamoProfileStore } from '../../shared/aws/profile-store';
import { pseudonymizationKey } from '../../shared/aws/secrets';
import { parseEnv, positiveInt } from '../../shared/config/env';
import { ConsentRegimeSchema } from '../../shared/consent/model';
import { HttpError } from '../../shared/http/errors';
import { pseudonymousId } from '../../shared/privacy/pseudonymize';
import { UserPathSchema } from '../../shared/privacy/user-id';
import { eraseProfile, readProfile } from '../../shared/profiles/profile-queries';
import { PipelineSettingsEnvSchema } from '../../shared/profiles/settings';
import { ProfileQuerySchema } from '../../shared/profiles/view';

const env = parseEnv(
  z.object({
    PROFILES_TABLE_NAME: z.string().min(1),
    PSEUDONYMIZATION_SECRET_ID: z.string().min(1),
    PIPELINE_SETTINGS: PipelineSettingsEnvSchema,
    DECISIONS_TABLE_NAME: z.string().min(1),
    CONSENTS_TABLE_NAME: z.string().min(1),
    CONSENT_REGIME: ConsentRegimeSchema,
    CONSENT_PROOF_RETENTION_DAYS: positiveInt,
  }),
);
const store = new DynamoProfileStore(dynamoDocumentClient(), env.PROFILES_TABLE_NAME);
const decisionLog = new DynamoDecisionLogStore(dynamoDocumentClient(), env.DECISIONS_TABLE_NAME, 0);
const consentLedger = new DynamoConsentLedger(dynamoDocumentClient(), env.CONSENTS_TABLE_NAME);
const consentState = new DynamoConsentStateReader(dynamoDocumentClient(), env.CONSENTS_TABLE_NAME, env.CONSENT_REGIME);
const uidOf = async (userId: string) => pseudonymousId(await pseudonymizationKey(env.PSEUDONYMIZATION_SECRET_ID), userId);

/** GET and DELETE /v1/profiles/{userId}: the path carries the raw id, which is pseudonymised before any lookup. */
export const handler = httpRoute({ path: UserPathSchema, query: ProfileQuerySchema, queryRoutes: ['GET /v1/profiles/{userId}'] }, async ({ path, query }, event) => {
  const uid = await uidOf(path.userId);
  switch (event.requestContext.http.method) {
    case 'GET':
      return { statusCode: 200, body: await readProfile(store, uid, { k: query.k, settings: env.PIPELINE_SETTINGS, now: Date.now(), consent: consentState }) };
    case 'DELETE':
      // The user's decisions first: the profile erasure answers 404 when there was no profile.
      await decisionLog.eraseUser(uid, new Date());
      // The consent state goes; only the proof of each recorded choice stays, for the retention period.
      await consentLedger.erase(uid, new Date(), env.CONSENT_PROOF_RETENTION_DAYS);
      await eraseProfile(store, uid, new Date());
      return { statusCode: 204 };
    default:
      throw new HttpError(405, 'MethodNotAllowed', `${event.requestContext.http.method} is not supported on this route`);
  }
});
