import 'aws-sdk-client-mock-jest';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { dynamoBudgetStores } from '../../shared/aws/budget-store';
import { EventBridgeBudgetPublisher } from '../../shared/aws/eventbridge-publisher';
import { BUDGET_DETAIL_TYPES, type BudgetEvent } from '../../shared/budget-service/events';
import { InvalidCursorError, type StoredAllocation } from '../../shared/budget-service/ports';
import { day, parsedConfig } from './fakes';

const TABLE = 'budget-table';
const dynamo = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
const stores = dynamoBudgetStores(DynamoDBDocumentClient.from(new DynamoDBClient({})), TABLE);
const publisherClient = new EventBridgeClient({});
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const allocation = (period: string): StoredAllocation => ({
  campaignId: 'c1',
  period,
  periodEnd: day(1, period),
  currency: 'EUR',
  totalBudgetCents: 1000,
  configVersion: 1,
  allocations: { feed: 600, sms: 400 },
  explanation: { channels: [] } as never,
  inputs: [],
  previousPeriod: null,
  trigger: 'schedule',
  createdAt: period,
});

beforeEach(() => {
  dynamo.reset();
  eventBridge.reset();
});

describe('DynamoDB budget stores', () => {
  it('keys every item of a campaign in its own partition, and reads consistently', async () => {
    dynamo.on(GetCommand).resolves({});
    await stores.campaigns.get('c1');
    await stores.effects.get('c1', 'feed', day(0));
    await stores.allocations.get('c1', day(0));
    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: TABLE, Key: { pk: 'CAMPAIGN#c1', sk: 'CAMPAIGN' }, ConsistentRead: true },
      { TableName: TABLE, Key: { pk: 'CAMPAIGN#c1', sk: `EFFECT#${day(0)}#feed` }, ConsistentRead: true },
      { TableName: TABLE, Key: { pk: 'CAMPAIGN#c1', sk: `ALLOCATION#${day(0)}` }, ConsistentRead: true },
    ]);
  });

  it('reads a campaign stored before minStepCents 0 was refused with the smallest step, 1 cent, instead of failing every read', async () => {
    const config = { ...parsedConfig('c1'), minStepCents: 0 };
    dynamo.on(GetCommand).resolves({ Item: { pk: 'CAMPAIGN#c1', sk: 'CAMPAIGN', config, configVersion: 3, createdAt: day(0), updatedAt: day(0) } });
    const stored = await stores.campaigns.get('c1');
    expect(stored?.config.minStepCents).toBe(1);
    expect(stored?.configVersion).toBe(3);
  });

  it('answers conflict / exists / stale for failed conditions instead of throwing', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    dynamo.on(PutCommand).rejects(conditionFailed());
    await expect(stores.campaigns.saveConfig(parsedConfig('c1'), 3, day(0), day(0))).resolves.toBe('conflict');
    await expect(stores.campaigns.advance(allocation(day(0)), day(1))).resolves.toBe('stale');
    await expect(stores.allocations.create(allocation(day(0)))).resolves.toBe('exists');
    const aggregate = { campaignId: 'c1', channel: 'feed', period: day(0), totals: { spendCents: 1, impressions: 1, clicks: 1, conversions: 1, revenueCents: 1 }, contributions: {}, version: 2, lateChanges: 0 };
    await expect(stores.effects.save(aggregate, 1)).resolves.toBe('conflict');
    expect(dynamo.commandCalls(PutCommand)[1]!.args[0].input).toMatchObject({ ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': 1 } });
  });

  it('rethrows any other error', async () => {
    dynamo.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(stores.allocations.create(allocation(day(0)))).rejects.toThrow('ProvisionedThroughputExceededException');
  });

  it('creates a campaign only if absent and replaces it only at the version read, never touching its allocation', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await stores.campaigns.saveConfig(parsedConfig('c1'), undefined, day(0), day(0));
    await stores.campaigns.saveConfig(parsedConfig('c1'), 4, day(0), day(1));
    const [create, replace] = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(create).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', ExpressionAttributeValues: expect.objectContaining({ ':version': 1, ':bucket': 'campaigns' }) });
    expect(replace).toMatchObject({ ConditionExpression: 'configVersion = :expected', ExpressionAttributeValues: expect.objectContaining({ ':version': 5, ':expected': 4, ':dueAt': day(1) }) });
    expect(replace!.UpdateExpression).not.toMatch(/current/);
  });

  it('only moves the allocation in force forward', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await stores.campaigns.advance(allocation(day(3)), day(4));
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(currentPeriod) OR currentPeriod < :period)',
      ExpressionAttributeValues: expect.objectContaining({ ':period': day(3), ':dueAt': day(4) }),
    });
  });

  it('lists due campaigns with a Query on the sparse due index, following pages up to the limit', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ pk: 'CAMPAIGN#a' }, { pk: 'CAMPAIGN#b' }], LastEvaluatedKey: { pk: 'CAMPAIGN#b' } })
      .resolvesOnce({ Items: [{ pk: 'CAMPAIGN#c' }] });
    await expect(stores.campaigns.listDue(day(0), 5, 'on-schedule')).resolves.toEqual(['a', 'b', 'c']);
    const inputs = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs[0]).toMatchObject({ IndexName: 'due', KeyConditionExpression: 'dueBucket = :bucket AND dueAt <= :now', ExpressionAttributeValues: { ':bucket': 'campaigns', ':now': day(0) }, Limit: 5 });
    expect(inputs[1]).toMatchObject({ Limit: 3, ExclusiveStartKey: { pk: 'CAMPAIGN#b' } });
  });

  it('reads a window of effects with one key range: every channel of the first period, none of the last', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    await stores.effects.range('c1', day(0), day(7));
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'CAMPAIGN#c1', ':from': `EFFECT#${day(0)}`, ':to': `EFFECT#${day(7)}` },
    });
    // The bounds work because '#' sorts before every character of a channel id.
    expect([`EFFECT#${day(0)}#feed`, `EFFECT#${day(7)}`, `EFFECT#${day(7)}#feed`].sort()).toEqual([`EFFECT#${day(0)}#feed`, `EFFECT#${day(7)}`, `EFFECT#${day(7)}#feed`]);
  });

  it('pages the history newest first with an opaque cursor, and refuses cursors it did not issue', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ pk: 'CAMPAIGN#c1', sk: `ALLOCATION#${day(2)}`, kind: 'allocation', ...allocation(day(2)) }], LastEvaluatedKey: { pk: 'CAMPAIGN#c1', sk: `ALLOCATION#${day(2)}` } });
    const page = await stores.allocations.list('c1', { limit: 1 });
    expect(page.items).toEqual([allocation(day(2))]);
    expect(page.nextCursor).toEqual(expect.any(String));
    await stores.allocations.list('c1', { limit: 1, cursor: page.nextCursor });
    expect(dynamo.commandCalls(QueryCommand)[1]!.args[0].input).toMatchObject({ ScanIndexForward: false, Limit: 1, ExclusiveStartKey: { pk: 'CAMPAIGN#c1', sk: `ALLOCATION#${day(2)}` } });
    await expect(stores.allocations.list('c1', { limit: 1, cursor: Buffer.from('EFFECT#x').toString('base64url') })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('binds a cursor to its campaign: one of another campaign, a tampered one or an old bare one is refused before any read', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [], LastEvaluatedKey: { pk: 'CAMPAIGN#c1', sk: `ALLOCATION#${day(2)}` } });
    const { nextCursor } = await stores.allocations.list('c1', { limit: 1 });
    dynamo.reset();
    await expect(stores.allocations.list('c2', { limit: 1, cursor: nextCursor })).rejects.toThrow(/another campaign/);
    // A prefix of the campaign id is another campaign too.
    await expect(stores.allocations.list('c', { limit: 1, cursor: nextCursor })).rejects.toThrow(/another campaign/);
    const tampered = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const cursor of [
      tampered({ pk: 'CAMPAIGN#c1', sk: `EFFECT#${day(2)}#feed` }),
      tampered({ pk: 'CAMPAIGN#c1', sk: `ALLOCATION#${day(2)}`, extra: 1 }),
      tampered({ pk: 'CAMPAIGN#c1' }),
      `${nextCursor}!`,
    ]) {
      await expect(stores.allocations.list('c1', { limit: 1, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    }
    await expect(stores.allocations.list('c1', { limit: 1, cursor: Buffer.from(`ALLOCATION#${day(2)}`).toString('base64url') })).rejects.toThrow(/first page/);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('EventBridgeBudgetPublisher', () => {
  const event = (n: number): BudgetEvent => ({ detailType: BUDGET_DETAIL_TYPES.anomaly, detail: { eventId: `e${n}`, campaignId: 'c1', period: day(0), channel: `ch${n}`, points: [], held: true } });

  it('puts events on the named bus with the budget source, ten per call', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_entry, index) => ({ EventId: `id-${index}` })) }));
    await new EventBridgeBudgetPublisher(publisherClient, 'budget-bus').publish(Array.from({ length: 12 }, (_unused, n) => event(n)));
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((call) => call.args[0].input.Entries!.length)).toEqual([10, 2]);
    expect(calls[0]!.args[0].input.Entries![0]).toEqual({ EventBusName: 'budget-bus', Source: 'ai-marketing.budget', DetailType: 'ChannelAnomalyDetected', Detail: JSON.stringify(event(0).detail), Resources: [] });
  });

  it('retries only the entries EventBridge refused', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'ok' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }] })
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'ok-too' }] });
    await new EventBridgeBudgetPublisher(publisherClient, 'budget-bus', 4, 1).publish([event(1), event(2)]);
    const retried = eventBridge.commandCalls(PutEventsCommand)[1]!.args[0].input.Entries!;
    expect(retried.map((entry) => JSON.parse(entry.Detail!).eventId)).toEqual(['e2']);
  });

  it('throws when entries are still refused after the last attempt, so the allocation stays unpublished', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalException' }] });
    await expect(new EventBridgeBudgetPublisher(publisherClient, 'budget-bus', 3, 1).publish([event(1)])).rejects.toThrow(
      'EventBridge refused 1 budget event(s) after 3 attempts: InternalException',
    );
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 3);
  });
});
