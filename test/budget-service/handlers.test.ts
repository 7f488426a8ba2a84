import 'aws-sdk-client-mock-jest';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { httpEvent, jsonBody, lambdaContext, silenceEmptyMetricsWarning, type HttpRequest } from '../handlers/api-gateway';
import { day, parsedConfig } from './fakes';

const TABLE = 'budget-table';
const BUS = 'budget-bus';
const dynamo = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

type HttpHandler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;
type ScheduledHandler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<{ due: number; allocated: { campaignId: string }[]; failed: { campaignId: string; error: string }[] }>;
let campaignsApi: HttpHandler;
let reallocate: ScheduledHandler;

beforeAll(async () => {
  process.env.BUDGET_TABLE_NAME = TABLE;
  process.env.BUDGET_EVENT_BUS_NAME = BUS;
  ({ handler: campaignsApi } = (await import('../../functions/campaigns-api/handler')) as unknown as { handler: HttpHandler });
  ({ handler: reallocate } = (await import('../../functions/budget-reallocate/handler')) as unknown as { handler: ScheduledHandler });
});

beforeEach(() => {
  dynamo.reset();
  eventBridge.reset();
  dynamo.on(GetCommand).resolves({});
  silenceEmptyMetricsWarning();
});
afterEach(() => jest.restoreAllMocks());

const route = (request: Omit<HttpRequest, 'pathParameters'> & { campaignId?: string }) =>
  campaignsApi(httpEvent({ ...request, pathParameters: { campaignId: request.campaignId ?? 'c1' }, path: request.route.replace('{campaignId}', request.campaignId ?? 'c1') }), lambdaContext('campaigns-api'));

describe('campaigns-api handler', () => {
  it('takes POST …/reallocate without a body (the next period) and answers 404 for an unknown campaign', async () => {
    const response = await route({ method: 'POST', route: '/v1/campaigns/{campaignId}/reallocate' });
    expect(response.statusCode).toBe(404);
    expect(jsonBody(response).error).toMatchObject({ code: 'NotFound', message: 'no campaign c1' });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: TABLE, Key: { pk: 'CAMPAIGN#c1', sk: 'CAMPAIGN' } });
  });

  it.each([
    ['an invalid period', { body: JSON.stringify({ period: 'tomorrow' }) }, 400, /period must be an ISO 8601 date-time/],
    ['an unknown field', { body: JSON.stringify({ periods: 3 }) }, 400, /invalid request body/],
    ['a body that is not JSON', { body: '{' }, 400, /not valid JSON/],
    ['another content type', { body: 'period=x', headers: { 'content-type': 'text/plain' } }, 415, /application\/json/],
  ])('refuses POST …/reallocate with %s', async (_label, request, status, message) => {
    const response = await route({ method: 'POST', route: '/v1/campaigns/{campaignId}/reallocate', ...request });
    expect(response.statusCode).toBe(status);
    expect(JSON.stringify(jsonBody(response).error)).toMatch(message);
  });

  it('requires a body on PUT and validates path and query', async () => {
    expect(jsonBody(await route({ method: 'PUT', route: '/v1/campaigns/{campaignId}' })).error.message).toBe('request body is required');
    expect((await route({ method: 'GET', route: '/v1/campaigns/{campaignId}', campaignId: 'has space' })).statusCode).toBe(400);
    const page = await route({ method: 'GET', route: '/v1/campaigns/{campaignId}/allocations', queryStringParameters: { limit: '500' } });
    expect(page.statusCode).toBe(400);
    expect(jsonBody(page).error.details).toEqual([expect.objectContaining({ path: 'limit' })]);
  });

  it('creates a campaign with 201 and a conditional write', async () => {
    dynamo.on(UpdateCommand).resolves({});
    dynamo
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: { pk: 'CAMPAIGN#c1', sk: 'CAMPAIGN', config: parsedConfig('c1'), configVersion: 1, createdAt: day(0), updatedAt: day(0), periodsAllocated: 0, dueAt: day(0) } });
    const { campaignId: _id, ...body } = parsedConfig('c1');
    const response = await route({ method: 'PUT', route: '/v1/campaigns/{campaignId}', body: JSON.stringify(body) });
    expect(response.statusCode).toBe(201);
    expect(jsonBody(response)).toMatchObject({ campaignId: 'c1', configVersion: 1 });
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, { ConditionExpression: 'attribute_not_exists(pk)' });
  });
});

describe('budget-reallocate handler', () => {
  it('reallocates the due campaigns, reports the one that fails, and publishes to the configured bus', async () => {
    // Prepare: two campaigns due; reading one of them fails.
    dynamo.on(QueryCommand, { IndexName: 'due' }).resolves({ Items: [{ pk: 'CAMPAIGN#good' }, { pk: 'CAMPAIGN#bad' }] });
    dynamo.on(QueryCommand, { IndexName: undefined }).resolves({ Items: [] });
    dynamo
      .on(GetCommand, { Key: { pk: 'CAMPAIGN#good', sk: 'CAMPAIGN' } })
      .resolves({ Item: { config: parsedConfig('good'), configVersion: 1, createdAt: day(0), updatedAt: day(0), periodsAllocated: 0, dueAt: day(0) } });
    dynamo.on(GetCommand, { Key: { pk: 'CAMPAIGN#bad', sk: 'CAMPAIGN' } }).rejects(new Error('ProvisionedThroughputExceededException'));
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
    // Act
    const result = await reallocate({ trigger: 'schedule', now: '2025-06-02T00:05:00Z' }, lambdaContext('budget-reallocate'));
    // Assess
    expect(result.due).toBe(2);
    expect(result.allocated).toEqual([{ campaignId: 'good', period: day(0) }]);
    expect(result.failed).toEqual([{ campaignId: 'bad', error: 'Error: ProvisionedThroughputExceededException', failures: 1, nextAttemptAt: '2025-06-02T00:20:00.000Z' }]);
    // It backs off: moved to the failing queue of the due index, due again in 15 minutes.
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, { Key: { pk: 'CAMPAIGN#bad', sk: 'CAMPAIGN' }, ExpressionAttributeValues: expect.objectContaining({ ':bucket': 'campaigns-failing', ':dueAt': '2025-06-02T00:20:00.000Z' }) });
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, { TableName: TABLE, ConditionExpression: 'attribute_not_exists(pk)', Item: expect.objectContaining({ pk: 'CAMPAIGN#good', sk: `ALLOCATION#${day(0)}` }) });
    expect(eventBridge).toHaveReceivedCommandWith(PutEventsCommand, { Entries: [expect.objectContaining({ EventBusName: BUS, Source: 'ai-marketing.budget', DetailType: 'BudgetAllocated' })] });
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, { Key: { pk: 'CAMPAIGN#good', sk: 'CAMPAIGN' }, ExpressionAttributeValues: expect.objectContaining({ ':dueAt': day(1) }) });
  });
});
