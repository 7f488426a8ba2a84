import { z } from 'zod';
import { dynamoDocumentClient } from '../../shared/aws/clients';
import { DynamoCopyStore } from '../../shared/aws/copy-store';
import { workflowStep } from '../../shared/aws/lambda-step';
import { parseEnv } from '../../shared/config/env';
import { persistVariant } from '../../shared/copy/jobs';
import { IterationStateSchema, OutcomeSchema } from '../../shared/copy/schema';

const env = parseEnv(z.object({ COPY_TABLE_NAME: z.string().min(1) }));
const store = new DynamoCopyStore(dynamoDocumentClient(), env.COPY_TABLE_NAME);

/** PersistVariant: stages the variant with every attempt and verdict; the Map keeps only its id and outcome. */
export const handler = workflowStep(IterationStateSchema.extend({ outcome: OutcomeSchema }), (state) => persistVariant(store, state, () => new Date()));
