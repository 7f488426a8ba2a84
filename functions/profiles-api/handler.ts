import { z } from 'zod';
import { dynamoDocumentClient } from '../../shared/aws/clients';
import { httpRoute } from '../../shared/aws/lambda-http';
import { DynamoProfileStore } from '../../shared/aws/profile-store';
import { pseudonymizationKey } from '../../shared/aws/secrets';
import { parseEnv } from '../../shared/config/env';
import { HttpError } from '../../shared/http/errors';
import { pseudonymousId } from '../../shared/privacy/pseudonymize';
import { UserIdSchema } from '../../shared/privacy/user-id';
import { eraseProfile, readProfile } from '../../shared/profiles/profile-queries';
import { PipelineSettingsEnvSchema } from '../../shared/profiles/settings';
import { ProfileQuerySchema } from '../../shared/profiles/view';

const env = parseEnv(
  z.object({
    PROFILES_TABLE_NAME: z.string().min(1),
    PSEUDONYMIZATION_SECRET_ID: z.string().min(1),
    PIPELINE_SETTINGS: PipelineSettingsEnvSchema,
  }),
);
const store = new DynamoProfileStore(dynamoDocumentClient(), env.PROFILES_TABLE_NAME);
/** The same canonical user id as the events ingest: what was posted under " spacey " is read and erased as "spacey". */
const PathSchema = z.object({ userId: UserIdSchema });
const uidOf = async (userId: string) => pseudonymousId(await pseudonymizationKey(env.PSEUDONYMIZATION_SECRET_ID), userId);

/** GET and DELETE /v1/profiles/{userId}: the path carries the raw id, which is pseudonymised before any lookup. */
export const handler = httpRoute({ path: PathSchema, query: ProfileQuerySchema }, async ({ path, query }, event) => {
  const uid = await uidOf(path.userId);
  switch (event.requestContext.http.method) {
    case 'GET':
      return { statusCode: 200, body: await readProfile(store, uid, { k: query.k, settings: env.PIPELINE_SETTINGS, now: Date.now() }) };
    case 'DELETE':
      await eraseProfile(store, uid, new Date());
      return { statusCode: 204 };
    default:
      throw new HttpError(405, 'MethodNotAllowed', `${event.requestContext.http.method} is not supported on this route`);
  }
});
