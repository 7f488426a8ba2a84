import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { dynamoDecisionStores, logBucket } from '../../shared/aws/decision-store';
import { DECISION_SK, REWARD_SK } from '../../shared/decisions-service/keys';
import { at, logRecord } from './fakes';

/**
 * The byExperiment index as DynamoDB pages it: per bucket, newest logKey first, at most `Limit` items
 * and never more than PAGE (DynamoDB's 1 MB, scaled down), with LastEvaluatedKey while more remain.
 */
const PAGE = 25;
const TABLE = 'decisions-table';
const dynamo = mockClient(DynamoDBDocumentClient);
const stores = dynamoDecisionStores(DynamoDBDocumentClient.from(new DynamoDBClient({})), TABLE);

function serveIndex(items: Record<string, unknown>[]) {
  const byBucket = new Map<string, Record<string, unknown>[]>();
  for (const item of items) byBucket.set(String(item.expBucket), [...(byBucket.get(String(item.expBucket)) ?? []), item]);
  for (const list of byBucket.values()) list.sort((a, b) => (String(a.logKey) < String(b.logKey) ? 1 : -1));
  const read = { items: 0, decisions: 0 };
  dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string>; ExclusiveStartKey?: { logKey: string }; Limit?: number }) => {
    const since = input.ExpressionAttributeValues[':since'];
    const list = (byBucket.get(input.ExpressionAttributeValues[':bucket'] as string) ?? []).filter((item) => since === undefined || String(item.logKey) >= since);
    const start = input.ExclusiveStartKey ? list.findIndex((item) => item.logKey === input.ExclusiveStartKey?.logKey) + 1 : 0;
    const page = list.slice(start, start + Math.min(PAGE, input.Limit ?? PAGE));
    read.items += page.length;
    read.decisions += page.filter((item) => item.sk === DECISION_SK).length;
    const last = page[page.length - 1];
    return { Items: page, ...(start + page.length < list.length && last ? { LastEvaluatedKey: { logKey: last.logKey } } : {}) };
  });
  return read;
}

/** `count` decisions one second apart (ids not in time order; `later` ones a day later), every third with a reward of 1. */
function logItems(count: number, later: (decisionId: string) => boolean = () => false) {
  const items: Record<string, unknown>[] = [];
  const records = Array.from({ length: count }, (_, i) => {
    const decisionId = `dec-${String((i * 7919) % count).padStart(6, '0')}`;
    return logRecord(decisionId, { at: at(i + (later(decisionId) ? 86_400 : 0)) });
  });
  records.forEach((record, i) => {
    const shared = { expBucket: `exp-1#${logBucket(record.decisionId)}`, uid: record.uid };
    items.push({ ...shared, pk: `DEC#${record.decisionId}`, sk: DECISION_SK, logKey: `${record.at}#${record.decisionId}#D`, record });
    if (i % 3 === 0) items.push({ ...shared, pk: `DEC#${record.decisionId}`, sk: REWARD_SK, logKey: `${record.at}#${record.decisionId}#R`, decisionId: record.decisionId, reward: 1, counted: [], applied: [], version: 1 });
  });
  return { items, records };
}

beforeEach(() => dynamo.reset());

describe('the decision log by experiment', () => {
  it('returns exactly the newest decisions with their rewards, reading about as many as it returns, not every bucket\'s worth', async () => {
    const { items, records } = logItems(3200);
    const read = serveIndex(items);
    const listed = await stores.log.listByExperiment('exp-1', { limit: 400 });
    const newest = [...records].sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, 400);
    expect(listed.map((entry) => entry.record.decisionId)).toEqual(newest.map((record) => record.decisionId));
    const rewarded = new Set(records.filter((_, i) => i % 3 === 0).map((record) => record.decisionId));
    expect(listed.map((entry) => entry.reward)).toEqual(newest.map((record) => (rewarded.has(record.decisionId) ? 1 : 0)));
    // 8 buckets each reading up to the whole limit would read every one of the 3,200 decisions.
    expect(read.decisions).toBeLessThan(2 * 400);
  });

  it('reads a log shorter than the limit in full, and honours since', async () => {
    const { items, records } = logItems(300);
    serveIndex(items);
    expect(await stores.log.listByExperiment('exp-1', { limit: 1000 })).toHaveLength(300);
    const since = records[250]?.at as string;
    const listed = await stores.log.listByExperiment('exp-1', { limit: 1000, since });
    expect(listed).toHaveLength(50);
    expect(listed.every((entry) => entry.record.at >= since)).toBe(true);
  });

  it('finds the newest decisions when one bucket holds all of them', async () => {
    const { items, records } = logItems(2000, (decisionId) => logBucket(decisionId) === 3);
    serveIndex(items);
    const listed = await stores.log.listByExperiment('exp-1', { limit: 100 });
    const newest = [...records].sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, 100);
    expect(newest.every((record) => logBucket(record.decisionId) === 3)).toBe(true);
    expect(listed.map((entry) => entry.record.decisionId)).toEqual(newest.map((record) => record.decisionId));
  });
});

describe('erasing a heavy user', () => {
  /** The user index as DynamoDB pages it (`PAGE_ITEMS` per page); BatchWriteItem takes `latencyMs` and may leave items unprocessed. */
  function serveUser(count: number, options: { latencyMs: number; unprocessed?: (pk: string) => boolean }) {
    const PAGE_ITEMS = 1000;
    const items = Array.from({ length: count }, (_, i) => ({ pk: `DEC#dec-${String(i).padStart(6, '0')}`, sk: i % 3 === 0 ? REWARD_SK : DECISION_SK, uid: 'u-heavy' }));
    dynamo.on(QueryCommand).callsFake((input: { ExclusiveStartKey?: { pk: string; sk: string } }) => {
      const start = input.ExclusiveStartKey ? items.findIndex((item) => item.pk === input.ExclusiveStartKey?.pk && item.sk === input.ExclusiveStartKey.sk) + 1 : 0;
      const page = items.slice(start, start + PAGE_ITEMS);
      const last = page[page.length - 1];
      return { Items: page, ...(start + page.length < items.length && last ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk } } : {}) };
    });
    dynamo.on(PutCommand).resolves({});
    const seen = { deleted: new Map<string, number>(), inFlight: 0, maxInFlight: 0, largestCall: 0 };
    dynamo.on(BatchWriteCommand).callsFake(async (input: { RequestItems: Record<string, { DeleteRequest: { Key: { pk: string; sk: string } } }[]> }) => {
      const requests = input.RequestItems[TABLE] ?? [];
      seen.largestCall = Math.max(seen.largestCall, requests.length);
      seen.maxInFlight = Math.max(seen.maxInFlight, ++seen.inFlight);
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      seen.inFlight--;
      const left = requests.filter((request) => options.unprocessed?.(request.DeleteRequest.Key.pk));
      for (const request of requests) {
        if (left.includes(request)) continue;
        const key = `${request.DeleteRequest.Key.pk}|${request.DeleteRequest.Key.sk}`;
        seen.deleted.set(key, (seen.deleted.get(key) ?? 0) + 1);
      }
      return { UnprocessedItems: left.length > 0 ? { [TABLE]: left } : {} };
    });
    return { items, seen };
  }

  it('deletes every item of a user with thousands of decisions, several calls of at most 25 at a time', async () => {
    const { items, seen } = serveUser(6000, { latencyMs: 10 });
    expect(await stores.log.eraseUser('u-heavy', new Date('2026-12-06T00:00:00Z'))).toBe(6000);
    expect(seen.deleted.size).toBe(items.length);
    expect([...seen.deleted.values()].every((times) => times === 1)).toBe(true);
    expect(seen.largestCall).toBeLessThanOrEqual(25);
    // One call after another, 240 round trips would not fit a 100,000-decision user in the API's 30 s.
    expect(seen.maxInFlight).toBeGreaterThan(1);
    expect(seen.maxInFlight).toBeLessThanOrEqual(8);
  });

  it('resends what DynamoDB left unprocessed, and fails the erasure (to be retried) when some items stay', async () => {
    const refusedOnce = new Set<string>();
    // Every tenth item is left unprocessed the first time it is sent.
    const flaky = serveUser(300, { latencyMs: 1, unprocessed: (pk) => pk.endsWith('7') && !refusedOnce.has(pk) && Boolean(refusedOnce.add(pk)) });
    await stores.log.eraseUser('u-heavy', new Date('2026-12-06T00:00:00Z'));
    expect(refusedOnce.size).toBe(30);
    expect(flaky.seen.deleted.size).toBe(300);

    dynamo.reset();
    serveUser(300, { latencyMs: 1, unprocessed: (pk) => pk === 'DEC#dec-000042' });
    await expect(stores.log.eraseUser('u-heavy', new Date('2026-12-06T00:00:00Z'))).rejects.toThrow(/erasure is incomplete, retry it \(1 items\)/);
  });
});
