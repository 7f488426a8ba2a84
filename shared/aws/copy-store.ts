import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { mapWithConcurrency } from '../concurrency';
import { COPY_TABLE, JOB_SK, PENDING_REVIEW_QUEUE, jobPk, variantSk } from '../copy/keys';
import { JobRecordSchema, VariantRecordSchema, type JobFailure, type JobRecord, type Outcome, type ReviewRecord, type VariantRecord } from '../copy/schema';
import { decodeKeyCursor, encodeKeyCursor } from './key-cursor';
import { InvalidCursorError, type CopyStore, type PublishedCounts } from '../copy/store';
import { VARIANT_ID_PATTERN } from '../copy/variant-id';
import { jobIdOfVariant } from '../copy/workflow';

const STORAGE_ATTRIBUTES = ['pk', 'sk', 'kind', COPY_TABLE.reviewIndex.partitionKey, COPY_TABLE.reviewIndex.sortKey] as const;
const WRITE_CONCURRENCY = 8;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException';

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  for (const attribute of STORAGE_ATTRIBUTES) delete copy[attribute];
  return copy;
}
const toJob = (item: Record<string, unknown>): JobRecord => JobRecordSchema.parse(strip(item));
const toVariant = (item: Record<string, unknown>): VariantRecord => VariantRecordSchema.parse(strip(item));

/**
 * A review-queue cursor is the index's LastEvaluatedKey: exactly these four attributes, each of the
 * form this table writes. Anything else (a forged or truncated cursor) is refused as a 400 before
 * it reaches DynamoDB, which would answer a malformed start key with a ValidationException (a 500).
 */
const ISO_INSTANT = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z`;
const CursorSchema = z.strictObject({
  [COPY_TABLE.partitionKey]: z.string().regex(/^JOB#[0-9a-f-]{36}$/i),
  [COPY_TABLE.sortKey]: z.string().regex(new RegExp(`^VARIANT#${VARIANT_ID_PATTERN}$`)),
  [COPY_TABLE.reviewIndex.partitionKey]: z.literal(PENDING_REVIEW_QUEUE),
  [COPY_TABLE.reviewIndex.sortKey]: z.string().regex(new RegExp(`^${ISO_INSTANT}#${VARIANT_ID_PATTERN}$`)),
});

/** The copy table in DynamoDB; key design in shared/copy/keys.ts. */
export class DynamoCopyStore implements CopyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createJob(job: JobRecord): Promise<{ created: true } | { created: false; existing: JobRecord }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: jobPk(job.jobId), sk: JOB_SK, kind: 'job', ...job },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getJob(job.jobId);
      if (!existing) throw new Error(`job ${job.jobId} exists and vanished`, { cause: error });
      return { created: false, existing };
    }
  }

  async getJob(jobId: string): Promise<JobRecord | undefined> {
    const response = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: jobPk(jobId), sk: JOB_SK }, ConsistentRead: true }));
    return response.Item ? toJob(response.Item) : undefined;
  }

  async getJobWithVariants(jobId: string): Promise<{ job: JobRecord; variants: VariantRecord[] } | undefined> {
    const items = await this.queryJob(jobId);
    const jobItem = items.find((item) => item.sk === JOB_SK);
    if (!jobItem) return undefined;
    return { job: toJob(jobItem), variants: items.filter((item) => item.sk !== JOB_SK).map(toVariant) };
  }

  async markJobRunning(jobId: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: jobPk(jobId), sk: JOB_SK },
          UpdateExpression: 'SET #status = :running, startedAt = if_not_exists(startedAt, :at), updatedAt = :at',
          ConditionExpression: '#status IN (:queued, :running)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'RUNNING', ':queued': 'QUEUED', ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async saveDraftVariant(variant: VariantRecord): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: jobPk(variant.jobId), sk: variantSk(variant.variantId), kind: 'variant', ...variant, status: 'draft' },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :draft',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':draft': 'draft' },
        }),
      );
    } catch (error) {
      // Already published or discarded: a late retry must not overwrite it.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async publishJob(jobId: string, outcomes: readonly { variantId: string; outcome: Outcome }[], at: string): Promise<PublishedCounts> {
    await mapWithConcurrency(outcomes, WRITE_CONCURRENCY, async ({ variantId, outcome }) => {
      const pending = outcome === 'pending-review';
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: jobPk(jobId), sk: variantSk(variantId) },
            UpdateExpression: `SET #status = :outcome, publishedAt = :at, updatedAt = :at${pending ? ', #queue = :queue, #queuedAt = :queuedAt' : ''}`,
            ConditionExpression: '#status = :draft',
            ExpressionAttributeNames: { '#status': 'status', ...(pending ? { '#queue': COPY_TABLE.reviewIndex.partitionKey, '#queuedAt': COPY_TABLE.reviewIndex.sortKey } : {}) },
            ExpressionAttributeValues: { ':outcome': outcome, ':at': at, ':draft': 'draft', ...(pending ? { ':queue': PENDING_REVIEW_QUEUE, ':queuedAt': `${at}#${variantId}` } : {}) },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const current = await this.getVariant(variantId);
        if (!current) throw new Error(`variant ${variantId} of job ${jobId} was never persisted`, { cause: error });
        // Published by an earlier attempt of this step: nothing to do.
      }
    });
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: jobPk(jobId), sk: JOB_SK },
        UpdateExpression: 'SET #status = :succeeded, completedAt = if_not_exists(completedAt, :at), updatedAt = :at',
        ConditionExpression: '#status IN (:running, :succeeded)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':succeeded': 'SUCCEEDED', ':running': 'RUNNING', ':at': at },
      }),
    );
    return {
      accepted: outcomes.filter((entry) => entry.outcome === 'accepted').length,
      pendingReview: outcomes.filter((entry) => entry.outcome === 'pending-review').length,
    };
  }

  async failJob(jobId: string, failure: JobFailure, at: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: jobPk(jobId), sk: JOB_SK },
          UpdateExpression: 'SET #status = :failed, failure = if_not_exists(failure, :failure), completedAt = if_not_exists(completedAt, :at), updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND #status <> :succeeded',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'FAILED', ':succeeded': 'SUCCEEDED', ':failure': failure, ':at': at },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return; // unknown job, or one that finished: nothing to fail
      throw error;
    }
    const variants = (await this.queryJob(jobId)).filter((item) => item.sk !== JOB_SK && item.status !== 'discarded');
    await mapWithConcurrency(variants, WRITE_CONCURRENCY, (item) =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET #status = :discarded, updatedAt = :at REMOVE #queue, #queuedAt',
          ExpressionAttributeNames: { '#status': 'status', '#queue': COPY_TABLE.reviewIndex.partitionKey, '#queuedAt': COPY_TABLE.reviewIndex.sortKey },
          ExpressionAttributeValues: { ':discarded': 'discarded', ':at': at },
        }),
      ),
    );
  }

  async getVariant(variantId: string): Promise<VariantRecord | undefined> {
    const jobId = jobIdOfVariant(variantId);
    if (!jobId) return undefined;
    const response = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: jobPk(jobId), sk: variantSk(variantId) }, ConsistentRead: true }));
    return response.Item ? toVariant(response.Item) : undefined;
  }

  async listPendingReviews(limit: number, cursor?: string): Promise<{ items: VariantRecord[]; nextCursor?: string }> {
    const index = COPY_TABLE.reviewIndex;
    const response = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#queue = :pending',
        ExpressionAttributeNames: { '#queue': index.partitionKey },
        ExpressionAttributeValues: { ':pending': PENDING_REVIEW_QUEUE },
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor) } : {}),
      }),
    );
    const items = (response.Items ?? []).map(toVariant);
    return { items, ...(response.LastEvaluatedKey ? { nextCursor: encodeKeyCursor(response.LastEvaluatedKey) } : {}) };
  }

  async decideReview(variantId: string, review: ReviewRecord) {
    const jobId = jobIdOfVariant(variantId);
    if (!jobId) return { result: 'not-found' as const };
    try {
      const response = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: jobPk(jobId), sk: variantSk(variantId) },
          UpdateExpression: 'SET #status = :decision, review = :review, updatedAt = :at REMOVE #queue, #queuedAt',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status', '#queue': COPY_TABLE.reviewIndex.partitionKey, '#queuedAt': COPY_TABLE.reviewIndex.sortKey },
          ExpressionAttributeValues: { ':decision': review.decision, ':review': review, ':at': review.decidedAt, ':pending': 'pending-review' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { result: 'decided' as const, variant: toVariant(response.Attributes ?? {}) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The emulator lacks ReturnValuesOnConditionCheckFailure: read the item to say why.
      const current = await this.getVariant(variantId);
      return current ? { result: 'not-pending' as const, variant: current } : { result: 'not-found' as const };
    }
  }

  private async queryJob(jobId: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const response: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': jobPk(jobId) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(response.Items ?? []));
      startKey = response.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

function decodeCursor(cursor: string): Record<string, string> {
  const decoded = decodeKeyCursor(cursor, CursorSchema, 'the review queue');
  if (!decoded.ok) throw new InvalidCursorError(`invalid cursor: ${decoded.reason}`);
  return decoded.key as Record<string, string>;
}
