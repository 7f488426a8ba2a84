import { createHash } from 'node:crypto';
import {
  BatchEntryIdsNotDistinct,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  MessageNotInflight,
  PurgeQueueCommand,
  QueueDoesNotExist,
  QueueNameExists,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageBatchCommand,
  SendMessageCommand,
  type QueueAttributeName,
} from '@aws-sdk/client-sqs';
import { startMiniServices, type MiniServices } from '../../local/aws/mini-services';
import { md5OfMessageAttributes } from '../../local/aws/mini/sqs';
import { localClientConfig } from './local-clients';

describe('mini services: SQS over the JSON protocol', () => {
  let services: MiniServices;
  let sqs: SQSClient;

  beforeAll(async () => {
    services = await startMiniServices();
    sqs = new SQSClient(localClientConfig(services.endpoint));
  });
  afterAll(async () => {
    sqs.destroy();
    await services.close();
  });

  const count = async (QueueUrl: string, attribute: QueueAttributeName) => {
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    return Number(Attributes?.[attribute]);
  };

  it('creates queues idempotently, with AWS-shaped URLs and ARNs', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders', Attributes: { VisibilityTimeout: '10' } }));
    expect(QueueUrl).toBe(`${services.endpoint}/000000000000/orders`);
    await expect(sqs.send(new CreateQueueCommand({ QueueName: 'orders', Attributes: { VisibilityTimeout: '10' } }))).resolves.toMatchObject({ QueueUrl });
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).resolves.toMatchObject({ QueueUrl });
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn', 'VisibilityTimeout'] }));
    expect(Attributes).toEqual({ QueueArn: 'arn:aws:sqs:us-east-1:000000000000:orders', VisibilityTimeout: '10' });
    await expect(sqs.send(new CreateQueueCommand({ QueueName: 'orders', Attributes: { VisibilityTimeout: '99' } }))).rejects.toBeInstanceOf(QueueNameExists);
  });

  it('raises the SDK\'s named exceptions', async () => {
    const error = await sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueDoesNotExist);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('round-trips a message with attributes: MD5s, system attributes, visibility, delete', async () => {
    const QueueUrl = services.sqs.createQueue('round-trip');
    const MessageAttributes = {
      tenant: { DataType: 'String', StringValue: 'acme' },
      score: { DataType: 'Number', StringValue: '0.75' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
    };
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"hello":"wörld"}', MessageAttributes }));
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('{"hello":"wörld"}').digest('hex')); // the SDK checks it too
    expect(sent.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({ ...MessageAttributes, blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]).toString('base64') } }),
    );
    expect(await count(QueueUrl, 'ApproximateNumberOfMessages')).toBe(1);

    const first = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'], VisibilityTimeout: 30 }),
    );
    const message = first.Messages?.[0];
    expect(first.Messages).toHaveLength(1);
    expect(message?.Body).toBe('{"hello":"wörld"}');
    expect(message?.MessageId).toBe(sent.MessageId);
    expect(message?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(message?.MessageAttributes?.blob?.BinaryValue).toEqual(new Uint8Array([1, 2, 3]));
    expect(message?.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SenderId: '000000000000' });
    expect(Number(message?.Attributes?.SentTimestamp)).toBeGreaterThan(Date.now() - 5000);

    // In flight: invisible to other consumers until the visibility timeout changes.
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    expect(await count(QueueUrl, 'ApproximateNumberOfMessagesNotVisible')).toBe(1);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 0 }));
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(second.Messages?.[0]?.Attributes).toEqual({ ApproximateReceiveCount: '2' });
    expect(second.Messages?.[0]?.MessageAttributes).toBeUndefined(); // not requested

    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: second.Messages?.[0]?.ReceiptHandle }));
    expect(services.sqs.messages('round-trip')).toEqual([]);
    await expect(sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'not-a-handle' }))).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
  });

  it('computes MD5OfMessageAttributes with the published algorithm', () => {
    // Vector from LocalStack's SQS tests.
    expect(md5OfMessageAttributes({ timestamp: { DataType: 'Number', StringValue: '1493147359900' } })).toBe('235c5c510d26fb653d073faed50ae77c');
  });

  it('reports per-entry batch results and validates batches as a whole', async () => {
    const QueueUrl = services.sqs.createQueue('batches');
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'bad \u0000 byte' },
          { Id: 'c', MessageBody: 'three', MessageAttributes: { kind: { DataType: 'String', StringValue: 'x' } } },
        ],
      }),
    );
    expect(sent.Successful?.map((entry) => entry.Id)).toEqual(['a', 'c']);
    expect(sent.Successful?.[1]?.MD5OfMessageAttributes).toBe(md5OfMessageAttributes({ kind: { DataType: 'String', StringValue: 'x' } }));
    expect(sent.Failed).toEqual([expect.objectContaining({ Id: 'b', SenderFault: true, Code: 'InvalidMessageContents' })]);
    await expect(
      sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'x', MessageBody: '1' }, { Id: 'x', MessageBody: '2' }] })),
    ).rejects.toBeInstanceOf(BatchEntryIdsNotDistinct);

    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(received.Messages?.map((message) => message.Body)).toEqual(['one', 'three']);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [...(received.Messages ?? []).map((message, index) => ({ Id: `m${index}`, ReceiptHandle: message.ReceiptHandle })), { Id: 'bogus', ReceiptHandle: 'nope' }],
      }),
    );
    expect(deleted.Successful?.map((entry) => entry.Id)).toEqual(['m0', 'm1']);
    expect(deleted.Failed).toEqual([expect.objectContaining({ Id: 'bogus', Code: 'ReceiptHandleIsInvalid' })]);
    expect(await count(QueueUrl, 'ApproximateNumberOfMessages')).toBe(0);
  });

  it('honours delays, long polls and purges', async () => {
    const QueueUrl = services.sqs.createQueue('timing');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later', DelaySeconds: 900 }));
    expect(await count(QueueUrl, 'ApproximateNumberOfMessagesDelayed')).toBe(1);
    expect(await count(QueueUrl, 'ApproximateNumberOfMessages')).toBe(0);

    const started = Date.now();
    const longPoll = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
    setTimeout(() => void sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'now' })), 50);
    const { Messages } = await longPoll;
    expect(Messages?.map((message) => message.Body)).toEqual(['now']);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(
      sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: Messages?.[0]?.ReceiptHandle, VisibilityTimeout: 0 })),
    ).resolves.toBeDefined();
    await expect(
      sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: Messages?.[0]?.ReceiptHandle, VisibilityTimeout: 0 })),
    ).rejects.toBeInstanceOf(MessageNotInflight);

    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
    expect(services.sqs.messages('timing')).toEqual([]);
  });
});
