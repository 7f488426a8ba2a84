import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll, type WriteRequest } from './batch-write';
import { CONSENTS_TABLE, proofKey, versionKey } from '../consent/keys';
import { ConsentVersionSchema, effectivePurpose, isAllowed, type ConsentPurpose, type ConsentRegime, type ConsentVersion, type EffectivePurpose } from '../consent/model';
import type { ConsentLedger, ConsentStreamWriter } from '../consent/service';
import { encodeStreamRecord, type ConsentStreamRecord } from '../stream/records';

const { partitionKey, sortKey, ttlAttribute, stateKey, versionPrefix } = CONSENTS_TABLE;
const DAY_SECONDS = 86_400;

const toVersion = (item: Record<string, unknown>): ConsentVersion => {
  const { [partitionKey]: _uid, [sortKey]: _sk, [ttlAttribute]: _ttl, ...rest } = item;
  return ConsentVersionSchema.parse(rest);
};

/** The consents table (key design: shared/consent/keys.ts). */
export class DynamoConsentLedger implements ConsentLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async history(uid: string, limit: number): Promise<ConsentVersion[]> {
    const response = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :uid AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
        ExpressionAttributeValues: { ':uid': uid, ':prefix': versionPrefix },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (response.Items ?? []).map(toVersion);
  }

  async append(uid: string, version: ConsentVersion): Promise<'appended' | 'conflict'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...version, [partitionKey]: uid, [sortKey]: versionKey(version.version) },
          ConditionExpression: 'attribute_not_exists(#sk)',
          ExpressionAttributeNames: { '#sk': sortKey },
        }),
      );
      return 'appended';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }

  async project(uid: string, version: ConsentVersion): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...version, [partitionKey]: uid, [sortKey]: stateKey },
          ConditionExpression: 'attribute_not_exists(#sk) OR version < :version',
          ExpressionAttributeNames: { '#sk': sortKey },
          ExpressionAttributeValues: { ':version': version.version },
        }),
      );
    } catch (error) {
      // A newer version is already projected: this one is history, which is where it belongs.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * One Query for every item of the user, then batched writes: the `state` item and the ledger go;
   * each version leaves a proof item (the same fields: pseudonym, version, time, who recorded it,
   * source, notice version, what was chosen) that DynamoDB's TTL deletes after the retention period.
   */
  async erase(uid: string, erasedAt: Date, proofRetentionDays: number): Promise<{ versions: number }> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :uid',
          ExpressionAttributeNames: { '#pk': partitionKey },
          ExpressionAttributeValues: { ':uid': uid },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);

    const expiresAt = Math.floor(erasedAt.getTime() / 1000) + proofRetentionDays * DAY_SECONDS;
    const proofs: WriteRequest[] = [];
    const deletes: WriteRequest[] = [];
    for (const item of items) {
      const sk = String(item[sortKey]);
      if (sk === stateKey) deletes.push({ DeleteRequest: { Key: { [partitionKey]: uid, [sortKey]: sk } } });
      if (!sk.startsWith(versionPrefix)) continue;
      const version = toVersion(item);
      proofs.push({ PutRequest: { Item: { ...version, [partitionKey]: uid, [sortKey]: proofKey(erasedAt.toISOString(), version.version), erasedAt: erasedAt.toISOString(), [ttlAttribute]: expiresAt } } });
      deletes.push({ DeleteRequest: { Key: { [partitionKey]: uid, [sortKey]: sk } } });
    }
    // Every proof is written before any version goes, so an erasure cut short and resent loses no proof.
    const table = { name: this.tableName, ...CONSENTS_TABLE };
    await batchWriteAll(this.client, table, proofs, 'keep the proof of each consent choice; erasure is incomplete, retry it');
    await batchWriteAll(this.client, table, deletes, 'erase the consent state; erasure is incomplete, retry it');
    const versions = proofs.length;
    return { versions };
  }
}

/** The consent record goes on the events stream with the user's pseudonym as partition key. */
export class KinesisConsentStream implements ConsentStreamWriter {
  constructor(
    private readonly client: KinesisClient,
    private readonly streamName: string,
  ) {}

  async put(record: ConsentStreamRecord): Promise<void> {
    const { partitionKey: key, data } = encodeStreamRecord(record);
    await this.client.send(new PutRecordCommand({ StreamName: this.streamName, PartitionKey: key, Data: data }));
  }
}

/**
 * For readers that fetch the consent state together with other items in one BatchGetItem (the decision
 * function): the key to ask for, and the answer for a purpose from the item that came back (or did not).
 */
export const consentStateKey = (uid: string) => ({ [partitionKey]: uid, [sortKey]: stateKey });

export function consentAllowsFromItem(item: Record<string, unknown> | undefined, purpose: 'profiling' | 'personalised-marketing', regime: ConsentRegime): boolean {
  return isAllowed(item ? toVersion(item) : undefined, purpose, regime);
}

/** Reads the current consent state by key (the `state` item): one consistent GetItem. */
export class DynamoConsentStateReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly regime: ConsentRegime,
  ) {}

  async purpose(uid: string, purpose: ConsentPurpose): Promise<EffectivePurpose> {
    const response = await this.client.send(new GetCommand({ TableName: this.tableName, Key: consentStateKey(uid), ConsistentRead: true }));
    return effectivePurpose(response.Item ? toVersion(response.Item) : undefined, purpose, this.regime);
  }
}
