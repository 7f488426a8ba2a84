import 'aws-sdk-client-mock-jest';
import { profileItem } from '../../shared/aws/profile-store';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { foldUserRecords } from '../../shared/profiles/fold';
import { MINUTE, context, event, iso, item, userRecords } from '../profiles/fixtures';
import { httpEvent, jsonBody, lambdaContext, RAW_USER_ID, RAW_USER_PSEUDONYM, SECRET, SECRET_ID, silenceEmptyMetricsWarning, type HttpHandler } from './api-gateway';

const TABLE = 'profiles-table';
const DECISIONS_TABLE = 'decisions-table';
const CONSENTS_TABLE = 'consents-table';
const UID = RAW_USER_PSEUDONYM;

const dynamo = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);

type Handler = HttpHandler;
let handler: Handler;

beforeAll(async () => {
  process.env.PROFILES_TABLE_NAME = TABLE;
  process.env.PSEUDONYMIZATION_SECRET_ID = SECRET_ID;
  process.env.DECISIONS_TABLE_NAME = DECISIONS_TABLE;
  process.env.CONSENTS_TABLE_NAME = CONSENTS_TABLE;
  process.env.CONSENT_REGIME = 'opt-out';
  process.env.CONSENT_PROOF_RETENTION_DAYS = '1095';
  ({ handler } = (await import('../../functions/profiles-api/handler')) as unknown as { handler: Handler });
});

beforeEach(() => {
  dynamo.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: SECRET });
  dynamo.on(GetCommand).resolves({});
  // No consent state recorded: the (opt-out) regime applies. Tests that need one override this.
  dynamo.on(GetCommand, { TableName: CONSENTS_TABLE }).resolves({});
  dynamo.on(PutCommand).resolves({});
  dynamo.on(QueryCommand).resolves({ Items: [] });
  silenceEmptyMetricsWarning();
});
afterEach(() => jest.restoreAllMocks());

const request = (method: 'GET' | 'DELETE', userId = RAW_USER_ID, query?: Record<string, string>) =>
  handler(
    httpEvent({ method, route: '/v1/profiles/{userId}', path: `/v1/profiles/${encodeURIComponent(userId)}`, pathParameters: { userId }, queryStringParameters: query }),
    lambdaContext('profiles-api'),
  );

/** A profile as the feature updater stores it: built by the real fold, a few minutes old. */
function storedProfile() {
  const now = Date.now();
  const bodies = [
    event({ type: 'add_to_cart', item: item('p1', 'Running Shoes', { brand: 'Li-Ning', price: 499 }), timestamp: iso(now - 10 * MINUTE) }),
    event({ type: 'product_view', item: item('p2', 'Socks', { price: 29 }), timestamp: iso(now - 5 * MINUTE) }),
  ];
  const state = foldUserRecords(undefined, userRecords(bodies, 1, { uid: UID, receivedAt: iso(now - MINUTE) }), context()).state!;
  return profileItem(state, 2);
}

describe('GET /v1/profiles/{userId}', () => {
  it('answers 404 with a JSON error for an unknown user', async () => {
    const response = await request('GET');
    expect(response.statusCode).toBe(404);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(jsonBody(response)).toMatchObject({ error: { code: 'NotFound', message: expect.any(String) }, requestId: 'aws-req-1' });
  });

  it('looks the profile up by pseudonym only: the raw id never reaches DynamoDB', async () => {
    await request('GET');
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: TABLE, Key: { uid: UID }, ConsistentRead: true });
    for (const call of dynamo.calls()) expect(JSON.stringify(call.args[0].input)).not.toContain(RAW_USER_ID);
  });

  it('answers 200 with ranked interests for a stored profile', async () => {
    // Prepare
    dynamo.on(GetCommand, { TableName: TABLE, Key: { uid: UID } }).resolves({ Item: storedProfile() });
    // Act
    const response = await request('GET');
    // Assess
    expect(response.statusCode).toBe(200);
    const body = jsonBody(response);
    expect(body.userId).toBe(UID);
    expect(body.interests.shortTerm.categories.map((entry: { key: string }) => entry.key)).toEqual(['running shoes', 'socks']);
    expect(body.interests.longTerm.brands).toEqual([{ key: 'li-ning', score: expect.any(Number) }]);
    expect(body.activity.eventCounts).toEqual({ add_to_cart: 1, product_view: 1 });
    expect(body.segments).toEqual(expect.arrayContaining(['new-user', 'cart-abandoner']));
    expect(body).not.toHaveProperty('cleaning');
    expect(response.body).not.toContain(RAW_USER_ID);
  });

  it('honours k from the query string', async () => {
    dynamo.on(GetCommand, { TableName: TABLE }).resolves({ Item: storedProfile() });
    const response = await request('GET', RAW_USER_ID, { k: '1' });
    expect(jsonBody(response).interests.shortTerm.categories).toHaveLength(1);
  });

  it.each([['0'], ['51'], ['many']])('answers 400 for k=%s', async (k) => {
    const response = await request('GET', RAW_USER_ID, { k });
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response).error).toMatchObject({ code: 'BadRequest', details: [expect.objectContaining({ path: 'k' })] });
  });

  it('answers 404 for an erased user (tombstone)', async () => {
    dynamo.on(GetCommand, { TableName: TABLE }).resolves({ Item: { uid: UID, kind: 'tombstone', erasedAt: '2024-05-01T10:00:00.000Z', version: 0, expiresAt: 1715248800 } });
    const response = await request('GET');
    expect(response.statusCode).toBe(404);
  });
});

describe('GET /v1/profiles/{userId} with consent', () => {
  it('shows no interests and no segment when the consents table says profiling is refused, even before the stream has applied it', async () => {
    // Prepare: the profile still has features; the refusal is recorded but not yet applied by the updater.
    dynamo.on(GetCommand, { TableName: TABLE }).resolves({ Item: storedProfile() });
    dynamo.on(GetCommand, { TableName: CONSENTS_TABLE }).resolves({ Item: consentVersion(1, 'refused', 'state') });
    // Act
    const response = await request('GET');
    // Assess
    const body = jsonBody(response);
    expect(response.statusCode).toBe(200);
    expect(body.interests.shortTerm.categories).toEqual([]);
    expect(body.interests.longTerm.brands).toEqual([]);
    expect(body.spending.tier).toBe('unknown');
    expect(body.segments).toEqual([]);
    expect(body.consent).toEqual({ profiling: expect.objectContaining({ status: 'refused', basis: 'explicit' }) });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: CONSENTS_TABLE, Key: { uid: UID, sk: 'state' } });
  });
});

/** A consent ledger item as the consents API writes it. */
function consentVersion(version: number, profiling: 'granted' | 'refused', sk = `v#${String(version).padStart(12, '0')}`) {
  const at = '2026-03-01T09:00:00.000Z';
  return { uid: UID, sk, version, changeId: `c${version}`, changedAt: at, by: 'app-client', source: 'app', noticeVersion: 'v1', changed: { profiling }, choices: { profiling: { decision: profiling, at, source: 'app', noticeVersion: 'v1' } } };
}

describe('DELETE /v1/profiles/{userId}', () => {
  it('erases the consent state and ledger, keeping per version only a proof that expires after the retention period', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({ Attributes: storedProfile() });
    dynamo.on(QueryCommand, { TableName: CONSENTS_TABLE }).resolves({ Items: [consentVersion(2, 'granted', 'state'), consentVersion(1, 'refused'), consentVersion(2, 'granted')] });
    dynamo.on(BatchWriteCommand).resolves({});
    // Act
    const response = await request('DELETE');
    // Assess
    expect(response.statusCode).toBe(204);
    const writes = dynamo.commandCalls(BatchWriteCommand).flatMap((call) => (call.args[0].input.RequestItems?.[CONSENTS_TABLE] ?? []) as { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: Record<string, unknown> } }[]);
    expect(writes.filter((write) => write.DeleteRequest).map((write) => write.DeleteRequest!.Key.sk).sort()).toEqual(['state', 'v#000000000001', 'v#000000000002']);
    const proofs = writes.filter((write) => write.PutRequest).map((write) => write.PutRequest!.Item);
    expect(proofs.map((proof) => proof.sk).sort()).toEqual([`proof#${proofs[0]!.erasedAt}#000000000001`, `proof#${proofs[0]!.erasedAt}#000000000002`]);
    for (const proof of proofs) {
      expect(proof).toMatchObject({ uid: UID, by: 'app-client', source: 'app', noticeVersion: 'v1', erasedAt: expect.any(String) });
      expect(proof.expiresAt).toBeGreaterThan(Date.now() / 1000 + 1094 * 86_400);
      expect(proof.expiresAt).toBeLessThan(Date.now() / 1000 + 1096 * 86_400);
    }
    expect(JSON.stringify(writes)).not.toContain(RAW_USER_ID);
  });


  it('answers 204 when a profile existed, replacing it with a tombstone', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({ Attributes: storedProfile() });
    // Act
    const response = await request('DELETE');
    // Assess
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    const profileWrites = dynamo.commandCalls(PutCommand).filter((call) => call.args[0].input.TableName === TABLE);
    expect(profileWrites).toHaveLength(1);
    const input = profileWrites[0]!.args[0].input;
    expect(input).toMatchObject({ TableName: TABLE, ReturnValues: 'ALL_OLD', Item: { uid: UID, kind: 'tombstone', erasedAt: expect.any(String) } });
    // The tombstone holds nothing of the user but the cut-off, and expires after the stream's retention.
    expect(Object.keys(input.Item!).sort()).toEqual(['erasedAt', 'expiresAt', 'kind', 'uid', 'version']);
    expect(input.Item!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 7 * 86_400);
  });

  it('answers 204 for a profile item written before codec version 4, which still says kind: profile', async () => {
    dynamo.on(PutCommand).resolves({ Attributes: { ...storedProfile(), kind: 'profile' } });
    const response = await request('DELETE');
    expect(response.statusCode).toBe(204);
  });

  it('answers 404 when there was no profile, and still writes the tombstone', async () => {
    const response = await request('DELETE');
    expect(response.statusCode).toBe(404);
    expect(jsonBody(response).error.code).toBe('NotFound');
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, { Item: expect.objectContaining({ uid: UID, kind: 'tombstone' }) });
  });

  it("also deletes the user's decisions and rewards, found by pseudonym on the byUser index", async () => {
    dynamo.on(PutCommand).resolves({ Attributes: storedProfile() });
    dynamo.on(QueryCommand).resolves({ Items: [{ pk: 'DEC#d1', sk: 'DECISION' }, { pk: 'DEC#d1', sk: 'REWARD' }] });
    dynamo.on(BatchWriteCommand).resolves({});
    const response = await request('DELETE');
    expect(response.statusCode).toBe(204);
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, { TableName: DECISIONS_TABLE, IndexName: 'byUser', ExpressionAttributeValues: { ':uid': UID } });
    expect(dynamo).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: { [DECISIONS_TABLE]: [{ DeleteRequest: { Key: { pk: 'DEC#d1', sk: 'DECISION' } } }, { DeleteRequest: { Key: { pk: 'DEC#d1', sk: 'REWARD' } } }] },
    });
    // Before the query: the erasure time, by pseudonym, so the consumer never logs a decision that was in flight.
    const first = dynamo.calls()[0]!.args[0].input as { TableName?: string; Item?: Record<string, unknown> };
    expect(first).toMatchObject({ TableName: DECISIONS_TABLE, Item: { pk: `ERASED#${UID}`, sk: 'ERASED', erasedAt: expect.any(String) } });
    expect(Object.keys(first.Item!).sort()).toEqual(['erasedAt', 'expiresAt', 'pk', 'sk']);
  });

  it('answers 503 (resend) and keeps the profile when DynamoDB keeps leaving decisions unprocessed, so the erasure is retried', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ pk: 'DEC#d1', sk: 'DECISION' }] });
    dynamo.on(BatchWriteCommand).resolves({ UnprocessedItems: { [DECISIONS_TABLE]: [{ DeleteRequest: { Key: { pk: 'DEC#d1', sk: 'DECISION' } } }] } });
    const response = await request('DELETE');
    expect(response.statusCode).toBe(503);
    expect(dynamo).not.toHaveReceivedCommandWith(PutCommand, { TableName: TABLE });
  });

  it('writes every consent proof before deleting any version, and deletes none while a proof is still unwritten', async () => {
    dynamo.on(PutCommand).resolves({ Attributes: storedProfile() });
    dynamo.on(QueryCommand, { TableName: CONSENTS_TABLE }).resolves({ Items: [consentVersion(2, 'granted', 'state'), consentVersion(1, 'refused'), consentVersion(2, 'granted')] });
    const proofLeft = (input: { RequestItems?: Record<string, { PutRequest?: { Item: Record<string, unknown> } }[]> }) =>
      (input.RequestItems?.[CONSENTS_TABLE] ?? []).filter((write) => String(write.PutRequest?.Item.sk).endsWith('000000000001'));
    dynamo.on(BatchWriteCommand).callsFake((input) => ({ UnprocessedItems: proofLeft(input).length > 0 ? { [CONSENTS_TABLE]: proofLeft(input) } : {} }));

    const response = await request('DELETE');

    expect(response.statusCode).toBe(503);
    const consentWrites = dynamo.commandCalls(BatchWriteCommand).flatMap((call) => (call.args[0].input.RequestItems?.[CONSENTS_TABLE] ?? []) as { DeleteRequest?: unknown }[]);
    expect(consentWrites.length).toBeGreaterThan(0);
    expect(consentWrites.filter((write) => write.DeleteRequest)).toEqual([]);
  });

  it('answers 404 when the user was already erased', async () => {
    dynamo.on(PutCommand).resolves({ Attributes: { uid: UID, kind: 'tombstone', erasedAt: '2024-05-01T10:00:00.000Z', version: 0 } });
    const response = await request('DELETE');
    expect(response.statusCode).toBe(404);
  });
});

describe('other methods', () => {
  it('answers 405 for a method the route does not support', async () => {
    const response = await handler(httpEvent({ method: 'PUT', route: '/v1/profiles/{userId}', pathParameters: { userId: RAW_USER_ID } }), lambdaContext('profiles-api'));
    expect(response.statusCode).toBe(405);
    expect(jsonBody(response).error.code).toBe('MethodNotAllowed');
  });

  it('answers 503 (resend) without internals when DynamoDB is throttled past the SDK retries', async () => {
    dynamo.on(GetCommand).rejects(Object.assign(new Error('Rate exceeded for table profiles-prod'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } }));
    const response = await request('GET');
    expect(response.statusCode).toBe(503);
    expect(jsonBody(response).error.code).toBe('ServiceUnavailable');
    expect(response.body).not.toContain('profiles-prod');
  });

  it('answers 500 without internals when DynamoDB fails', async () => {
    dynamo.on(GetCommand).rejects(new Error('socket hang up at 10.0.0.12'));
    const response = await request('GET');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('10.0.0.12');
  });
});
