import 'aws-sdk-client-mock-jest';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { httpEvent, jsonBody, lambdaContext, silenceEmptyMetricsWarning, type HttpHandler } from './api-gateway';

const TABLE = 'write-keys';
const dynamo = mockClient(DynamoDBDocumentClient);
let handler: HttpHandler;

beforeAll(async () => {
  process.env.WRITE_KEYS_TABLE_NAME = TABLE;
  ({ handler } = (await import('../../functions/write-keys-api/handler')) as unknown as { handler: HttpHandler });
});
beforeEach(() => {
  dynamo.reset();
  silenceEmptyMetricsWarning();
});

const stored = { keyId: '0123456789abcdef', name: 'web shop', keyHash: 'a'.repeat(64), capability: 'events:write', createdAt: '2026-01-01T00:00:00.000Z' };
const call = (method: 'POST' | 'GET' | 'DELETE', route: string, options: { body?: string; keyId?: string } = {}) =>
  handler(
    httpEvent({ method, route, path: options.keyId ? route.replace('{keyId}', options.keyId) : route, body: options.body, pathParameters: options.keyId ? { keyId: options.keyId } : undefined, scopes: ['marketing/sources:admin'] }),
    lambdaContext('write-keys-api'),
  );

describe('/v1/write-keys', () => {
  it('creates a key, answers it once, and writes only its hash, conditionally on a fresh id', async () => {
    dynamo.on(PutCommand).resolves({});
    const response = await call('POST', '/v1/write-keys', { body: JSON.stringify({ name: ' web shop ' }) });
    expect(response.statusCode).toBe(201);
    const { writeKey, key } = jsonBody(response);
    const item = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(item).toMatchObject({ TableName: TABLE, ConditionExpression: 'attribute_not_exists(#pk)' });
    expect(item.Item).toEqual({ ...key, name: 'web shop', keyHash: createHash('sha256').update(writeKey).digest('hex') });
    expect(JSON.stringify(item)).not.toContain(writeKey);
  });

  it('refuses a nameless key with 400', async () => {
    expect((await call('POST', '/v1/write-keys', { body: JSON.stringify({ name: '  ' }) })).statusCode).toBe(400);
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });

  it('lists keys across pages without their hashes', async () => {
    dynamo.on(ScanCommand).resolvesOnce({ Items: [stored], LastEvaluatedKey: { keyId: stored.keyId } }).resolvesOnce({ Items: [{ ...stored, keyId: '1123456789abcdef', createdAt: '2025-01-01T00:00:00.000Z' }] });
    const response = await call('GET', '/v1/write-keys');
    expect(jsonBody(response).keys.map((key: { keyId: string }) => key.keyId)).toEqual(['1123456789abcdef', '0123456789abcdef']);
    expect(JSON.stringify(jsonBody(response))).not.toContain('keyHash');
  });

  it('revokes a key, keeping the first revocation time, and answers 404 for an unknown one, 400 for a malformed id', async () => {
    dynamo.on(UpdateCommand).resolvesOnce({ Attributes: { ...stored, revokedAt: '2026-02-01T00:00:00.000Z' } }).rejectsOnce(new ConditionalCheckFailedException({ message: 'no such key', $metadata: {} }));
    const revoked = await call('DELETE', '/v1/write-keys/{keyId}', { keyId: stored.keyId });
    expect(jsonBody(revoked)).toEqual({ key: { keyId: stored.keyId, name: 'web shop', capability: 'events:write', createdAt: stored.createdAt, revokedAt: '2026-02-01T00:00:00.000Z' } });
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input.UpdateExpression).toBe('SET revokedAt = if_not_exists(revokedAt, :at)');
    expect((await call('DELETE', '/v1/write-keys/{keyId}', { keyId: 'ffffffffffffffff' })).statusCode).toBe(404);
    expect((await call('DELETE', '/v1/write-keys/{keyId}', { keyId: '__proto__' })).statusCode).toBe(400);
  });

  it('revokes a key whose id is written in capitals: hex is case-insensitive, and a refused revocation leaves a leaked key live', async () => {
    dynamo.on(UpdateCommand).resolves({ Attributes: { ...stored, revokedAt: '2026-02-01T00:00:00.000Z' } });
    const revoked = await call('DELETE', '/v1/write-keys/{keyId}', { keyId: stored.keyId.toUpperCase() });
    expect(revoked.statusCode).toBe(200);
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input.Key).toEqual({ keyId: stored.keyId });
  });
});
