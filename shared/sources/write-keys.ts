import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { hasNoControlCharacter, isWellFormed } from '../validation/strings';

/**
 * Write keys: the credential a tracker (Segment's or RudderStack's SDK) sends as the user name of HTTP
 * Basic auth. A key is `wk_<keyId>_<secret>`: the key id names the stored record, the secret is 32
 * random bytes. Only the SHA-256 of the whole key is stored: a key has 256 bits of entropy, so a fast
 * hash is as good as a slow one, and the table never holds anything that authenticates. A key grants
 * one capability, `events:write`, on the tracker routes only; it can never call a JWT route.
 */

export const WRITE_KEY_CAPABILITY = 'events:write';

const KEY_PATTERN = /^wk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const KeyIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'a key id is 16 hexadecimal characters');
/**
 * A key id as a caller writes it in a path: hexadecimal in either case (an operator may paste it from
 * a tool that prints hex in capitals), canonicalised to the lowercase ids are minted in, so revoking a
 * leaked key is never refused over letter case.
 */
export const KeyIdPathSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{16}$/, 'a key id is 16 hexadecimal characters')
  .transform((keyId) => keyId.toLowerCase());
export const WriteKeyPathSchema = z.object({ keyId: KeyIdPathSchema });

export const WriteKeyRecordSchema = z.object({
  keyId: KeyIdSchema,
  name: z.string(),
  /** SHA-256 of the whole key, hex. */
  keyHash: z.string().regex(/^[0-9a-f]{64}$/),
  capability: z.literal(WRITE_KEY_CAPABILITY),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().optional(),
});
export type WriteKeyRecord = z.infer<typeof WriteKeyRecordSchema>;

/** What the API shows of a key: never its hash. */
export type WriteKeySummary = Omit<WriteKeyRecord, 'keyHash'>;

/** Strict: an unknown field (`scopes`, `expiresAt`) is refused, so nobody believes a key limited that is not. */
export const CreateWriteKeyRequestSchema = z.strictObject({
  /** What the key is for, e.g. the site or app that sends with it. */
  name: z.string().trim().min(1).max(128).refine(isWellFormed, 'must not contain lone surrogates').refine(hasNoControlCharacter, 'must not contain a control character (it is printed in key lists)'),
});

/** Port: where key records live (the write-keys table in AWS). */
export interface WriteKeyStore {
  /** Stores a new record; false when the key id is taken. */
  create(record: WriteKeyRecord): Promise<boolean>;
  get(keyId: string): Promise<WriteKeyRecord | undefined>;
  /** Every record, oldest first. */
  list(): Promise<WriteKeyRecord[]>;
  /** Marks the key revoked at `at` unless it already is; returns the record after, or undefined when there is no such key. */
  revoke(keyId: string, at: string): Promise<WriteKeyRecord | undefined>;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export const summary = ({ keyHash: _hash, ...rest }: WriteKeyRecord): WriteKeySummary => rest;

/** Creates a key: the returned `writeKey` is shown once and never stored. */
export async function createWriteKey(store: WriteKeyStore, name: string, now: Date, random: (bytes: number) => Buffer = randomBytes): Promise<{ writeKey: string; key: WriteKeySummary }> {
  // A 64-bit id collides with a handful of keys only with negligible probability; retry the rare clash.
  for (let attempt = 0; attempt < 3; attempt++) {
    const keyId = random(8).toString('hex');
    const writeKey = `wk_${keyId}_${random(32).toString('base64url')}`;
    const record: WriteKeyRecord = { keyId, name, keyHash: sha256(writeKey), capability: WRITE_KEY_CAPABILITY, createdAt: now.toISOString() };
    if (await store.create(record)) return { writeKey, key: summary(record) };
  }
  throw new Error('could not find a free key id');
}

export type WriteKeyCheck = { ok: true; keyId: string } | { ok: false; reason: string };

/**
 * Checks the `Authorization` header of a tracker request: HTTP Basic with the write key as user name
 * and an empty password, as analytics-node and rudder-sdk-node send it. The stored hash is compared in
 * constant time, so response timing says nothing about how much of a guessed key was right.
 */
export async function checkWriteKey(store: WriteKeyStore, authorization: string | undefined): Promise<WriteKeyCheck> {
  const writeKey = basicUserName(authorization);
  if (writeKey === undefined) return { ok: false, reason: 'send the write key as the user name of HTTP Basic auth' };
  const match = KEY_PATTERN.exec(writeKey);
  if (!match) return { ok: false, reason: 'the write key is not valid' };
  const record = await store.get(match[1]!);
  const presented = Buffer.from(sha256(writeKey), 'hex');
  // An unknown id is compared against a dummy hash, so it takes the same time as a wrong secret.
  const stored = Buffer.from(record?.keyHash ?? '0'.repeat(64), 'hex');
  if (!timingSafeEqual(presented, stored) || record === undefined) return { ok: false, reason: 'the write key is not valid' };
  if (record.revokedAt !== undefined) return { ok: false, reason: 'the write key was revoked' };
  return { ok: true, keyId: record.keyId };
}

/** The user name of an HTTP Basic `Authorization` header (everything before the first colon). */
export function basicUserName(authorization: string | undefined): string | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const userName = colon === -1 ? decoded : decoded.slice(0, colon);
  return userName.length > 0 ? userName : undefined;
}

/** The write-keys table: one item per key, keyed by its id (declared in lib/stacks/stateful-stack.ts). */
export const WRITE_KEYS_TABLE = { partitionKey: 'keyId' } as const;
