import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { dynamoDocumentClient, kinesisClient } from '../../shared/aws/clients';
import { DynamoProfileSnapshotReader } from '../../shared/aws/decision-profile-reader';
import { DynamoExperimentStore } from '../../shared/aws/decision-store';
import { KinesisDecisionStream } from '../../shared/aws/decision-stream';
import { httpRoute } from '../../shared/aws/lambda-http';
import { metrics } from '../../shared/aws/observability';
import { pseudonymizationKey } from '../../shared/aws/secrets';
import { parseEnv, positiveInt } from '../../shared/config/env';
import { ConsentRegimeSchema } from '../../shared/consent/model';
import { DecisionRequestSchema } from '../../shared/decisions/schemas';
import { decide, ExperimentCache } from '../../shared/decisions-service/decide';
import { pseudonymousId } from '../../shared/privacy/pseudonymize';
import { PipelineSettingsEnvSchema } from '../../shared/profiles/settings';

const env = parseEnv(
  z.object({
    DECISIONS_TABLE_NAME: z.string().min(1),
    PROFILES_TABLE_NAME: z.string().min(1),
    EVENTS_STREAM_NAME: z.string().min(1),
    PSEUDONYMIZATION_SECRET_ID: z.string().min(1),
    PIPELINE_SETTINGS: PipelineSettingsEnvSchema,
    EXPERIMENT_CACHE_SECONDS: positiveInt.max(300),
    CONSENTS_TABLE_NAME: z.string().min(1),
    CONSENT_REGIME: ConsentRegimeSchema,
  }),
);
const dynamo = dynamoDocumentClient();
const deps = {
  cache: new ExperimentCache(new DynamoExperimentStore(dynamo, env.DECISIONS_TABLE_NAME), env.EXPERIMENT_CACHE_SECONDS * 1000),
  profiles: new DynamoProfileSnapshotReader(dynamo, env.PROFILES_TABLE_NAME, env.PIPELINE_SETTINGS, { tableName: env.CONSENTS_TABLE_NAME, regime: env.CONSENT_REGIME }),
  stream: new KinesisDecisionStream(kinesisClient(), env.EVENTS_STREAM_NAME),
  clock: { now: () => new Date() },
  pseudonymize: async (userId: string) => pseudonymousId(await pseudonymizationKey(env.PSEUDONYMIZATION_SECRET_ID), userId),
};

/** POST /v1/decisions: one profile read, one Kinesis put; the experiment and its model come from a bounded cache. */
export const handler = httpRoute({ body: DecisionRequestSchema, maxBodyBytes: 16_384 }, async ({ body }) => {
  const decision = await decide(body, deps);
  metrics.addMetric('DecisionsServed', MetricUnit.Count, 1);
  if (decision.holdout) metrics.addMetric('HoldoutDecisions', MetricUnit.Count, 1);
  if (!decision.personalised) metrics.addMetric('NonPersonalisedDecisions', MetricUnit.Count, 1);
  return { statusCode: 200, body: decision };
});
