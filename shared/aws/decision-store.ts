import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { backoffMs, mapWithConcurrency, sleep } from '../concurrency';
import { DecisionLogRecordSchema, ExperimentSchema, type DecisionLogRecord, type Experiment } from '../decisions/schemas';
import { CONFIG_SK, DECISION_SK, DECISIONS_TABLE, ERASED_SK, EXPERIMENT_LOG_BUCKETS, MODEL_SK, REWARD_SK, decisionPk, erasurePk, experimentPk } from '../decisions-service/keys';
import { decisionIdTime, LOG_GRACE_MS, mayBeUnlogged } from '../decisions-service/decision-ids';
import { STREAM_RETENTION_MS } from '../profiles/erasure';
import type { DecisionLogStore, ExperimentStore, LearningStore, LoggedDecision, StoredLearning, StoredReward } from '../decisions-service/ports';
import { batchWriteAll } from './batch-write';
import { sendWithRetries } from './retry-entries';

/**
 * The decisions table (key design: shared/decisions-service/keys.ts). Every write that must happen
 * once is conditional on a version (no transactions: dynalite, the local emulator, has none, and none
 * are needed); decision log puts are idempotent by construction (a rewrite is byte-identical).
 * The learning state is stored as a JSON string: exact doubles, and no per-attribute overhead.
 */
const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException';

/** The bucket of the byExperiment index a decision lands in (FNV-1a of its id). */
export function logBucket(decisionId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < decisionId.length; index++) {
    hash ^= decisionId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % EXPERIMENT_LOG_BUCKETS;
}

export function dynamoDecisionStores(client: DynamoDBDocumentClient, tableName: string, options: { retentionDays?: number } = {}) {
  return {
    experiments: new DynamoExperimentStore(client, tableName),
    learning: new DynamoLearningStore(client, tableName),
    log: new DynamoDecisionLogStore(client, tableName, options.retentionDays ?? 90),
  };
}

abstract class DecisionsTable {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /** BatchGetItem in calls of 100 keys, retrying unprocessed keys with backoff. */
  protected async batchGet(keys: readonly { pk: string; sk: string }[], consistent = true): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let start = 0; start < keys.length; start += 100) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + 100);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${attempt} attempts`);
        if (attempt > 0) await sleep(backoffMs(attempt, 50));
        const response: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: consistent } } }));
        items.push(...(response.Responses?.[this.tableName] ?? []));
        pending = response.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return items;
  }

  /** Puts an item if its version is still `expectedVersion` (undefined: only if absent). */
  protected async conditionalPut(item: Record<string, unknown>, expectedVersion: number | undefined): Promise<'saved' | 'conflict'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :expected',
          ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ':expected': expectedVersion },
        }),
      );
      return 'saved';
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      throw error;
    }
  }
}

export class DynamoExperimentStore extends DecisionsTable implements ExperimentStore {
  async get(experimentId: string): Promise<Experiment | undefined> {
    const item = (await this.batchGet([{ pk: experimentPk(experimentId), sk: CONFIG_SK }])).find((candidate) => candidate.sk === CONFIG_SK);
    return item ? ExperimentSchema.parse(item.experiment) : undefined;
  }

  /** One Query on the experiment's partition: its configuration and its learning state. */
  async getWithLearning(experimentId: string): Promise<{ experiment: Experiment; learning?: StoredLearning } | undefined> {
    const response = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': experimentPk(experimentId) },
        ConsistentRead: true,
      }),
    );
    const items = response.Items ?? [];
    const config = items.find((item) => item.sk === CONFIG_SK);
    if (!config) return undefined;
    const model = items.find((item) => item.sk === MODEL_SK);
    return { experiment: ExperimentSchema.parse(config.experiment), ...(model ? { learning: learningFromItem(model) } : {}) };
  }

  async save(experiment: Experiment, expectedVersion: number | undefined): Promise<'saved' | 'conflict'> {
    return this.conditionalPut({ pk: experimentPk(experiment.experimentId), sk: CONFIG_SK, experiment, version: experiment.version }, expectedVersion);
  }
}

export class DynamoLearningStore extends DecisionsTable implements LearningStore {
  async load(experimentIds: readonly string[]): Promise<Map<string, StoredLearning>> {
    const items = await this.batchGet(experimentIds.map((experimentId) => ({ pk: experimentPk(experimentId), sk: MODEL_SK })));
    return new Map(items.filter((item) => item.sk === MODEL_SK).map((item) => [String(item.pk).slice('EXP#'.length), learningFromItem(item)]));
  }

  async save(experimentId: string, learning: StoredLearning, expectedVersion: number | undefined): Promise<'saved' | 'conflict'> {
    return this.conditionalPut(
      { pk: experimentPk(experimentId), sk: MODEL_SK, state: JSON.stringify(learning.state), version: learning.version, watermarks: learning.watermarks, updatedAt: learning.updatedAt },
      expectedVersion,
    );
  }
}

function learningFromItem(item: Record<string, unknown>): StoredLearning {
  return {
    state: JSON.parse(String(item.state)) as unknown,
    version: Number(item.version),
    watermarks: (item.watermarks ?? {}) as Record<string, string>,
    updatedAt: String(item.updatedAt),
  };
}

export class DynamoDecisionLogStore extends DecisionsTable implements DecisionLogStore {
  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    private readonly retentionDays: number,
  ) {
    super(client, tableName);
  }

  /** Log and reward items of one decision share these: the user (erasure), the index position, the TTL. */
  private shared(record: DecisionLogRecord, suffix: 'D' | 'R') {
    return {
      pk: decisionPk(record.decisionId),
      uid: record.uid,
      expBucket: `${record.experimentId}#${logBucket(record.decisionId)}`,
      logKey: `${record.at}#${record.decisionId}#${suffix}`,
      [DECISIONS_TABLE.ttlAttribute]: Math.floor(Date.parse(record.at) / 1000) + this.retentionDays * 86_400,
    };
  }

  async put(all: readonly DecisionLogRecord[]): Promise<{ failed: string[] }> {
    // A producer retry can put one decision twice; BatchWriteItem refuses a key twice in a call.
    const records = [...new Map(all.map((record) => [record.decisionId, record])).values()];
    const outcomes = await sendWithRetries(
      records,
      async (batch) => {
        const response = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: batch.map((record) => ({ PutRequest: { Item: { ...this.shared(record, 'D'), sk: DECISION_SK, record } } })) } }),
        );
        const unprocessed = new Set((response.UnprocessedItems?.[this.tableName] ?? []).map((request) => String(request.PutRequest?.Item?.pk)));
        return batch.map((record) => (unprocessed.has(decisionPk(record.decisionId)) ? { ok: false as const, errorCode: 'Unprocessed' } : { ok: true as const, value: undefined }));
      },
      { maxPerCall: 25, maxAttempts: 5, baseDelayMs: 50 },
    );
    return { failed: records.filter((_record, index) => !outcomes[index]!.ok).map((record) => record.decisionId) };
  }

  async load(decisionIds: readonly string[]): Promise<Map<string, { record: DecisionLogRecord; reward?: StoredReward }>> {
    const items = await this.batchGet(decisionIds.flatMap((decisionId) => [DECISION_SK, REWARD_SK].map((sk) => ({ pk: decisionPk(decisionId), sk }))));
    const records = new Map<string, DecisionLogRecord>();
    const rewards = new Map<string, StoredReward>();
    for (const item of items) {
      const decisionId = String(item.pk).slice('DEC#'.length);
      if (item.sk === DECISION_SK) records.set(decisionId, DecisionLogRecordSchema.parse(item.record));
      else rewards.set(decisionId, rewardFromItem(item));
    }
    const found = new Map<string, { record: DecisionLogRecord; reward?: StoredReward }>();
    for (const [decisionId, record] of records) {
      const reward = rewards.get(decisionId);
      found.set(decisionId, reward ? { record, reward } : { record });
    }
    return found;
  }

  async saveReward(record: DecisionLogRecord, reward: StoredReward, expectedVersion: number | undefined): Promise<'saved' | 'conflict'> {
    return this.conditionalPut(
      {
        ...this.shared(record, 'R'),
        sk: REWARD_SK,
        decisionId: record.decisionId,
        reward: reward.reward,
        counted: reward.counted,
        applied: reward.applied,
        version: (expectedVersion ?? 0) + 1,
      },
      expectedVersion,
    );
  }

  /**
   * The newest `limit` decisions of an experiment, with their rewards, read from the byExperiment
   * buckets like a merge: every bucket pages newest first (a reward's key sorts just before its
   * decision's, so a decision read has its reward read too), and a bucket is read further only while
   * its oldest key read is newer than the limit-th newest decision read so far from all buckets;
   * past that none of its unread items can be among the newest. About `limit` decisions are read, not
   * `limit` per bucket.
   */
  async listByExperiment(experimentId: string, options: { limit: number; since?: string }): Promise<LoggedDecision[]> {
    // Up to two items per decision (decision + reward) and a quarter more for uneven buckets.
    const pageLimit = Math.min(2000, Math.ceil((2.5 * options.limit) / EXPERIMENT_LOG_BUCKETS) + 10);
    const buckets = Array.from({ length: EXPERIMENT_LOG_BUCKETS }, (_unused, bucket) => ({
      bucket,
      items: [] as Record<string, unknown>[],
      decisionKeys: [] as string[],
      cursor: undefined as Record<string, unknown> | undefined,
      /** The oldest logKey read from this bucket (undefined before its first item). */
      oldest: undefined as string | undefined,
      done: false,
    }));
    let pending = buckets;
    while (pending.length > 0) {
      await mapWithConcurrency(pending, EXPERIMENT_LOG_BUCKETS, async (state) => {
        const response: QueryCommandOutput = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: DECISIONS_TABLE.experimentIndex.name,
            KeyConditionExpression: options.since ? 'expBucket = :bucket AND logKey >= :since' : 'expBucket = :bucket',
            ExpressionAttributeValues: { ':bucket': `${experimentId}#${state.bucket}`, ...(options.since ? { ':since': options.since } : {}) },
            ScanIndexForward: false,
            Limit: pageLimit,
            ExclusiveStartKey: state.cursor,
          }),
        );
        for (const item of response.Items ?? []) {
          state.items.push(item);
          state.oldest = String(item.logKey);
          if (item.sk === DECISION_SK) state.decisionKeys.push(String(item.logKey));
        }
        state.cursor = response.LastEvaluatedKey;
        state.done = !state.cursor;
      });
      const keys = buckets.flatMap((state) => state.decisionKeys);
      const cutoff = keys.length >= options.limit ? keys.sort()[keys.length - options.limit] : undefined;
      pending = buckets.filter((state) => !state.done && (cutoff === undefined || state.oldest === undefined || state.oldest > cutoff));
    }
    const perBucket = buckets.map((state) => state.items);
    const rewards = new Map<string, StoredReward>();
    const records: DecisionLogRecord[] = [];
    for (const item of perBucket.flat()) {
      if (item.sk === DECISION_SK) records.push(DecisionLogRecordSchema.parse(item.record));
      else if (item.sk === REWARD_SK) rewards.set(String(item.decisionId), rewardFromItem(item));
    }
    records.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.decisionId < b.decisionId ? 1 : -1));
    return records.slice(0, options.limit).map((record) => {
      const reward = rewards.get(record.decisionId);
      return { record, reward: reward?.reward ?? 0, lateOutcomes: reward?.applied.filter((entry) => entry.late).length ?? 0 };
    });
  }

  /**
   * The erasure time is written first: a decision the consumer logs after this write is dropped there
   * (`erasures`), one logged before it is found by the query below. It is kept while a decision served
   * before the erasure can still be on the stream (its retention, plus a day for a lagging consumer).
   * Decisions the outcomes API could still call "not logged yet" are marked erased before they go, so
   * no outcome of theirs is ever told to resend.
   */
  async eraseUser(uid: string, erasedAt: Date): Promise<number> {
    const keepUntil = Math.ceil((erasedAt.getTime() + STREAM_RETENTION_MS + 86_400_000) / 1000);
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: erasurePk(uid), sk: ERASED_SK, erasedAt: erasedAt.toISOString(), [DECISIONS_TABLE.ttlAttribute]: keepUntil } }),
    );
    let erased = 0;
    let cursor: Record<string, unknown> | undefined;
    do {
      const response: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: DECISIONS_TABLE.userIndex.name,
          KeyConditionExpression: 'uid = :uid',
          ExpressionAttributeValues: { ':uid': uid },
          ExclusiveStartKey: cursor,
        }),
      );
      const keys = (response.Items ?? []).map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
      const young = keys
        .filter((key) => key.sk === DECISION_SK)
        .map((key) => key.pk.slice('DEC#'.length))
        .filter((decisionId) => {
          const minted = decisionIdTime(decisionId);
          return minted !== undefined && mayBeUnlogged(minted, erasedAt.getTime());
        });
      await this.markErased(young);
      await batchWriteAll(this.client, { name: this.tableName, ...DECISIONS_TABLE }, keys.map((Key) => ({ DeleteRequest: { Key } })), 'delete decision items of the user; erasure is incomplete, retry it');
      erased += keys.length;
      cursor = response.LastEvaluatedKey;
    } while (cursor);
    return erased;
  }

  /** Markers hold no user id (no index lists them) and expire once the outcomes API's grace has passed. */
  async markErased(decisionIds: readonly string[]): Promise<void> {
    const marker = (decisionId: string) => ({
      pk: decisionPk(decisionId),
      sk: ERASED_SK,
      [DECISIONS_TABLE.ttlAttribute]: Math.ceil(((decisionIdTime(decisionId) ?? Date.now()) + LOG_GRACE_MS) / 1000) + 60,
    });
    await batchWriteAll(this.client, { name: this.tableName, ...DECISIONS_TABLE }, decisionIds.map((decisionId) => ({ PutRequest: { Item: marker(decisionId) } })), 'mark decisions of an erased user');
  }

  async isErased(decisionId: string): Promise<boolean> {
    return (await this.batchGet([{ pk: decisionPk(decisionId), sk: ERASED_SK }])).length > 0;
  }

  async erasures(uids: readonly string[]): Promise<Map<string, string>> {
    const items = await this.batchGet(uids.map((uid) => ({ pk: erasurePk(uid), sk: ERASED_SK })));
    return new Map(items.map((item) => [String(item.pk).slice('ERASED#'.length), String(item.erasedAt)]));
  }
}

function rewardFromItem(item: Record<string, unknown>): StoredReward {
  return {
    decisionId: String(item.decisionId ?? String(item.pk).slice('DEC#'.length)),
    reward: Number(item.reward ?? 0),
    counted: (item.counted ?? []) as string[],
    applied: (item.applied ?? []) as StoredReward['applied'],
    version: Number(item.version ?? 0),
  };
}
