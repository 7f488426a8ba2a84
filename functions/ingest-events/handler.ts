import { z } from 'zod';
import { kinesisClient } from '../../shared/aws/clients';
import { KinesisEventPublisher } from '../../shared/aws/event-stream';
import { httpRoute } from '../../shared/aws/lambda-http';
import { pseudonymizationKey } from '../../shared/aws/secrets';
import { parseEnv } from '../../shared/config/env';
import { badRequest, serviceUnavailable } from '../../shared/http/errors';
import { metrics } from '../../shared/aws/observability';
import { pseudonymousId } from '../../shared/privacy/pseudonymize';
import { IngestRequestSchema } from '../../shared/profiles/events';
import { ingestEvents } from '../../shared/profiles/ingest';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

const env = parseEnv(z.object({ EVENTS_STREAM_NAME: z.string().min(1), PSEUDONYMIZATION_SECRET_ID: z.string().min(1) }));
const publisher = new KinesisEventPublisher(kinesisClient(), env.EVENTS_STREAM_NAME);

/** POST /v1/events: validates, pseudonymises and streams a batch of up to 500 clickstream events. */
export const handler = httpRoute({ body: IngestRequestSchema, maxBodyBytes: 1_048_576 }, async ({ body }) => {
  const key = await pseudonymizationKey(env.PSEUDONYMIZATION_SECRET_ID);
  const result = await ingestEvents(body.events, { publisher, pseudonymize: (userId) => pseudonymousId(key, userId), now: () => new Date() });
  metrics.addMetric('EventsAccepted', MetricUnit.Count, result.accepted);
  metrics.addMetric('EventsRejected', MetricUnit.Count, result.rejected.length);
  metrics.addMetric('EventsFailed', MetricUnit.Count, result.failed.length);
  if (result.accepted === 0 && result.failed.length === 0) throw badRequest('no valid events in the request', { rejected: result.rejected });
  if (result.accepted === 0) throw serviceUnavailable('the event stream refused every event; resend the ones listed in failed', result);
  return { statusCode: 202, body: result };
});
