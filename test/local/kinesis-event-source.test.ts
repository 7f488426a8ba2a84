import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KinesisStreamEvent } from 'aws-lambda';
import { startKinesalite, type Kinesalite } from '../../local/aws/kinesalite';
import {
  startKinesisEventSource,
  type KinesisBatchReport,
  type KinesisEventSource,
  type KinesisEventSourceOptions,
  type KinesisEventSourceSettings,
} from '../../local/aws/kinesis-event-source';
import { startMiniServices, type MiniServices } from '../../local/aws/mini-services';
import { eventually, localClientConfig } from './local-clients';

const REGION = 'us-east-1';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:feature-updater';

const baseSettings: KinesisEventSourceSettings = {
  batchSize: 100,
  maxBatchingWindowSeconds: 0,
  startingPosition: 'TRIM_HORIZON',
  bisectBatchOnFunctionError: false,
  maximumRetryAttempts: -1,
  maximumRecordAgeSeconds: -1,
  reportBatchItemFailures: false,
};

/** What one invocation saw: the decoded payloads, in event order. */
interface Invocation {
  payloads: string[];
  event: KinesisStreamEvent;
  requestId: string;
  at: number;
}

describe('Kinesis event source mapping emulation', () => {
  let kinesalite: Kinesalite;
  let services: MiniServices;
  let kinesis: KinesisClient;
  let sqs: SQSClient;
  let mapping: KinesisEventSource | undefined;
  let streamCount = 0;

  beforeAll(async () => {
    [kinesalite, services] = await Promise.all([startKinesalite(), startMiniServices({ region: REGION })]);
    kinesis = new KinesisClient({ ...localClientConfig(kinesalite.endpoint), requestHandler: new NodeHttpHandler() });
    sqs = new SQSClient(localClientConfig(services.endpoint));
  });
  afterEach(async () => {
    await mapping?.stop();
    mapping = undefined;
  });
  afterAll(async () => {
    kinesis.destroy();
    sqs.destroy();
    await Promise.all([kinesalite.close(), services.close()]);
  });

  async function createStream(shardCount = 1): Promise<{ streamName: string; streamArn: string }> {
    const streamName = `clicks-${++streamCount}`;
    await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
    const summary = await eventually(async () => {
      const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
      return StreamDescriptionSummary?.StreamStatus === 'ACTIVE' ? StreamDescriptionSummary : undefined;
    });
    return { streamName, streamArn: summary.StreamARN ?? '' };
  }

  async function put(streamName: string, records: Array<{ key: string; payload: string }>): Promise<string[]> {
    const response = await kinesis.send(
      new PutRecordsCommand({ StreamName: streamName, Records: records.map(({ key, payload }) => ({ PartitionKey: key, Data: Buffer.from(payload) })) }),
    );
    return (response.Records ?? []).map((record) => record.SequenceNumber ?? '');
  }

  /** A handler that records every invocation and lets each test decide the response. */
  function recordingHandler(respond: (payloads: string[], invocation: number) => unknown = () => undefined) {
    const invocations: Invocation[] = [];
    let active = 0;
    let maxActive = 0;
    const invoke = async (event: KinesisStreamEvent, { requestId }: { requestId: string }) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      try {
        const payloads = event.Records.map((record) => Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
        invocations.push({ payloads, event, requestId, at: Date.now() });
        await new Promise((resolve) => setTimeout(resolve, 2)); // widen the window for overlapping invocations
        return respond(payloads, invocations.length);
      } finally {
        active -= 1;
      }
    };
    return { invoke, invocations, maxActive: () => maxActive };
  }

  async function start(
    stream: { streamName: string; streamArn: string },
    settings: Partial<KinesisEventSourceSettings>,
    invoke: KinesisEventSourceOptions['invoke'],
    onBatch?: KinesisEventSourceOptions['onBatch'],
    extra: Partial<KinesisEventSourceOptions> = {},
  ) {
    mapping = await startKinesisEventSource({
      ...extra,
      onBatch,
      kinesis,
      sqs,
      ...stream,
      functionArn: FUNCTION_ARN,
      region: REGION,
      settings: { ...baseSettings, ...settings },
      invoke,
      pollIntervalMs: 10,
      retryBackoffMs: { initial: 5, max: 20 },
    });
    return mapping;
  }

  async function failureRecords(queueName: string): Promise<Array<Record<string, unknown>>> {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: services.sqs.queueUrl(queueName), MaxNumberOfMessages: 10 }));
    return (Messages ?? []).map((message) => JSON.parse(message.Body ?? '{}'));
  }

  it('delivers every record once, in order per shard, as a real KinesisStreamEvent, one invocation at a time', async () => {
    const stream = await createStream(3);
    const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    const records = Array.from({ length: 90 }, (_, index) => ({ key: users[index % users.length]!, payload: `${users[index % users.length]}:${index}` }));
    const sequenceNumbers = await put(stream.streamName, records);
    const handler = recordingHandler();
    const source = await start(stream, { batchSize: 7 }, handler.invoke);
    await source.drain();

    const delivered = handler.invocations.flatMap((invocation) => invocation.payloads);
    expect([...delivered].sort()).toEqual(records.map((record) => record.payload).sort());
    for (const user of users) {
      const forUser = delivered.filter((payload) => payload.startsWith(`${user}:`));
      expect(forUser).toEqual(records.filter((record) => record.key === user).map((record) => record.payload));
    }
    for (const invocation of handler.invocations) {
      expect(invocation.event.Records.length).toBeLessThanOrEqual(7);
      expect(new Set(invocation.event.Records.map((record) => record.eventID.split(':')[0])).size).toBe(1); // one shard per batch
    }
    expect(handler.maxActive()).toBe(1);

    const first = handler.invocations.flatMap((invocation) => invocation.event.Records).find((record) => record.kinesis.sequenceNumber === sequenceNumbers[0]);
    const shardId = first?.eventID.split(':')[0];
    expect(first).toEqual({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'u1',
        sequenceNumber: sequenceNumbers[0],
        data: Buffer.from('u1:0').toString('base64'),
        approximateArrivalTimestamp: expect.any(Number),
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shardId}:${sequenceNumbers[0]}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::000000000000:role/local-lambda-execution-role',
      awsRegion: REGION,
      eventSourceARN: stream.streamArn,
    });
    expect(shardId).toMatch(/^shardId-\d{12}$/);
    expect(Math.abs((first?.kinesis.approximateArrivalTimestamp ?? 0) - Date.now() / 1000)).toBeLessThan(30);
    expect(source.stats()).toMatchObject({ records: 90, failures: 0, retries: 0 });
  });

  it('bisects a failing batch to isolate a poison record, delivers the rest and reports the poison batch in AWS format', async () => {
    const stream = await createStream();
    const queueUrl = services.sqs.createQueue('poison-dlq');
    const payloads = ['r0', 'r1', 'r2', 'r3', 'r4', 'poison', 'r6', 'r7'];
    const sequenceNumbers = await put(stream.streamName, payloads.map((payload) => ({ key: 'u1', payload })));
    const handler = recordingHandler((batch) => {
      if (batch.includes('poison')) throw new Error('cannot parse record');
    });
    const reports: KinesisBatchReport[] = [];
    const source = await start(
      stream,
      { batchSize: 8, bisectBatchOnFunctionError: true, maximumRetryAttempts: 2, onFailureQueueUrl: queueUrl },
      handler.invoke,
      (report) => reports.push(report),
    );
    await source.drain();

    expect(handler.invocations.map((invocation) => invocation.payloads.join(','))).toEqual([
      'r0,r1,r2,r3,r4,poison,r6,r7',
      'r0,r1,r2,r3',
      'r4,poison,r6,r7',
      'r4,poison',
      'r4',
      'poison', // first try of the isolated record…
      'poison', // …and its two retries: splitting consumed no retry quota
      'poison',
      'r6,r7',
    ]);
    expect(source.stats()).toEqual({ invocations: 9, records: 24, failures: 6, retries: 2, bisections: 3, sentToDestination: 1, discardedRecords: 1 });
    expect(reports.map((report) => (report.kind === 'invoked' ? `${report.outcome}#${report.invokeCount}` : `${report.condition}:${report.sentToDestination}`))).toEqual([
      'function-error#1',
      'success#1',
      'function-error#1',
      'function-error#1',
      'success#1',
      'function-error#1',
      'function-error#2',
      'function-error#3',
      'RetryAttemptsExhausted:true',
      'success#1',
    ]);

    const [failure, ...others] = await failureRecords('poison-dlq');
    expect(others).toEqual([]);
    expect(Object.keys(failure ?? {})).toEqual(['requestContext', 'responseContext', 'version', 'timestamp', 'KinesisBatchInfo']);
    expect(failure).toEqual({
      requestContext: { requestId: handler.invocations[7]?.requestId, functionArn: FUNCTION_ARN, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      KinesisBatchInfo: {
        shardId: 'shardId-000000000000',
        startSequenceNumber: sequenceNumbers[5],
        endSequenceNumber: sequenceNumbers[5],
        approximateArrivalOfFirstRecord: expect.stringMatching(/Z$/),
        approximateArrivalOfLastRecord: expect.stringMatching(/Z$/),
        batchSize: 1,
        streamArn: stream.streamArn,
      },
    });
  });

  it('resumes from the lowest failed sequence number of a partial batch response, without bisecting', async () => {
    const stream = await createStream();
    const payloads = Array.from({ length: 10 }, (_, index) => `r${index}`);
    const sequenceNumbers = await put(stream.streamName, payloads.map((payload) => ({ key: 'u1', payload })));
    const handler = recordingHandler((_, invocation) =>
      invocation === 1 ? { batchItemFailures: [{ itemIdentifier: sequenceNumbers[6] }, { itemIdentifier: sequenceNumbers[4] }] } : { batchItemFailures: [] },
    );
    const source = await start(stream, { batchSize: 10, reportBatchItemFailures: true, bisectBatchOnFunctionError: true, maximumRetryAttempts: 3 }, handler.invoke);
    await source.drain();

    expect(handler.invocations.map((invocation) => invocation.payloads.join(','))).toEqual(['r0,r1,r2,r3,r4,r5,r6,r7,r8,r9', 'r4,r5,r6,r7,r8,r9']);
    expect(source.stats()).toMatchObject({ retries: 1, bisections: 0, failures: 1 });
  });

  it('treats an empty itemIdentifier as a failure of the whole batch and gives up after the retry quota', async () => {
    const stream = await createStream();
    const queueUrl = services.sqs.createQueue('partial-dlq');
    await put(stream.streamName, ['a', 'b', 'c'].map((payload) => ({ key: 'u1', payload })));
    const handler = recordingHandler(() => ({ batchItemFailures: [{ itemIdentifier: '' }] }));
    const source = await start(stream, { reportBatchItemFailures: true, maximumRetryAttempts: 1, onFailureQueueUrl: queueUrl }, handler.invoke);
    await source.drain();

    expect(handler.invocations.map((invocation) => invocation.payloads.join(','))).toEqual(['a,b,c', 'a,b,c']);
    const [failure] = await failureRecords('partial-dlq');
    expect(failure).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      KinesisBatchInfo: { batchSize: 3 },
    });
    expect(failure?.responseContext).not.toHaveProperty('functionError');
  });

  it('fills batches up to batchSize and otherwise waits for the batching window', async () => {
    const stream = await createStream();
    const handler = recordingHandler();
    const source = await start(stream, { batchSize: 5, maxBatchingWindowSeconds: 0.5, startingPosition: 'LATEST' }, handler.invoke);

    const putAt = Date.now();
    await put(stream.streamName, ['a', 'b', 'c'].map((payload) => ({ key: 'u1', payload })));
    await source.drain();
    expect(handler.invocations.map((invocation) => invocation.payloads.length)).toEqual([3]);
    expect((handler.invocations[0]?.at ?? 0) - putAt).toBeGreaterThanOrEqual(450);

    await put(stream.streamName, Array.from({ length: 12 }, (_, index) => ({ key: 'u1', payload: `m${index}` })));
    await source.drain();
    expect(handler.invocations.map((invocation) => invocation.payloads.length)).toEqual([3, 5, 5, 2]);
    const [, full, fullToo, rest] = handler.invocations;
    expect((fullToo?.at ?? 0) - (full?.at ?? 0)).toBeLessThan(400); // full batches do not wait for the window…
    expect((rest?.at ?? 0) - (fullToo?.at ?? 0)).toBeGreaterThanOrEqual(450); // …a partial one does
  });

  it('starts after the records already in the stream with LATEST', async () => {
    const stream = await createStream(2);
    await put(stream.streamName, ['old1', 'old2', 'old3'].map((payload, index) => ({ key: `u${index}`, payload })));
    const handler = recordingHandler();
    const source = await start(stream, { startingPosition: 'LATEST' }, handler.invoke);
    await put(stream.streamName, ['new1', 'new2'].map((payload, index) => ({ key: `u${index}`, payload })));
    await source.drain();
    expect(handler.invocations.flatMap((invocation) => invocation.payloads).sort()).toEqual(['new1', 'new2']);
  });

  it('discards records older than maximumRecordAgeSeconds without invoking, reporting RecordAgeExceeded', async () => {
    const stream = await createStream();
    const queueUrl = services.sqs.createQueue('age-dlq');
    await put(stream.streamName, ['stale1', 'stale2'].map((payload) => ({ key: 'u1', payload })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const handler = recordingHandler();
    const source = await start(stream, { maximumRecordAgeSeconds: 0.2, onFailureQueueUrl: queueUrl }, handler.invoke);
    await source.drain();

    expect(handler.invocations).toEqual([]);
    const [failure] = await failureRecords('age-dlq');
    expect(failure).toMatchObject({ requestContext: { condition: 'RecordAgeExceeded', approximateInvokeCount: 0 }, KinesisBatchInfo: { batchSize: 2 } });
  });

  it('reads a split parent shard to its end before its children', async () => {
    const stream = await createStream();
    await put(stream.streamName, ['p0', 'p1', 'p2'].map((payload) => ({ key: 'user', payload })));
    await kinesis.send(new SplitShardCommand({ StreamName: stream.streamName, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 127n).toString() }));
    await eventually(async () => {
      const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream.streamName }));
      return StreamDescriptionSummary?.StreamStatus === 'ACTIVE' ? true : undefined;
    });
    await put(stream.streamName, ['c0', 'c1'].map((payload) => ({ key: 'user', payload })));
    const handler = recordingHandler();
    const source = await start(stream, {}, handler.invoke);
    await source.drain();

    const delivered = handler.invocations.flatMap((invocation) => invocation.event.Records);
    expect(delivered.map((record) => Buffer.from(record.kinesis.data, 'base64').toString())).toEqual(['p0', 'p1', 'p2', 'c0', 'c1']);
    expect(delivered[0]?.eventID).toMatch(/^shardId-000000000000:/);
    expect(delivered[4]?.eventID).not.toMatch(/^shardId-000000000000:/);
  });

  it('keeps retrying with infinite retries, so drain times out, and stop() still returns promptly', async () => {
    const stream = await createStream();
    await put(stream.streamName, [{ key: 'u1', payload: 'never' }]);
    const handler = recordingHandler(() => {
      throw new Error('down');
    });
    const source = await start(stream, {}, handler.invoke);
    await expect(source.drain(150)).rejects.toThrow(/did not drain within 150 ms/);
    expect(source.stats().retries).toBeGreaterThan(2);
    const stoppedAt = Date.now();
    await source.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(500);
  });

  describe('checkpoints kept in a file', () => {
    let folder: string;
    beforeEach(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoints-'));
    });
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

    it('resumes after the last finished record when started again on the same file', async () => {
      const stream = await createStream(2);
      const checkpointFile = path.join(folder, 'updater.json');
      await put(stream.streamName, Array.from({ length: 20 }, (_, index) => ({ key: `u${index % 5}`, payload: `first:${index}` })));
      const before = recordingHandler();
      await (await start(stream, { batchSize: 4 }, before.invoke, undefined, { checkpointFile })).drain();
      await mapping!.stop();
      const saved = JSON.parse(fs.readFileSync(checkpointFile, 'utf8'));
      expect(Object.values(saved.shards).reduce((sum: number, shard) => sum + (shard as { records: number }).records, 0)).toBe(20);
      expect(fs.readdirSync(folder)).toEqual(['updater.json']); // no temporary file left behind

      await put(stream.streamName, Array.from({ length: 6 }, (_, index) => ({ key: `u${index % 5}`, payload: `second:${index}` })));
      const after = recordingHandler();
      await (await start(stream, { batchSize: 4 }, after.invoke, undefined, { checkpointFile })).drain();
      expect(after.invocations.flatMap((invocation) => invocation.payloads).sort()).toEqual(Array.from({ length: 6 }, (_, index) => `second:${index}`).sort());
    });

    it('resumes at the first failed record of a batch that was still being retried when it stopped', async () => {
      const stream = await createStream(1);
      const checkpointFile = path.join(folder, 'updater.json');
      const sequenceNumbers = await put(stream.streamName, ['r0', 'r1', 'r2', 'r3', 'r4'].map((payload) => ({ key: 'u1', payload })));
      const failing = recordingHandler(() => ({ batchItemFailures: [{ itemIdentifier: sequenceNumbers[3] }] }));
      const source = await start(stream, { batchSize: 10, reportBatchItemFailures: true }, failing.invoke, undefined, { checkpointFile });
      await expect(source.drain(200)).rejects.toThrow(/did not drain/);
      await source.stop();
      expect(JSON.parse(fs.readFileSync(checkpointFile, 'utf8')).shards['shardId-000000000000']).toMatchObject({ sequenceNumber: sequenceNumbers[2], records: 3 });

      const healthy = recordingHandler();
      await (await start(stream, { batchSize: 10, reportBatchItemFailures: true }, healthy.invoke, undefined, { checkpointFile })).drain();
      expect(healthy.invocations.flatMap((invocation) => invocation.payloads)).toEqual(['r3', 'r4']);
    });

    it('refuses a checkpoint file that belongs to another mapping', async () => {
      const stream = await createStream(1);
      const checkpointFile = path.join(folder, 'other.json');
      fs.writeFileSync(checkpointFile, JSON.stringify({ version: 1, streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/other', functionArn: FUNCTION_ARN, shards: {} }));
      await expect(start(stream, {}, recordingHandler().invoke, undefined, { checkpointFile })).rejects.toThrow(/belongs to/);
    });
  });

  it('reports falling behind once the iterator age passes the threshold, at most once per interval', async () => {
    const stream = await createStream(1);
    await put(stream.streamName, Array.from({ length: 6 }, (_, index) => ({ key: 'u1', payload: `slow:${index}` })));
    const lags: Array<{ shardId: string; iteratorAgeMs: number; thresholdMs: number }> = [];
    const slow = recordingHandler(async () => {
      await new Promise((resolve) => setTimeout(resolve, 60));
    });
    const reports: KinesisBatchReport[] = [];
    await (
      await start(stream, { batchSize: 1 }, slow.invoke, (report) => reports.push(report), {
        iteratorAgeWarningMs: 100,
        lagReportIntervalMs: 60_000,
        onLag: (lag) => lags.push(lag),
      })
    ).drain();
    const ages = reports.flatMap((report) => (report.kind === 'invoked' ? [report.iteratorAgeMs] : []));
    expect(ages.at(-1)).toBeGreaterThan(100);
    expect(lags).toEqual([{ shardId: 'shardId-000000000000', iteratorAgeMs: expect.any(Number), thresholdMs: 100 }]);
    expect(lags[0]!.iteratorAgeMs).toBeGreaterThan(100);
  });
});
