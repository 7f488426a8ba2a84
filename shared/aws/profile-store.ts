import { BatchGetCommand, GetCommand, PutCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sleep, backoffMs } from '../concurrency';
import { decodeProfile, encodeProfile } from '../profiles/codec';
import { TOMBSTONE_TTL_SECONDS } from '../profiles/erasure';
import { narrowLegacyFingerprints } from '../profiles/fingerprints';
import { CompiledProfileStateSchema, TombstoneSchema, profileFromStored, type ProfileState, type Tombstone } from '../profiles/state';
import type { ProfileStore, StoredProfile } from '../profiles/update-profiles';

/**
 * The profiles table: one item per pseudonymous user (partition key `uid`), holding either the
 * profile state or, after an erasure, a tombstone with only the cut-off time and a TTL.
 */
export class DynamoProfileStore implements ProfileStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How long a tombstone outlives the erasure: as long as events dated before it can still arrive (see shared/profiles/erasure.ts). */
    private readonly tombstoneTtlSeconds = TOMBSTONE_TTL_SECONDS,
  ) {}

  async load(uids: readonly string[]): Promise<Map<string, StoredProfile>> {
    const found = new Map<string, StoredProfile>();
    for (let start = 0; start < uids.length; start += 100) {
      let keys: Record<string, unknown>[] | undefined = uids.slice(start, start + 100).map((uid) => ({ uid }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`BatchGetItem left ${keys.length} keys unprocessed after ${attempt} attempts`);
        if (attempt > 0) await sleep(backoffMs(attempt, 50));
        const response: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of response.Responses?.[this.tableName] ?? []) found.set(String(item.uid), fromItem(item));
        keys = response.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  async get(uid: string): Promise<StoredProfile | undefined> {
    const response = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { uid }, ConsistentRead: true }));
    return response.Item ? fromItem(response.Item) : undefined;
  }

  async save(state: ProfileState, expectedVersion: number | undefined): Promise<'saved' | 'conflict'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: profileItem(state, (expectedVersion ?? 0) + 1),
          ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(uid)' : 'version = :expected',
          ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ':expected': expectedVersion },
        }),
      );
      return 'saved';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }

  /**
   * Replaces whatever is stored for the user with a tombstone in one atomic write and says whether a
   * profile existed. The tombstone holds no data, only the erasure time, so that events of the user
   * still in the stream are discarded instead of re-creating the profile; DynamoDB's TTL removes it.
   * With `ifVersion` the write is conditional on the version read (`undefined`: no item).
   */
  async erase(uid: string, erasedAt: Date, condition?: { ifVersion: number | undefined }): Promise<{ existed: boolean } | 'conflict'> {
    try {
      const response = await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          // A fresh version (the erasure time), so a writer holding an earlier tombstone or profile conflicts.
          Item: { uid, kind: 'tombstone', erasedAt: erasedAt.toISOString(), version: erasedAt.getTime(), expiresAt: Math.floor(erasedAt.getTime() / 1000) + this.tombstoneTtlSeconds },
          ReturnValues: 'ALL_OLD',
          ...(condition === undefined
            ? {}
            : condition.ifVersion === undefined
              ? { ConditionExpression: 'attribute_not_exists(uid)' }
              : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': condition.ifVersion } }),
        }),
      );
      // Profile items carry no `kind` since codec version 4 (see profileItem); tombstones always do.
      return { existed: response.Attributes !== undefined && response.Attributes.kind !== 'tombstone' };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }
}

/**
 * The stored item of a profile: its key and version in the clear (conditions and erasure need them)
 * and the state, event-id fingerprints included, in the compact codec (`p`). Items of codec version 1
 * also hold the fingerprints apart (`f`). Exported for the cost benchmark, which sizes exactly what is written.
 *
 * Since codec version 4 a profile item has no `kind` attribute (earlier ones say `kind: 'profile'`):
 * a tombstone is the item that says `kind: 'tombstone'`, a profile the one with a body. DynamoDB bills
 * attribute names and values, and a sparse shopper's item sits near the 1 KB of one write unit: the
 * 11 bytes put about one item in twenty-five over it.
 */
export function profileItem(state: ProfileState, version: number): Record<string, unknown> {
  return { uid: state.uid, version, p: encodeProfile(state) };
}

/** Reads a stored item in any form: the compact codec (either version), or the plain attributes written before it. */
export function fromItem(item: Record<string, unknown>): StoredProfile {
  const version = Number(item.version ?? 0);
  if (item.kind === 'tombstone') return { value: TombstoneSchema.parse(item) satisfies Tombstone, version };
  if (item.p instanceof Uint8Array) return { value: decodeProfile(String(item.uid), item.p, item.f instanceof Uint8Array ? item.f : undefined), version };
  // Items written before the compact codec hold the state as plain attributes, fingerprints with 53-bit hashes.
  const { kind: _kind, version: _version, ...plain } = item;
  const state = profileFromStored(CompiledProfileStateSchema.parse(plain));
  return { value: { ...state, cleaning: { ...state.cleaning, seenEvents: narrowLegacyFingerprints(state.cleaning.seenEvents) } }, version };
}
