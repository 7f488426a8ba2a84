import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-kinesis';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { z } from 'zod';
import { CheckpointStore } from './checkpoints';

/**
 * The event source mapping's settings, named after `CreateEventSourceMapping`. Ranges are AWS's, except
 * that any positive `maximumRecordAgeSeconds` is accepted (AWS: 60 or more) so tests can exercise expiry.
 */
const settingsSchema = z.object({
  batchSize: z.number().int().min(1).max(10_000),
  maxBatchingWindowSeconds: z.number().min(0).max(300),
  startingPosition: z.enum(['TRIM_HORIZON', 'LATEST']),
  bisectBatchOnFunctionError: z.boolean(),
  /** -1 = retry until the records expire. */
  maximumRetryAttempts: z.number().int().min(-1).max(10_000),
  /** -1 = no age limit. */
  maximumRecordAgeSeconds: z.number().refine((seconds) => seconds === -1 || (seconds > 0 && seconds <= 604_800), 'must be -1 or in (0, 604800]'),
  reportBatchItemFailures: z.boolean(),
  onFailureQueueUrl: z.string().url().optional(),
  /** Only 1: one batch per shard at a time. */
  parallelizationFactor: z.literal(1).optional(),
});
export type KinesisEventSourceSettings = z.input<typeof settingsSchema>;

export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
export type InvocationOutcome = 'success' | 'partial-failure' | 'function-error' | 'invalid-response';

/** What `onBatch` hears: each invocation, and each batch given up on. */
export type KinesisBatchReport =
  | {
      kind: 'invoked';
      shardId: string;
      size: number;
      firstSequenceNumber: string;
      lastSequenceNumber: string;
      /** 1 for the first invocation of these exact records, then 2, 3… on retries. */
      invokeCount: number;
      outcome: InvocationOutcome;
      durationMs: number;
      /** Lambda's IteratorAge: how long the batch's last record waited in the stream before this invocation. */
      iteratorAgeMs: number;
      error?: unknown;
    }
  | {
      kind: 'discarded';
      shardId: string;
      size: number;
      firstSequenceNumber: string;
      lastSequenceNumber: string;
      condition: FailureCondition;
      sentToDestination: boolean;
    };

export interface KinesisEventSourceStats {
  /** Handler invocations. */
  invocations: number;
  /** Records handed to the handler, redeliveries included. */
  records: number;
  /** Invocations that did not fully succeed: thrown, partial failure or invalid partial response. */
  failures: number;
  /** Re-invocations of a failed batch (or its unprocessed rest); these consume `maximumRetryAttempts`. */
  retries: number;
  /** Failed batches split in two; splitting consumes no retry quota. */
  bisections: number;
  /** Failure records sent to the on-failure queue. */
  sentToDestination: number;
  /** Records skipped after exhausting retries or exceeding the maximum age. */
  discardedRecords: number;
}

export interface KinesisEventSourceOptions {
  /** Must use `requestHandler: new NodeHttpHandler()` against kinesalite. */
  kinesis: KinesisClient;
  /** Sends to the on-failure destination. */
  sqs: SQSClient;
  streamName: string;
  streamArn: string;
  functionArn: string;
  region: string;
  settings: KinesisEventSourceSettings;
  /**
   * Runs the handler in-process; a throw is a function error, a resolved value the function's response.
   * `requestId` is meant for the Lambda context's `awsRequestId`, so that logs match failure records.
   */
  invoke: (event: KinesisStreamEvent, invocation: { requestId: string }) => Promise<unknown>;
  /** Pause between empty reads of a shard; AWS polls once a second, the default here is 100 ms. */
  pollIntervalMs?: number;
  /** Exponential pause before each retry of a failed batch (AWS's own backoff is longer). */
  retryBackoffMs?: { initial: number; max: number };
  /** Defaults to a role in the function's account. */
  invokeIdentityArn?: string;
  onBatch?: (report: KinesisBatchReport) => void;
  /** Polling or destination errors, which are retried; defaults to console.error. */
  onError?: (error: unknown) => void;
  /**
   * A file that keeps each shard's checkpoint (the last record finished), written after every batch. A
   * mapping started on an existing file resumes after those records instead of at `startingPosition`.
   * Without it, checkpoints live in memory and a restarted mapping starts over.
   */
  checkpointFile?: string;
  /** Reports the mapping falling behind: called when a batch's iterator age passes `iteratorAgeWarningMs`. */
  onLag?: (lag: { shardId: string; iteratorAgeMs: number; thresholdMs: number }) => void;
  /** @default 60 000 (the deployed IteratorAge alarm's default threshold) */
  iteratorAgeWarningMs?: number;
  /** At most one `onLag` call per this interval. @default 30 000 */
  lagReportIntervalMs?: number;
}

export interface KinesisEventSource {
  /** Stops polling; waits for an invocation in progress to finish. */
  stop(): Promise<void>;
  /**
   * Resolves once every shard has processed all records that were in the stream when `drain` was called
   * and nothing is in flight or waiting to be retried; rejects after `timeoutMs` (default 30 s).
   */
  drain(timeoutMs?: number): Promise<void>;
  stats(): KinesisEventSourceStats;
}

/** A record as read from the stream, with the fields the SDK types leave optional made certain. */
interface StreamRecord {
  sequenceNumber: string;
  partitionKey: string;
  data: Uint8Array;
  arrivalMs: number;
}

/** Reading progress of one shard, which `drain` inspects. */
interface ShardProgress {
  shardId: string;
  /** Fetched, not yet handed to processing (at most one batch). */
  buffer: StreamRecord[];
  /** Processing a batch, retries and backoff included. */
  busy: boolean;
  /** The shard is closed (resharded) and every record of it has been processed. */
  finished: boolean;
  /** performance.now() at the start of the latest read that found nothing new. */
  lastEmptyReadStartedAt: number;
}

type InvocationResult =
  | { outcome: 'success' }
  | { outcome: 'partial-failure'; firstFailedIndex: number }
  | { outcome: 'function-error'; error: unknown }
  | { outcome: 'invalid-response' };

const batchItemFailuresSchema = z.array(z.object({ itemIdentifier: z.string().min(1) }));

/**
 * Reads a partial batch response as Lambda does: a missing/null response or list, or an empty list, is
 * complete success; an empty, null or unknown itemIdentifier is complete failure; otherwise processing
 * resumes from the lowest failed sequence number.
 */
function classifyResponse(response: unknown, records: readonly StreamRecord[]): InvocationResult {
  const failures = typeof response === 'object' && response !== null ? (response as { batchItemFailures?: unknown }).batchItemFailures : undefined;
  if (failures === undefined || failures === null) return { outcome: 'success' };
  const parsed = batchItemFailuresSchema.safeParse(failures);
  if (!parsed.success) return { outcome: 'invalid-response' };
  if (parsed.data.length === 0) return { outcome: 'success' };
  const indexes = parsed.data.map((failure) => records.findIndex((record) => record.sequenceNumber === failure.itemIdentifier));
  if (indexes.includes(-1)) return { outcome: 'invalid-response' };
  return { outcome: 'partial-failure', firstFailedIndex: Math.min(...indexes) };
}

/** A batch being worked on: bisection replaces it by its halves, a partial failure trims its head. */
interface PendingBatch {
  records: StreamRecord[];
  retriesUsed: number;
  invokeCount: number;
  lastRequestId?: string;
  lastOutcome?: InvocationOutcome;
}

/**
 * Emulates Lambda's Kinesis event source mapping in-process: polls every shard of a kinesalite stream and
 * invokes the handler with real `KinesisStreamEvent`s, honouring batch size and window, bisection, partial
 * batch responses, retry and age limits and the SQS on-failure destination. All invocations of one mapping
 * are serialised, even across shards, because handlers keep module-level state (Powertools BatchProcessor).
 * Checkpoints live in memory, so a restarted mapping starts again from `startingPosition`, unless
 * `checkpointFile` is given: then they are saved after every batch and a restart resumes after them.
 */
export async function startKinesisEventSource(options: KinesisEventSourceOptions): Promise<KinesisEventSource> {
  const settings = settingsSchema.parse(options.settings);
  const { kinesis, streamName } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const backoff = options.retryBackoffMs ?? { initial: 50, max: 500 };
  const windowMs = settings.maxBatchingWindowSeconds * 1000;
  const account = options.functionArn.split(':')[4] ?? '000000000000';
  const invokeIdentityArn = options.invokeIdentityArn ?? `arn:aws:iam::${account}:role/local-lambda-execution-role`;
  const reportError = options.onError ?? ((error: unknown) => console.error(`[kinesis-event-source ${streamName}]`, error));

  const checkpoints = options.checkpointFile ? new CheckpointStore(options.checkpointFile, { streamArn: options.streamArn, functionArn: options.functionArn }) : undefined;
  const lagThresholdMs = options.iteratorAgeWarningMs ?? 60_000;
  const lagIntervalMs = options.lagReportIntervalMs ?? 30_000;
  let lastLagReportAt = -Infinity;
  const stats: KinesisEventSourceStats = { invocations: 0, records: 0, failures: 0, retries: 0, bisections: 0, sentToDestination: 0, discardedRecords: 0 };
  const stopping = new AbortController();
  const shards = new Map<string, ShardProgress>();
  /** Closed shards skipped at start because LATEST has nothing to read in them. */
  const skippedShards = new Set<string>();
  /** Shard loops and re-discoveries, which `stop` waits for. */
  const background = new Set<Promise<void>>();
  let discoveriesInProgress = 0;
  let invocationTail: Promise<unknown> = Promise.resolve();

  /** Tracks a task for `stop`; a failure (a bug, or a throwing `onBatch`) is reported, never left unhandled. */
  function runInBackground(task: Promise<void>): void {
    const tracked = task.catch(reportError).finally(() => background.delete(tracked));
    background.add(tracked);
  }

  /** Sleeps, but wakes (without throwing) when the mapping stops. */
  const pause = (ms: number) => sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined);

  /** Chains invocations so that no two of this mapping's run at once, whatever their shard. */
  function serially<T>(task: () => Promise<T>): Promise<T> {
    const result = invocationTail.then(task);
    invocationTail = result.catch(() => undefined);
    return result;
  }

  const toEventRecord = (shardId: string, record: StreamRecord): KinesisStreamRecord => ({
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: Buffer.from(record.data).toString('base64'),
      approximateArrivalTimestamp: record.arrivalMs / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${record.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn,
    awsRegion: options.region,
    eventSourceARN: options.streamArn,
  });

  /** Marks the shard's oldest unfinished records as finished (processed or given up on): the checkpoint moves past them. */
  function finished(shardId: string, records: readonly StreamRecord[]): void {
    const last = records.at(-1);
    if (last) checkpoints?.advance(shardId, last.sequenceNumber, records.length);
  }

  function reportLag(shardId: string, iteratorAgeMs: number): void {
    if (!options.onLag || iteratorAgeMs <= lagThresholdMs) return;
    const now = performance.now();
    if (now - lastLagReportAt < lagIntervalMs) return;
    lastLagReportAt = now;
    options.onLag({ shardId, iteratorAgeMs, thresholdMs: lagThresholdMs });
  }

  async function invoke(shardId: string, batch: PendingBatch): Promise<InvocationResult> {
    const event: KinesisStreamEvent = { Records: batch.records.map((record) => toEventRecord(shardId, record)) };
    const requestId = randomUUID();
    let iteratorAgeMs = 0;
    const { result, durationMs } = await serially(async () => {
      iteratorAgeMs = Math.max(0, Date.now() - batch.records.at(-1)!.arrivalMs);
      reportLag(shardId, iteratorAgeMs);
      const startedAt = performance.now();
      stats.invocations += 1;
      stats.records += batch.records.length;
      let result: InvocationResult;
      try {
        const response = await options.invoke(event, { requestId });
        result = settings.reportBatchItemFailures ? classifyResponse(response, batch.records) : { outcome: 'success' };
      } catch (error) {
        result = { outcome: 'function-error', error };
      }
      return { result, durationMs: performance.now() - startedAt };
    });
    batch.invokeCount += 1;
    batch.lastRequestId = requestId;
    batch.lastOutcome = result.outcome;
    if (result.outcome !== 'success') stats.failures += 1;
    options.onBatch?.({
      kind: 'invoked',
      shardId,
      ...range(batch.records),
      invokeCount: batch.invokeCount,
      outcome: result.outcome,
      durationMs,
      iteratorAgeMs,
      ...(result.outcome === 'function-error' ? { error: result.error } : {}),
    });
    return result;
  }

  const range = (records: readonly StreamRecord[]) => ({
    size: records.length,
    firstSequenceNumber: records[0]?.sequenceNumber ?? '',
    lastSequenceNumber: records.at(-1)?.sequenceNumber ?? '',
  });

  /** Gives up on records: the on-failure destination gets AWS's invocation record, then the shard moves on. */
  async function discard(shardId: string, batch: PendingBatch, records: readonly StreamRecord[], condition: FailureCondition): Promise<void> {
    stats.discardedRecords += records.length;
    const destination = settings.onFailureQueueUrl;
    let sentToDestination = false;
    if (destination) {
      const first = records[0]!;
      const last = records.at(-1)!;
      const failureRecord = {
        requestContext: { requestId: batch.lastRequestId ?? randomUUID(), functionArn: options.functionArn, condition, approximateInvokeCount: batch.invokeCount },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(batch.lastOutcome === 'function-error' ? { functionError: 'Unhandled' } : {}) },
        version: '1.0',
        timestamp: new Date().toISOString(),
        KinesisBatchInfo: {
          shardId,
          startSequenceNumber: first.sequenceNumber,
          endSequenceNumber: last.sequenceNumber,
          approximateArrivalOfFirstRecord: new Date(first.arrivalMs).toISOString(),
          approximateArrivalOfLastRecord: new Date(last.arrivalMs).toISOString(),
          batchSize: records.length,
          streamArn: options.streamArn,
        },
      };
      // Lambda keeps trying to deliver the failure record; dropping it would lose the only trace of the batch.
      for (let attempt = 1; !stopping.signal.aborted; attempt++) {
        try {
          await options.sqs.send(new SendMessageCommand({ QueueUrl: destination, MessageBody: JSON.stringify(failureRecord) }));
          stats.sentToDestination += 1;
          sentToDestination = true;
          break;
        } catch (error) {
          reportError(error);
          await pause(retryDelayMs(attempt));
        }
      }
    }
    options.onBatch?.({ kind: 'discarded', shardId, ...range(records), condition, sentToDestination });
  }

  const retryDelayMs = (retry: number) => Math.min(backoff.max, backoff.initial * 2 ** (retry - 1));
  const isExpired = (record: StreamRecord) => settings.maximumRecordAgeSeconds !== -1 && Date.now() - record.arrivalMs > settings.maximumRecordAgeSeconds * 1000;

  /** Processes one batch to the end: success, or its records given up on. Retries and bisection happen here. */
  async function processBatch(shardId: string, records: StreamRecord[]): Promise<void> {
    const queue: PendingBatch[] = [{ records, retriesUsed: 0, invokeCount: 0 }];
    while (queue.length > 0 && !stopping.signal.aborted) {
      const batch = queue[0]!;
      const firstFresh = batch.records.findIndex((record) => !isExpired(record));
      if (firstFresh !== 0) {
        const expired = firstFresh === -1 ? batch.records : batch.records.slice(0, firstFresh);
        await discard(shardId, batch, expired, 'RecordAgeExceeded');
        if (stopping.signal.aborted) break; // the failure record may not have gone out: do not move past these
        finished(shardId, expired);
        batch.records = batch.records.slice(expired.length);
        if (batch.records.length === 0) queue.shift();
        continue;
      }
      const result = await invoke(shardId, batch);
      if (result.outcome === 'success') {
        finished(shardId, batch.records);
        queue.shift();
        continue;
      }
      if (result.outcome === 'partial-failure') {
        finished(shardId, batch.records.slice(0, result.firstFailedIndex));
        batch.records = batch.records.slice(result.firstFailedIndex); // checkpoint before the first failure
      } else if (result.outcome === 'function-error' && settings.bisectBatchOnFunctionError && batch.records.length > 1) {
        const middle = Math.ceil(batch.records.length / 2);
        const half = (part: StreamRecord[]): PendingBatch => ({ records: part, retriesUsed: batch.retriesUsed, invokeCount: 0 });
        queue.splice(0, 1, half(batch.records.slice(0, middle)), half(batch.records.slice(middle)));
        stats.bisections += 1;
        continue;
      }
      if (settings.maximumRetryAttempts !== -1 && batch.retriesUsed >= settings.maximumRetryAttempts) {
        await discard(shardId, batch, batch.records, 'RetryAttemptsExhausted');
        if (stopping.signal.aborted) break;
        finished(shardId, batch.records);
        queue.shift();
        continue;
      }
      batch.retriesUsed += 1;
      stats.retries += 1;
      await pause(retryDelayMs(batch.retriesUsed));
    }
  }

  async function shardIterator(shardId: string, type: ShardIteratorType, afterSequenceNumber?: string): Promise<string | undefined> {
    const response = await kinesis.send(
      new GetShardIteratorCommand(
        afterSequenceNumber
          ? { StreamName: streamName, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: afterSequenceNumber }
          : { StreamName: streamName, ShardId: shardId, ShardIteratorType: type },
      ),
      { abortSignal: stopping.signal },
    );
    return response.ShardIterator;
  }

  /** Reads one shard until it is finished or the mapping stops; `iterator` is already positioned. */
  async function pollShard(progress: ShardProgress, startingType: ShardIteratorType, firstIterator: string | undefined, resumedAfter: string | undefined): Promise<void> {
    let iterator = firstIterator;
    let lastFetched: string | undefined = resumedAfter;
    let bufferedSince = 0;
    let failedReads = 0;
    while (!stopping.signal.aborted) {
      if (iterator && progress.buffer.length < settings.batchSize) {
        const readStartedAt = performance.now();
        try {
          const response = await kinesis.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: settings.batchSize - progress.buffer.length }),
            { abortSignal: stopping.signal },
          );
          failedReads = 0;
          const fetched = (response.Records ?? []).map((record) => ({
            sequenceNumber: record.SequenceNumber ?? '',
            partitionKey: record.PartitionKey ?? '',
            data: record.Data ?? new Uint8Array(),
            arrivalMs: record.ApproximateArrivalTimestamp?.getTime() ?? Date.now(),
          }));
          if (fetched.length === 0) progress.lastEmptyReadStartedAt = readStartedAt;
          else {
            if (progress.buffer.length === 0) bufferedSince = Date.now();
            progress.buffer.push(...fetched);
            lastFetched = fetched.at(-1)?.sequenceNumber;
          }
          iterator = response.NextShardIterator; // absent once a closed shard has been read to its end
        } catch (error) {
          if (stopping.signal.aborted) break;
          if (error instanceof ExpiredIteratorException) {
            // Iterators live five minutes, which a long run of retries outlasts: resume after the last record read.
            const renewed = await shardIterator(progress.shardId, startingType, lastFetched).catch((renewError: unknown) => void reportError(renewError));
            if (renewed) {
              iterator = renewed;
              continue;
            }
          } else {
            reportError(error);
          }
          failedReads += 1;
          await pause(retryDelayMs(failedReads));
          continue;
        }
      }
      const shardClosed = iterator === undefined;
      if (progress.buffer.length === 0) {
        if (shardClosed) {
          progress.finished = true;
          runInBackground(discoverShards(false));
          return;
        }
        await pause(pollIntervalMs);
        continue;
      }
      const windowLeftMs = bufferedSince + windowMs - Date.now();
      if (progress.buffer.length < settings.batchSize && windowLeftMs > 0 && !shardClosed) {
        await pause(Math.min(pollIntervalMs, windowLeftMs));
        continue;
      }
      const batch = progress.buffer.splice(0, settings.batchSize);
      progress.busy = true;
      await processBatch(progress.shardId, batch);
      progress.busy = false;
    }
  }

  async function listShards(): Promise<Shard[]> {
    const listed: Shard[] = [];
    let nextToken: string | undefined;
    do {
      const page = await kinesis.send(new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: streamName }), { abortSignal: stopping.signal });
      listed.push(...(page.Shards ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return listed;
  }

  /**
   * Starts a reader for each shard that is ready: as Lambda does after resharding, a child shard is read
   * only once its parents are finished, from its beginning. At start, LATEST skips closed shards.
   */
  async function discoverShards(initial: boolean): Promise<void> {
    discoveriesInProgress += 1;
    try {
      for (let attempt = 1; !stopping.signal.aborted; attempt++) {
        try {
          const listed = await listShards();
          const listedIds = new Set(listed.map((shard) => shard.ShardId));
          const parentDone = (parentId: string | undefined) =>
            !parentId || !listedIds.has(parentId) || skippedShards.has(parentId) || shards.get(parentId)?.finished === true;
          const starts = listed.flatMap((shard) => {
            const shardId = shard.ShardId ?? '';
            if (shards.has(shardId) || skippedShards.has(shardId)) return [];
            const latestAtStart = initial && settings.startingPosition === 'LATEST' && checkpoints?.get(shardId) === undefined;
            if (latestAtStart && shard.SequenceNumberRange?.EndingSequenceNumber !== undefined) {
              skippedShards.add(shardId);
              return [];
            }
            if (!latestAtStart && !(parentDone(shard.ParentShardId) && parentDone(shard.AdjacentParentShardId))) return [];
            return [startShard(shardId, latestAtStart ? 'LATEST' : initial ? settings.startingPosition : 'TRIM_HORIZON')];
          });
          await Promise.all(starts);
          return;
        } catch (error) {
          if (stopping.signal.aborted) return;
          if (initial) throw error;
          reportError(error);
          await pause(retryDelayMs(attempt));
        }
      }
    } finally {
      discoveriesInProgress -= 1;
    }
  }

  /** Positions the shard's iterator before returning, so that LATEST means "after start resolved". */
  async function startShard(shardId: string, type: ShardIteratorType): Promise<void> {
    const resumeAfter = checkpoints?.get(shardId)?.sequenceNumber;
    const iterator = await shardIterator(shardId, type, resumeAfter);
    const progress: ShardProgress = { shardId, buffer: [], busy: false, finished: false, lastEmptyReadStartedAt: -Infinity };
    shards.set(shardId, progress);
    runInBackground(pollShard(progress, type, iterator, resumeAfter));
  }

  const caughtUpSince = (since: number) =>
    discoveriesInProgress === 0 &&
    [...shards.values()].every((shard) => shard.finished || (!shard.busy && shard.buffer.length === 0 && shard.lastEmptyReadStartedAt > since));

  await discoverShards(true);

  return {
    async stop() {
      stopping.abort();
      while (background.size > 0) await Promise.allSettled([...background]);
    },
    async drain(timeoutMs = 30_000) {
      const since = performance.now();
      while (!caughtUpSince(since)) {
        if (stopping.signal.aborted) throw new Error(`Kinesis event source for ${streamName} was stopped before it drained.`);
        if (performance.now() - since > timeoutMs) throw new Error(`Kinesis event source for ${streamName} did not drain within ${timeoutMs} ms.`);
        await sleep(5);
      }
    },
    stats: () => ({ ...stats }),
  };
}
