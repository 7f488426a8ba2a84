import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { CampaignConfigSchema, contributionList, PeriodAggregateSchema, type CampaignConfig, type PeriodAggregate } from '../budget/schemas';
import { StoredAllocationSchema } from '../budget-service/allocation-record';
import { InvalidCursorError, type CampaignFailure, type DueQueue, type AllocationPage, type AllocationStore, type CampaignStore, type EffectsStore, type PlannedPeriod, type StoredAllocation, type StoredCampaign } from '../budget-service/ports';
import { BUDGET_TABLE } from '../budget-service/keys';
import { decodeKeyCursor, encodeKeyCursor } from './key-cursor';
import { z } from 'zod';

/**
 * The budget table: one item collection per campaign (partition key `pk = CAMPAIGN#<id>`), so every
 * API read is a GetItem or a Query on one partition:
 *
 * | item                                                   | sk                          | written by                 |
 * | ------------------------------------------------------ | --------------------------- | -------------------------- |
 * | configuration, allocation in force, due time           | `CAMPAIGN`                  | PUT campaign, reallocation |
 * | a channel's effects in a period (totals + each report) | `EFFECT#<period>#<channel>` | POST /v1/effects           |
 * | the allocation of a period, with its explanation       | `ALLOCATION#<period>`       | reallocation               |
 *
 * Period keys are ISO instants (`2025-06-02T00:00:00.000Z`), so string order is time order: the
 * effects of a window are one Query between two sort keys, the history newest first is one Query
 * backwards. The only cross-campaign read, "which campaigns are due", is a Query on the sparse GSI
 * `due` (partition `dueBucket`, one constant value; sort `dueAt`): only campaign items carry it. One
 * index partition takes 1,000 writes/s, and each campaign writes it once per period, so a single
 * bucket suffices until tens of thousands of campaigns run on minute cadences.
 *
 * An effect item keeps each report's latest revision (for idempotency and corrections), as a list:
 * up to ~280 bytes a report with the longest ids, and the core refuses more than
 * MAX_REPORTS_PER_CHANNEL_PERIOD (500) per channel and period, so an item stays below 150 KB.
 *
 * Every write that must happen once is conditional (no transactions: dynalite, the local emulator,
 * has none, and none are needed): an allocation is put only if its period has none, an aggregate
 * only at the version read, the allocation in force only moves forward.
 */
const DUE_INDEX = BUDGET_TABLE.dueIndex.name;
/** The due index's partitions: one per scheduler queue (campaigns on schedule, failing campaigns backing off). */
const DUE_BUCKETS: Record<DueQueue, string> = { 'on-schedule': 'campaigns', failing: 'campaigns-failing' };
const DUE_BUCKET = DUE_BUCKETS['on-schedule'];
const CAMPAIGN_SK = 'CAMPAIGN';
const campaignPk = (campaignId: string) => `CAMPAIGN#${campaignId}`;
const effectSk = (period: string, channel: string) => `EFFECT#${period}#${channel}`;
const allocationSk = (period: string) => `ALLOCATION#${period}`;

const CampaignFailureSchema = z.object({ failures: z.number().int().positive(), lastError: z.string(), lastFailedAt: z.string(), nextAttemptAt: z.string() });

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException';

/** The three stores over one table and one client, as the handlers wire them. */
export function dynamoBudgetStores(client: DynamoDBDocumentClient, tableName: string) {
  return {
    campaigns: new DynamoCampaignStore(client, tableName),
    effects: new DynamoEffectsStore(client, tableName),
    allocations: new DynamoAllocationStore(client, tableName),
  };
}

abstract class BudgetTable {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  protected async getItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }));
    return Item;
  }

  /** Runs a write; a failed condition becomes `onConflict` instead of an error. */
  protected async conditional<T extends string>(write: () => Promise<unknown>, ok: T, onConflict: T): Promise<T> {
    try {
      await write();
      return ok;
    } catch (error) {
      if (isConditionFailure(error)) return onConflict;
      throw error;
    }
  }
}

export class DynamoCampaignStore extends BudgetTable implements CampaignStore {
  async get(campaignId: string): Promise<StoredCampaign | undefined> {
    const item = await this.getItem(campaignPk(campaignId), CAMPAIGN_SK);
    return item ? campaignFromItem(item) : undefined;
  }

  saveConfig(config: CampaignConfig, expectedVersion: number | undefined, at: string, nextDueAt: string): Promise<'saved' | 'conflict'> {
    return this.conditional(
      () =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: campaignPk(config.campaignId), sk: CAMPAIGN_SK },
            UpdateExpression:
              'SET #kind = :kind, config = :config, configVersion = :version, updatedAt = :at, createdAt = if_not_exists(createdAt, :at), periodsAllocated = if_not_exists(periodsAllocated, :zero), dueBucket = :bucket, dueAt = :dueAt REMOVE failure',
            ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'configVersion = :expected',
            ExpressionAttributeNames: { '#kind': 'kind' },
            ExpressionAttributeValues: {
              ':kind': 'campaign',
              ':config': config,
              ':version': (expectedVersion ?? 0) + 1,
              ':at': at,
              ':zero': 0,
              ':bucket': DUE_BUCKET,
              ':dueAt': nextDueAt,
              ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }),
            },
          }),
        ),
      'saved',
      'conflict',
    );
  }

  advance(allocation: StoredAllocation, nextDueAt: string): Promise<'advanced' | 'stale'> {
    return this.conditional(
      () =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: campaignPk(allocation.campaignId), sk: CAMPAIGN_SK },
            UpdateExpression: 'SET #current = :allocation, currentPeriod = :period, dueAt = :dueAt, dueBucket = :bucket REMOVE failure ADD periodsAllocated :one',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(currentPeriod) OR currentPeriod < :period)',
            ExpressionAttributeNames: { '#current': 'current' },
            ExpressionAttributeValues: { ':allocation': allocation, ':period': allocation.period, ':dueAt': nextDueAt, ':bucket': DUE_BUCKET, ':one': 1 },
          }),
        ),
      'advanced',
      'stale',
    );
  }

  async recordFailure(campaignId: string, failure: CampaignFailure): Promise<void> {
    await this.conditional(
      () =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: campaignPk(campaignId), sk: CAMPAIGN_SK },
            UpdateExpression: 'SET failure = :failure, dueAt = :dueAt, dueBucket = :bucket',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':failure': failure, ':dueAt': failure.nextAttemptAt, ':bucket': DUE_BUCKETS.failing },
          }),
        ),
      'recorded',
      'gone',
    );
  }

  async listDue(now: string, limit: number, queue: DueQueue): Promise<string[]> {
    const ids: string[] = [];
    if (limit <= 0) return ids;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: DUE_INDEX,
          KeyConditionExpression: 'dueBucket = :bucket AND dueAt <= :now',
          ExpressionAttributeValues: { ':bucket': DUE_BUCKETS[queue], ':now': now },
          Limit: limit - ids.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item.pk).slice('CAMPAIGN#'.length));
      startKey = page.LastEvaluatedKey;
    } while (startKey && ids.length < limit);
    return ids;
  }
}

export class DynamoEffectsStore extends BudgetTable implements EffectsStore {
  async get(campaignId: string, channel: string, period: string): Promise<PeriodAggregate | undefined> {
    const item = await this.getItem(campaignPk(campaignId), effectSk(period, channel));
    return item ? PeriodAggregateSchema.parse(stripKeys(item)) : undefined;
  }

  save(aggregate: PeriodAggregate, expectedVersion: number | undefined): Promise<'saved' | 'conflict'> {
    return this.conditional(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            // Contributions go as a list: report ids are client strings, and a map attribute cannot carry `__proto__`.
            Item: { pk: campaignPk(aggregate.campaignId), sk: effectSk(aggregate.period, aggregate.channel), kind: 'effect', ...aggregate, contributions: contributionList(aggregate.contributions) },
            ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :expected',
            ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ':expected': expectedVersion },
          }),
        ),
      'saved',
      'conflict',
    );
  }

  async range(campaignId: string, fromPeriod: string, toPeriod: string): Promise<PeriodAggregate[]> {
    // Sort keys of period p are `EFFECT#<p>#<channel>`, which sort after `EFFECT#<p>` itself: BETWEEN
    // the two bare prefixes takes every channel of fromPeriod and none of toPeriod.
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': campaignPk(campaignId), ':from': `EFFECT#${fromPeriod}`, ':to': `EFFECT#${toPeriod}` },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.map((item) => PeriodAggregateSchema.parse(stripKeys(item)));
  }
}

export class DynamoAllocationStore extends BudgetTable implements AllocationStore {
  async get(campaignId: string, period: string): Promise<StoredAllocation | undefined> {
    const item = await this.getItem(campaignPk(campaignId), allocationSk(period));
    return item ? StoredAllocationSchema.parse(stripKeys(item)) : undefined;
  }

  create(allocation: StoredAllocation): Promise<'created' | 'exists'> {
    return this.conditional(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: campaignPk(allocation.campaignId), sk: allocationSk(allocation.period), kind: 'allocation', ...allocation },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      'created',
      'exists',
    );
  }

  async markPublished(campaignId: string, period: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: campaignPk(campaignId), sk: allocationSk(period) },
        UpdateExpression: 'SET publishedAt = if_not_exists(publishedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async plans(campaignId: string, fromPeriod: string, toPeriod: string): Promise<PlannedPeriod[]> {
    // BETWEEN is inclusive and filters cannot name key attributes: the period attribute drops toPeriod.
    const plans: PlannedPeriod[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          FilterExpression: '#period < :toPeriod',
          ProjectionExpression: '#period, allocations, publishedAt',
          ExpressionAttributeNames: { '#period': 'period' },
          ExpressionAttributeValues: { ':pk': campaignPk(campaignId), ':from': allocationSk(fromPeriod), ':to': allocationSk(toPeriod), ':toPeriod': toPeriod },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) plans.push({ period: String(item.period), allocations: item.allocations as Record<string, number>, published: typeof item.publishedAt === 'string' });
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return plans;
  }

  async list(campaignId: string, options: { limit: number; cursor?: string }): Promise<AllocationPage> {
    const startSk = options.cursor === undefined ? undefined : decodeCursor(campaignId, options.cursor);
    const response = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': campaignPk(campaignId), ':prefix': 'ALLOCATION#' },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: startSk === undefined ? undefined : { pk: campaignPk(campaignId), sk: startSk },
      }),
    );
    const items = (response.Items ?? []).map((item) => StoredAllocationSchema.parse(stripKeys(item)));
    const lastSk = response.LastEvaluatedKey?.sk;
    return { items, ...(typeof lastSk === 'string' ? { nextCursor: encodeKeyCursor({ pk: campaignPk(campaignId), sk: lastSk }) } : {}) };
  }
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, kind: _kind, ...rest } = item;
  return rest;
}

/**
 * Campaigns stored before `minStepCents: 0` was refused read with the smallest step, 1 cent: 0 pinned
 * a channel at 0 for good, which no owner meant, and refusing the stored config would fail every read.
 */
function liftZeroMinStep(config: unknown): unknown {
  const record = config as { minStepCents?: unknown } | null;
  return record && typeof record === 'object' && record.minStepCents === 0 ? { ...record, minStepCents: 1 } : config;
}

function campaignFromItem(item: Record<string, unknown>): StoredCampaign {
  return {
    config: CampaignConfigSchema.parse(liftZeroMinStep(item.config)),
    configVersion: Number(item.configVersion),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    ...(item.current ? { current: StoredAllocationSchema.parse(item.current) } : {}),
    periodsAllocated: Number(item.periodsAllocated ?? 0),
    nextDueAt: String(item.dueAt),
    ...(item.failure ? { failure: CampaignFailureSchema.parse(item.failure) } : {}),
  };
}

/**
 * A history cursor is the query's LastEvaluatedKey, by the review queue's mechanism (./key-cursor.ts):
 * exactly `pk` and `sk`, each of the form this table writes. Its `pk` names the campaign, so a cursor
 * of another campaign is refused instead of paging this one from that instant. Cursors issued before
 * this held only the sort key (base64url'd `ALLOCATION#<period>`); they name no campaign and are
 * refused with the advice to restart from the first page.
 */
const AllocationCursorSchema = z.strictObject({
  pk: z.string().regex(/^CAMPAIGN#/),
  sk: z.string().regex(/^ALLOCATION#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
});
function decodeCursor(campaignId: string, cursor: string): string {
  if (Buffer.from(cursor, 'base64url').toString('utf8').startsWith('ALLOCATION#')) throw new InvalidCursorError('cursor was issued before cursors named their campaign; restart from the first page');
  const decoded = decodeKeyCursor(cursor, AllocationCursorSchema, 'the allocation history');
  if (!decoded.ok) throw new InvalidCursorError(`cursor is not one this API issued (${decoded.reason})`);
  if (decoded.key.pk !== campaignPk(campaignId)) throw new InvalidCursorError(`cursor belongs to another campaign, not ${campaignId}`);
  return decoded.key.sk;
}
