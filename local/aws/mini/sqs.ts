import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AwsServiceError, LOCAL_ACCOUNT_ID, inputParser, type JsonService, type ServiceContext } from './json-protocol';

/** SQS's current maximum message size (raised from 256 KiB to 1 MiB in 2025). */
const MAX_MESSAGE_BYTES = 1_048_576;
const MAX_BATCH_ENTRIES = 10;

const DEFAULT_QUEUE_ATTRIBUTES: Readonly<Record<string, string>> = {
  VisibilityTimeout: '30',
  DelaySeconds: '0',
  MaximumMessageSize: String(MAX_MESSAGE_BYTES),
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
};

const messageAttributeValueSchema = z.object({
  DataType: z.string().regex(/^(String|Number|Binary)(\..+)?$/, 'DataType must be String, Number or Binary, optionally with a custom suffix'),
  StringValue: z.string().optional(),
  /** The JSON protocol carries blobs as base64. */
  BinaryValue: z.string().optional(),
});
export type SqsMessageAttributeValue = z.infer<typeof messageAttributeValueSchema>;
const messageAttributesSchema = z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,256}$/), messageAttributeValueSchema).optional();

const queueUrlInput = { QueueUrl: z.string() };
const messageInput = {
  MessageBody: z.string(),
  DelaySeconds: z.number().int().min(0).max(900).optional(),
  MessageAttributes: messageAttributesSchema,
};

const schemas = {
  CreateQueue: z.object({
    QueueName: z.string().regex(/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/, 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length'),
    Attributes: z.record(z.string(), z.string()).optional(),
  }),
  GetQueueUrl: z.object({ QueueName: z.string() }),
  GetQueueAttributes: z.object({ ...queueUrlInput, AttributeNames: z.array(z.string()).optional() }),
  SendMessage: z.object({ ...queueUrlInput, ...messageInput }),
  SendMessageBatch: z.object({ ...queueUrlInput, Entries: z.array(z.object({ Id: z.string(), ...messageInput })) }),
  ReceiveMessage: z.object({
    ...queueUrlInput,
    AttributeNames: z.array(z.string()).optional(),
    MessageSystemAttributeNames: z.array(z.string()).optional(),
    MessageAttributeNames: z.array(z.string()).optional(),
    MaxNumberOfMessages: z.number().int().min(1).max(10).optional(),
    VisibilityTimeout: z.number().int().min(0).max(43_200).optional(),
    WaitTimeSeconds: z.number().int().min(0).max(20).optional(),
  }),
  DeleteMessage: z.object({ ...queueUrlInput, ReceiptHandle: z.string() }),
  DeleteMessageBatch: z.object({ ...queueUrlInput, Entries: z.array(z.object({ Id: z.string(), ReceiptHandle: z.string() })) }),
  PurgeQueue: z.object(queueUrlInput),
  ChangeMessageVisibility: z.object({ ...queueUrlInput, ReceiptHandle: z.string(), VisibilityTimeout: z.number().int().min(0).max(43_200) }),
};
const parse = inputParser('InvalidParameterValue');

interface StoredMessage {
  messageId: string;
  body: string;
  messageAttributes: Record<string, SqsMessageAttributeValue>;
  sentTimestamp: number;
  /** Epoch ms before which ReceiveMessage skips the message: its delay, then its visibility timeout. */
  visibleAt: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
}

interface Queue {
  name: string;
  url: string;
  arn: string;
  /** Defaults overlaid with the attributes given at creation. */
  attributes: Record<string, string>;
  createdTimestamp: number;
  messages: StoredMessage[];
  /** Long polls parked until a message may have become receivable. */
  wakeUps: Set<() => void>;
}

/** A read-only view of one message, for the local runtime and tests. */
export interface SqsMessageSnapshot {
  messageId: string;
  body: string;
  messageAttributes: Record<string, SqsMessageAttributeValue>;
  sentTimestamp: number;
  receiveCount: number;
  /** Received and still inside its visibility timeout. */
  inFlight: boolean;
}

export interface SqsApi {
  /** Creates the queue (idempotent) and returns its URL. */
  createQueue(name: string, attributes?: Record<string, string>): string;
  queueUrl(name: string): string;
  queueArn(name: string): string;
  /** Every message the queue holds, in send order, without receiving it. */
  messages(name: string): SqsMessageSnapshot[];
}

const md5Hex = (data: string | Uint8Array): string => createHash('md5').update(data).digest('hex');

/**
 * MD5OfMessageAttributes as SQS computes it: attributes sorted by name, each encoded as length-prefixed
 * (4-byte big-endian) name, data type, a transport byte (1 = string, 2 = binary) and length-prefixed value.
 */
export function md5OfMessageAttributes(attributes: Record<string, SqsMessageAttributeValue>): string {
  const lengthPrefixed = (bytes: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const parts = Object.keys(attributes)
    .sort()
    .flatMap((name) => {
      const value = attributes[name]!;
      const binary = value.DataType.startsWith('Binary');
      return [
        lengthPrefixed(Buffer.from(name, 'utf8')),
        lengthPrefixed(Buffer.from(value.DataType, 'utf8')),
        Buffer.from([binary ? 2 : 1]),
        lengthPrefixed(binary ? Buffer.from(value.BinaryValue ?? '', 'base64') : Buffer.from(value.StringValue ?? '', 'utf8')),
      ];
    });
  return md5Hex(Buffer.concat(parts));
}

/** Characters SQS accepts in a message body (XML 1.0's Char production). */
const INVALID_BODY_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Receipt handles name their queue and message, so no table of issued handles has to be kept. */
const encodeReceiptHandle = (queueName: string, messageId: string): string =>
  Buffer.from(JSON.stringify([queueName, messageId, randomUUID()])).toString('base64url');

function decodeReceiptHandle(handle: string): { queueName: string; messageId: string } | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(handle, 'base64url').toString('utf8'));
    const parsed = z.tuple([z.string(), z.string(), z.string()]).safeParse(decoded);
    return parsed.success ? { queueName: parsed.data[0], messageId: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}

const queueDoesNotExist = () =>
  new AwsServiceError('QueueDoesNotExist', 'The specified queue does not exist.', 400, 'AWS.SimpleQueueService.NonExistentQueue');
const receiptHandleIsInvalid = (handle: string) =>
  new AwsServiceError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404, 'ReceiptHandleIsInvalid');

export function createSqs(context: ServiceContext, closing: AbortSignal): { service: JsonService; api: SqsApi } {
  const queues = new Map<string, Queue>();

  const queueArn = (name: string) => `arn:aws:sqs:${context.region}:${LOCAL_ACCOUNT_ID}:${name}`;

  function createQueue(name: string, declaredAttributes: Record<string, string> = {}): Queue {
    const existing = queues.get(name);
    if (existing) {
      // CreateQueue is idempotent only when the attributes asked for match the queue's.
      const same = Object.entries(declaredAttributes).every(([key, value]) => existing.attributes[key] === value);
      if (!same) throw new AwsServiceError('QueueNameExists', 'A queue already exists with the same name and a different value for attribute(s).', 400, 'QueueAlreadyExists');
      return existing;
    }
    const queue: Queue = {
      name,
      url: `${context.endpoint()}/${LOCAL_ACCOUNT_ID}/${name}`,
      arn: queueArn(name),
      attributes: { ...DEFAULT_QUEUE_ATTRIBUTES, ...declaredAttributes },
      createdTimestamp: Date.now(),
      messages: [],
      wakeUps: new Set(),
    };
    queues.set(name, queue);
    return queue;
  }

  function queueNamed(name: string): Queue {
    const queue = queues.get(name);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  /** Any host works: SDK clients send to the queue URL's origin, which may be a proxy or an alias. */
  function queueAt(url: string): Queue {
    let name: string | undefined;
    try {
      name = new URL(url).pathname.split('/').filter(Boolean).at(-1);
    } catch {
      throw new AwsServiceError('InvalidAddress', `The address ${url} is not valid for this endpoint.`, 404, 'InvalidAddress');
    }
    return queueNamed(name ?? '');
  }

  function wakeLongPolls(queue: Queue): void {
    for (const wake of queue.wakeUps) wake();
    queue.wakeUps.clear();
  }

  /** Resolves when a message may have become receivable, after `ms`, or when the server closes. */
  function parkLongPoll(queue: Queue, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        queue.wakeUps.delete(done);
        closing.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      queue.wakeUps.add(done);
      closing.addEventListener('abort', done);
    });
  }

  /** Validates one message; the message of the error is what SQS reports for it. */
  function messageProblem(body: string, attributes: Record<string, SqsMessageAttributeValue>): string | undefined {
    if (body.length === 0) return 'The request must contain the parameter MessageBody.';
    if (INVALID_BODY_CHARACTER.test(body)) return 'Invalid binary character in message body.';
    const attributeBytes = Object.entries(attributes).reduce(
      (sum, [name, value]) => sum + name.length + value.DataType.length + (value.StringValue?.length ?? 0) + Buffer.from(value.BinaryValue ?? '', 'base64').length,
      0,
    );
    if (Buffer.byteLength(body) + attributeBytes > MAX_MESSAGE_BYTES) return `Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`;
    if (Object.keys(attributes).length > 10) return 'Number of message attributes exceeds the allowed maximum of 10.';
    for (const [name, value] of Object.entries(attributes)) {
      const binary = value.DataType.startsWith('Binary');
      if (binary ? value.BinaryValue === undefined : value.StringValue === undefined) {
        return `Message attribute '${name}' must contain a non-empty ${binary ? 'BinaryValue' : 'StringValue'} for its data type.`;
      }
      if (value.DataType.startsWith('Number') && !Number.isFinite(Number(value.StringValue))) {
        return `Message attribute '${name}' has an invalid numeric value.`;
      }
    }
    return undefined;
  }

  function enqueue(queue: Queue, body: string, delaySeconds: number | undefined, attributes: Record<string, SqsMessageAttributeValue> = {}) {
    const now = Date.now();
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      messageAttributes: attributes,
      sentTimestamp: now,
      visibleAt: now + (delaySeconds ?? Number(queue.attributes.DelaySeconds)) * 1000,
      receiveCount: 0,
    };
    queue.messages.push(message);
    wakeLongPolls(queue);
    const hasAttributes = Object.keys(attributes).length > 0;
    return {
      MessageId: message.messageId,
      MD5OfMessageBody: md5Hex(body),
      ...(hasAttributes ? { MD5OfMessageAttributes: md5OfMessageAttributes(attributes) } : {}),
    };
  }

  function queueAttributes(queue: Queue): Record<string, string> {
    const now = Date.now();
    const pending = queue.messages.filter((message) => message.visibleAt > now);
    return {
      ...queue.attributes,
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(queue.messages.length - pending.length),
      ApproximateNumberOfMessagesNotVisible: String(pending.filter((message) => message.receiveCount > 0).length),
      ApproximateNumberOfMessagesDelayed: String(pending.filter((message) => message.receiveCount === 0).length),
      CreatedTimestamp: String(Math.floor(queue.createdTimestamp / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.createdTimestamp / 1000)),
    };
  }

  function validateBatch(entries: ReadonlyArray<{ Id: string }>): void {
    if (entries.length === 0) {
      throw new AwsServiceError('EmptyBatchRequest', 'There should be at least one entry in the request.', 400, 'AWS.SimpleQueueService.EmptyBatchRequest');
    }
    if (entries.length > MAX_BATCH_ENTRIES) {
      throw new AwsServiceError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}.`, 400, 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest');
    }
    const invalid = entries.find((entry) => !/^[A-Za-z0-9_-]{1,80}$/.test(entry.Id));
    if (invalid) {
      throw new AwsServiceError('InvalidBatchEntryId', `A batch entry id can only contain alphanumeric characters, hyphens and underscores.`, 400, 'AWS.SimpleQueueService.InvalidBatchEntryId');
    }
    if (new Set(entries.map((entry) => entry.Id)).size !== entries.length) {
      throw new AwsServiceError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.', 400, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct');
    }
  }

  /** Finds the message a receipt handle points at; undefined when it was already deleted, as SQS tolerates. */
  function messageFor(queue: Queue, receiptHandle: string): StoredMessage | undefined {
    const decoded = decodeReceiptHandle(receiptHandle);
    if (!decoded || decoded.queueName !== queue.name) throw receiptHandleIsInvalid(receiptHandle);
    return queue.messages.find((message) => message.messageId === decoded.messageId);
  }

  function deleteMessage(queue: Queue, receiptHandle: string): void {
    const message = messageFor(queue, receiptHandle);
    if (message) queue.messages.splice(queue.messages.indexOf(message), 1);
  }

  const selects = (requested: readonly string[] | undefined, name: string) =>
    (requested ?? []).some((pattern) => pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))));

  function receiveOnce(queue: Queue, input: z.infer<(typeof schemas)['ReceiveMessage']>) {
    const now = Date.now();
    const visibilityTimeout = input.VisibilityTimeout ?? Number(queue.attributes.VisibilityTimeout);
    const received = queue.messages.filter((message) => message.visibleAt <= now).slice(0, input.MaxNumberOfMessages ?? 1);
    const systemAttributeNames = [...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])];
    return received.map((message) => {
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.visibleAt = now + visibilityTimeout * 1000;
      const systemAttributes: Record<string, string> = {
        SenderId: LOCAL_ACCOUNT_ID,
        SentTimestamp: String(message.sentTimestamp),
        ApproximateReceiveCount: String(message.receiveCount),
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
      };
      const attributes = Object.fromEntries(Object.entries(systemAttributes).filter(([name]) => selects(systemAttributeNames, name)));
      const messageAttributes = Object.fromEntries(Object.entries(message.messageAttributes).filter(([name]) => selects(input.MessageAttributeNames, name)));
      const hasMessageAttributes = Object.keys(messageAttributes).length > 0;
      return {
        MessageId: message.messageId,
        ReceiptHandle: encodeReceiptHandle(queue.name, message.messageId),
        MD5OfBody: md5Hex(message.body),
        Body: message.body,
        ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
        ...(hasMessageAttributes ? { MD5OfMessageAttributes: md5OfMessageAttributes(messageAttributes), MessageAttributes: messageAttributes } : {}),
      };
    });
  }

  const operations = {
    CreateQueue(raw: unknown) {
      const input = parse(schemas.CreateQueue, raw);
      return { QueueUrl: createQueue(input.QueueName, input.Attributes).url };
    },
    GetQueueUrl(raw: unknown) {
      return { QueueUrl: queueNamed(parse(schemas.GetQueueUrl, raw).QueueName).url };
    },
    GetQueueAttributes(raw: unknown) {
      const input = parse(schemas.GetQueueAttributes, raw);
      const all = queueAttributes(queueAt(input.QueueUrl));
      const wanted = input.AttributeNames ?? [];
      return { Attributes: Object.fromEntries(Object.entries(all).filter(([name]) => wanted.includes('All') || wanted.includes(name))) };
    },
    SendMessage(raw: unknown) {
      const input = parse(schemas.SendMessage, raw);
      const queue = queueAt(input.QueueUrl);
      const problem = messageProblem(input.MessageBody, input.MessageAttributes ?? {});
      if (problem) throw new AwsServiceError('InvalidMessageContents', problem, 400, 'InvalidMessageContents');
      return enqueue(queue, input.MessageBody, input.DelaySeconds, input.MessageAttributes);
    },
    SendMessageBatch(raw: unknown) {
      const input = parse(schemas.SendMessageBatch, raw);
      const queue = queueAt(input.QueueUrl);
      validateBatch(input.Entries);
      const totalBytes = input.Entries.reduce((sum, entry) => sum + Buffer.byteLength(entry.MessageBody), 0);
      if (totalBytes > MAX_MESSAGE_BYTES) {
        throw new AwsServiceError('BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_MESSAGE_BYTES} bytes.`, 400, 'AWS.SimpleQueueService.BatchRequestTooLong');
      }
      const Successful = [];
      const Failed = [];
      for (const entry of input.Entries) {
        const problem = messageProblem(entry.MessageBody, entry.MessageAttributes ?? {});
        if (problem) Failed.push({ Id: entry.Id, SenderFault: true, Code: 'InvalidMessageContents', Message: problem });
        else Successful.push({ Id: entry.Id, ...enqueue(queue, entry.MessageBody, entry.DelaySeconds, entry.MessageAttributes) });
      }
      return { Successful, Failed };
    },
    async ReceiveMessage(raw: unknown) {
      const input = parse(schemas.ReceiveMessage, raw);
      const queue = queueAt(input.QueueUrl);
      const deadline = Date.now() + (input.WaitTimeSeconds ?? Number(queue.attributes.ReceiveMessageWaitTimeSeconds)) * 1000;
      for (;;) {
        const messages = receiveOnce(queue, input);
        // SQS leaves `Messages` out of an empty response; clients rely on `?? []`.
        if (messages.length > 0) return { Messages: messages };
        const now = Date.now();
        if (now >= deadline || closing.aborted) return {};
        const nextVisible = queue.messages.reduce((earliest, message) => Math.min(earliest, message.visibleAt), Infinity);
        await parkLongPoll(queue, Math.max(1, Math.min(deadline, nextVisible) - now));
      }
    },
    DeleteMessage(raw: unknown) {
      const input = parse(schemas.DeleteMessage, raw);
      deleteMessage(queueAt(input.QueueUrl), input.ReceiptHandle);
      return {};
    },
    DeleteMessageBatch(raw: unknown) {
      const input = parse(schemas.DeleteMessageBatch, raw);
      const queue = queueAt(input.QueueUrl);
      validateBatch(input.Entries);
      const Successful = [];
      const Failed = [];
      for (const entry of input.Entries) {
        try {
          deleteMessage(queue, entry.ReceiptHandle);
          Successful.push({ Id: entry.Id });
        } catch (error) {
          if (!(error instanceof AwsServiceError)) throw error;
          Failed.push({ Id: entry.Id, SenderFault: true, Code: error.type, Message: error.message });
        }
      }
      return { Successful, Failed };
    },
    PurgeQueue(raw: unknown) {
      queueAt(parse(schemas.PurgeQueue, raw).QueueUrl).messages.length = 0;
      return {};
    },
    ChangeMessageVisibility(raw: unknown) {
      const input = parse(schemas.ChangeMessageVisibility, raw);
      const queue = queueAt(input.QueueUrl);
      const message = messageFor(queue, input.ReceiptHandle);
      if (!message) throw receiptHandleIsInvalid(input.ReceiptHandle);
      const now = Date.now();
      if (message.receiveCount === 0 || message.visibleAt <= now) {
        throw new AwsServiceError('MessageNotInflight', 'The message referred to is not in flight.', 400, 'AWS.SimpleQueueService.MessageNotInflight');
      }
      message.visibleAt = now + input.VisibilityTimeout * 1000;
      if (input.VisibilityTimeout === 0) wakeLongPolls(queue);
      return {};
    },
  } satisfies Record<string, (input: unknown) => unknown>;

  const api: SqsApi = {
    createQueue: (name, attributes) => createQueue(name, attributes).url,
    queueUrl: (name) => queueNamed(name).url,
    queueArn: (name) => queueNamed(name).arn,
    messages: (name) => {
      const now = Date.now();
      return queueNamed(name).messages.map((message) => ({
        messageId: message.messageId,
        body: message.body,
        messageAttributes: structuredClone(message.messageAttributes),
        sentTimestamp: message.sentTimestamp,
        receiveCount: message.receiveCount,
        inFlight: message.receiveCount > 0 && message.visibleAt > now,
      }));
    },
  };

  return { service: { targetPrefix: 'AmazonSQS', contentType: 'application/x-amz-json-1.0', operations }, api };
}
