import { z } from 'zod';
import { describing } from '../http/response-schema';
import { KeyIdSchema, WRITE_KEY_CAPABILITY, type createWriteKey, type WriteKeySummary } from './write-keys';

/** A key as the API shows it: never the key itself after creation, never its hash. */
export const WriteKeySummarySchema = describing<WriteKeySummary>()(
  z
    .object({
      keyId: KeyIdSchema,
      name: z.string(),
      capability: z.literal(WRITE_KEY_CAPABILITY),
      createdAt: z.iso.datetime(),
      revokedAt: z.iso.datetime().optional(),
    })
    .meta({ id: 'WriteKeySummary' }),
);

/** `POST /v1/write-keys` → 201: the key, shown in this answer and nowhere else. */
export const CreatedWriteKeySchema = describing<Awaited<ReturnType<typeof createWriteKey>>>()(
  z.object({
    writeKey: z.string().regex(/^wk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/).meta({ description: 'The HTTP Basic user name trackers send; store it now, the suite keeps only its SHA-256' }),
    key: WriteKeySummarySchema,
  }),
);

/** `GET /v1/write-keys` → 200: every key, oldest first, revoked ones included. */
export const WriteKeyListSchema = describing<{ keys: WriteKeySummary[] }>()(z.object({ keys: z.array(WriteKeySummarySchema) }));

/** `DELETE /v1/write-keys/{keyId}` → 200: the revoked record, kept for audit. */
export const RevokedWriteKeySchema = describing<{ key: WriteKeySummary }>()(z.object({ key: WriteKeySummarySchema }));
