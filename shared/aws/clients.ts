import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { tracer } from './observability';

/**
 * SDK clients, created lazily and once per container. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL_<SERVICE> variables, so the same code talks to AWS or to the local emulators.
 */
const once = <T>(create: () => T): (() => T) => {
  let client: T | undefined;
  return () => (client ??= create());
};

export const dynamoDocumentClient = once(() =>
  DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
    // The marshaller takes any object whose `constructor` is not Object for a class instance. A map
    // keyed by client strings (channels, categories, report ids) may well have an own key
    // "constructor": with this option it is stored as the map it is, instead of failing the write.
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  }),
);

/** HTTP/1.1: cheaper than HTTP/2 for small PutRecords calls, and the only protocol kinesalite speaks. */
export const kinesisClient = once(() => tracer.captureAWSv3Client(new KinesisClient({ requestHandler: new NodeHttpHandler() })));

export const sqsClient = once(() => tracer.captureAWSv3Client(new SQSClient({})));

export const eventBridgeClient = once(() => tracer.captureAWSv3Client(new EventBridgeClient({})));

export const sfnClient = once(() => tracer.captureAWSv3Client(new SFNClient({})));

/** The SDK retries once; longer waits belong to the state machine's Retry, which holds no Lambda open. */
export const bedrockRuntimeClient = once(() => tracer.captureAWSv3Client(new BedrockRuntimeClient({ maxAttempts: 2 })));
