import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { startMiniServices, type MiniServices, type PublishedEvent } from '../../local/aws/mini-services';
import { localClientConfig } from './local-clients';

describe('mini services: EventBridge and Secrets Manager', () => {
  let services: MiniServices;
  let events: EventBridgeClient;
  let secrets: SecretsManagerClient;

  beforeAll(async () => {
    services = await startMiniServices({ region: 'eu-west-1' });
    events = new EventBridgeClient(localClientConfig(services.endpoint));
    secrets = new SecretsManagerClient(localClientConfig(services.endpoint));
  });
  afterAll(async () => {
    events.destroy();
    secrets.destroy();
    await services.close();
  });

  it('stores put events per bus, in the shape EventBridge delivers them, and announces them', async () => {
    const heard: PublishedEvent[] = [];
    const listener = (published: PublishedEvent) => heard.push(published);
    services.events.on('event', listener);

    const response = await events.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'arn:aws:events:eu-west-1:000000000000:event-bus/budget', Source: 'suite.budget', DetailType: 'AllocationChanged', Detail: '{"campaign":"c1"}', Time: new Date('2025-01-02T03:04:05.678Z') },
          { Source: 'suite.copy', DetailType: 'VariantsReady', Detail: '{"job":"j1"}', Resources: ['arn:aws:states:eu-west-1:000000000000:execution:copy:1'] },
          { Source: 'suite.copy', DetailType: 'Broken', Detail: 'not json' },
        ],
      }),
    );
    services.events.off('event', listener);

    expect(response.FailedEntryCount).toBe(1);
    expect(response.Entries?.[0]?.EventId).toEqual(expect.any(String));
    expect(response.Entries?.[2]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(services.events.published('budget')).toEqual([
      {
        busName: 'budget',
        event: {
          version: '0',
          id: response.Entries?.[0]?.EventId,
          'detail-type': 'AllocationChanged',
          source: 'suite.budget',
          account: '000000000000',
          time: '2025-01-02T03:04:05Z',
          region: 'eu-west-1',
          resources: [],
          detail: { campaign: 'c1' },
        },
      },
    ]);
    expect(services.events.published('default').map((item) => item.event.resources)).toEqual([['arn:aws:states:eu-west-1:000000000000:execution:copy:1']]);
    expect(heard.map((item) => item.busName)).toEqual(['budget', 'default']);
  });

  it('serves secrets by name and ARN, with version stages', async () => {
    const arn = services.secrets.put('suite/pseudonym-key', 'first');
    expect(arn).toMatch(/^arn:aws:secretsmanager:eu-west-1:000000000000:secret:suite\/pseudonym-key-[A-Za-z0-9]{6}$/);
    services.secrets.put('suite/pseudonym-key', 'second');

    const byName = await secrets.send(new GetSecretValueCommand({ SecretId: 'suite/pseudonym-key' }));
    expect(byName).toMatchObject({ ARN: arn, Name: 'suite/pseudonym-key', SecretString: 'second', VersionStages: ['AWSCURRENT'] });
    expect(byName.CreatedDate).toBeInstanceOf(Date);
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: arn }))).resolves.toMatchObject({ SecretString: 'second' });
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: arn.slice(0, -7), VersionStage: 'AWSPREVIOUS' }))).resolves.toMatchObject({ SecretString: 'first' });

    const created = await secrets.send(new CreateSecretCommand({ Name: 'bedrock-config', SecretString: '{"model":"m"}' }));
    const put = await secrets.send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: '{"model":"n"}' }));
    expect(put.VersionStages).toEqual(['AWSCURRENT']);
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'bedrock-config', VersionId: created.VersionId }))).resolves.toMatchObject({
      SecretString: '{"model":"m"}',
      VersionStages: ['AWSPREVIOUS'],
    });

    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'missing' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(secrets.send(new CreateSecretCommand({ Name: 'bedrock-config', SecretString: 'x' }))).rejects.toBeInstanceOf(ResourceExistsException);
  });

  it('answers unsupported operations with an AWS-style error', async () => {
    const response = await fetch(services.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonSQS.DeleteQueue', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await response.json()).toEqual({ __type: 'UnknownOperationException', message: expect.stringContaining('AmazonSQS.DeleteQueue') });
  });
});
