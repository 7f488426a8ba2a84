import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { WRITE_KEYS_TABLE, WriteKeyRecordSchema, type WriteKeyRecord, type WriteKeyStore } from '../sources/write-keys';

const { partitionKey } = WRITE_KEYS_TABLE;

/** The write-keys table. A deployment has a handful of keys, so listing them is one paginated scan. */
export class DynamoWriteKeyStore implements WriteKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: WriteKeyRecord): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: record, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': partitionKey } }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(keyId: string): Promise<WriteKeyRecord | undefined> {
    // Strongly consistent: a key revoked a moment ago is refused on the next request.
    const response = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { [partitionKey]: keyId }, ConsistentRead: true }));
    return response.Item ? WriteKeyRecordSchema.parse(response.Item) : undefined;
  }

  async list(): Promise<WriteKeyRecord[]> {
    const records: WriteKeyRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
      for (const item of page.Items ?? []) records.push(WriteKeyRecordSchema.parse(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
  }

  async revoke(keyId: string, at: string): Promise<WriteKeyRecord | undefined> {
    try {
      const response = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [partitionKey]: keyId },
          // The first revocation time is kept: revoking twice is harmless and does not rewrite history.
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': partitionKey },
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return WriteKeyRecordSchema.parse(response.Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
