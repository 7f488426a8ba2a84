import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { dynamoDocumentClient, kinesisClient } from '../../shared/aws/clients';
import { KinesisEventPublisher } from '../../shared/aws/event-stream';
import { httpRoute, parseJsonBody, utf8Text, type HttpEvent } from '../../shared/aws/lambda-http';
import { logger, metrics } from '../../shared/aws/observability';
import { pseudonymizationKey } from '../../shared/aws/secrets';
import { DynamoWriteKeyStore } from '../../shared/aws/write-key-store';
import { parseEnv } from '../../shared/config/env';
import { badRequest, HttpError, payloadTooLarge, serviceUnavailable } from '../../shared/http/errors';
import { pseudonymousId } from '../../shared/privacy/pseudonymize';
import { checkWriteKey } from '../../shared/sources/write-keys';
import { ingestTrackerMessages, MAX_LISTED_REJECTIONS, parseTrackerRequest, trackerAnswer, type TrackerRoute } from '../../shared/tracker/ingest';
import { MAX_BATCH_BYTES } from '../../shared/tracker/segment';

const env = parseEnv(z.object({ EVENTS_STREAM_NAME: z.string().min(1), PSEUDONYMIZATION_SECRET_ID: z.string().min(1), WRITE_KEYS_TABLE_NAME: z.string().min(1) }));
const publisher = new KinesisEventPublisher(kinesisClient(), env.EVENTS_STREAM_NAME);
const writeKeys = new DynamoWriteKeyStore(dynamoDocumentClient(), env.WRITE_KEYS_TABLE_NAME);

/**
 * POST /v1/batch, /v1/track, /v1/page, /v1/screen, /v1/identify, /v1/alias: the Segment tracking API.
 * No JWT: the write key in HTTP Basic auth is checked here, before the body is read. Answers as the
 * SDKs expect: 200 `{ success: true }` (with counts), 400 for a malformed batch or one without a
 * single usable message (a batch is not refused for some bad messages: they are counted), 413 past Segment's
 * size limits, 503 when the stream refused events (the SDK resends; message ids de-duplicate).
 */
export const handler = httpRoute({}, async (_input, event) => {
  const check = await checkWriteKey(writeKeys, event.headers?.authorization);
  if (!check.ok) throw new HttpError(401, 'Unauthorized', check.reason);
  logger.appendKeys({ writeKeyId: check.keyId });

  const parsed = parseTrackerRequest(event.routeKey.split('/').pop() as TrackerRoute, trackerBody(event));
  if (!parsed.ok) throw parsed.status === 413 ? new HttpError(413, 'PayloadTooLarge', parsed.reason) : badRequest(parsed.reason);

  const key = await pseudonymizationKey(env.PSEUDONYMIZATION_SECRET_ID);
  const result = await ingestTrackerMessages(parsed.messages, { publisher, pseudonymize: (subject) => pseudonymousId(key, subject), now: () => new Date() });
  const unmapped = Object.values(result.unmapped).reduce((sum, count) => sum + count, 0);
  metrics.addMetric('TrackerEventsAccepted', MetricUnit.Count, result.accepted);
  metrics.addMetric('TrackerIdentityLinks', MetricUnit.Count, result.linked);
  metrics.addMetric('TrackerMessagesUnmapped', MetricUnit.Count, unmapped);
  metrics.addMetric('TrackerMessagesRejected', MetricUnit.Count, result.rejected.length);
  metrics.addMetric('TrackerMessagesFailed', MetricUnit.Count, result.failed.length);
  // Nothing in the request could be used: say so (a single call with no user, a batch of only such messages).
  if (result.rejected.length > 0 && result.rejected.length === parsed.messages.length) throw badRequest('no valid messages in the request', { rejections: result.rejected.slice(0, MAX_LISTED_REJECTIONS) });
  if (result.failed.length > 0) throw serviceUnavailable('the event stream refused some messages; resend the batch (message ids de-duplicate)', { failed: result.failed });
  return { statusCode: 200, body: trackerAnswer(result) };
});

/**
 * The JSON body, gunzipped when the tracker compressed it (rudder-sdk-node does by default), never
 * inflated past Segment's 500 KB batch limit.
 */
function trackerBody(event: HttpEvent): unknown {
  const raw = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.length > MAX_BATCH_BYTES) throw payloadTooLarge(MAX_BATCH_BYTES);
  const encoding = (event.headers?.['content-encoding'] ?? 'identity').trim().toLowerCase();
  let json = raw;
  if (encoding === 'gzip') {
    try {
      json = gunzipSync(raw, { maxOutputLength: MAX_BATCH_BYTES });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw payloadTooLarge(MAX_BATCH_BYTES);
      throw badRequest('the body is not valid gzip');
    }
  } else if (encoding !== 'identity') {
    throw new HttpError(415, 'UnsupportedMediaType', 'send the body as JSON, plain or gzip-encoded');
  }
  if (json.length === 0) throw badRequest('request body is required');
  return parseJsonBody(utf8Text(json));
}
