import * as crypto from 'node:crypto';
import { basicUserName, checkWriteKey, createWriteKey, CreateWriteKeyRequestSchema, type WriteKeyRecord, type WriteKeyStore } from '../../shared/sources/write-keys';

// The comparison is observed, not replaced: a spy that calls the real timingSafeEqual.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

/** The table as a map; `gets` counts lookups. */
class InMemoryWriteKeyStore implements WriteKeyStore {
  readonly records = new Map<string, WriteKeyRecord>();
  gets = 0;
  async create(record: WriteKeyRecord) {
    if (this.records.has(record.keyId)) return false;
    this.records.set(record.keyId, { ...record });
    return true;
  }
  async get(keyId: string) {
    this.gets++;
    return this.records.get(keyId);
  }
  async list() {
    return [...this.records.values()];
  }
  async revoke(keyId: string, at: string) {
    const record = this.records.get(keyId);
    if (!record) return undefined;
    record.revokedAt ??= at;
    return record;
  }
}

const NOW = new Date('2026-05-01T10:00:00.000Z');
const basic = (userName: string, password = '') => `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`;

describe('write keys', () => {
  it('returns the key once and stores only its SHA-256, bound to events:write', async () => {
    const store = new InMemoryWriteKeyStore();
    const { writeKey, key } = await createWriteKey(store, 'web shop', NOW);
    expect(writeKey).toMatch(/^wk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(key).toEqual({ keyId: writeKey.slice(3, 19), name: 'web shop', capability: 'events:write', createdAt: NOW.toISOString() });
    const [stored] = store.records.values();
    expect(stored!.keyHash).toBe(crypto.createHash('sha256').update(writeKey).digest('hex'));
    expect(JSON.stringify([...store.records.values()])).not.toContain(writeKey.slice(20));
  });

  it('accepts the key as the Basic user name with an empty password, as the tracker SDKs send it', async () => {
    const store = new InMemoryWriteKeyStore();
    const { writeKey, key } = await createWriteKey(store, 'app', NOW);
    expect(await checkWriteKey(store, basic(writeKey))).toEqual({ ok: true, keyId: key.keyId });
  });

  it('refuses a missing header, a bearer token, a wrong secret, an unknown id and a revoked key', async () => {
    const store = new InMemoryWriteKeyStore();
    const { writeKey, key } = await createWriteKey(store, 'app', NOW);
    const wrongSecret = `${writeKey.slice(0, -1)}${writeKey.endsWith('A') ? 'B' : 'A'}`;
    const unknownId = `wk_${'0'.repeat(16)}${writeKey.slice(19)}`;
    for (const header of [undefined, '', `Bearer ${writeKey}`, basic(''), basic(wrongSecret), basic(unknownId), basic('not-a-key')]) {
      expect(await checkWriteKey(store, header)).toMatchObject({ ok: false });
    }
    await store.revoke(key.keyId, NOW.toISOString());
    expect(await checkWriteKey(store, basic(writeKey))).toEqual({ ok: false, reason: 'the write key was revoked' });
  });

  it('compares hashes in constant time, for unknown ids too', async () => {
    const store = new InMemoryWriteKeyStore();
    const { writeKey } = await createWriteKey(store, 'app', NOW);
    const compare = jest.mocked(crypto.timingSafeEqual);
    compare.mockClear();
    await checkWriteKey(store, basic(`${writeKey.slice(0, -1)}x`));
    await checkWriteKey(store, basic(`wk_${'f'.repeat(16)}${writeKey.slice(19)}`));
    expect(compare).toHaveBeenCalledTimes(2);
    expect(compare.mock.calls.map(([a, b]) => [a.byteLength, b.byteLength])).toEqual([[32, 32], [32, 32]]);
  });

  it('retries a key id that is taken, and gives up after three clashes', async () => {
    const store = new InMemoryWriteKeyStore();
    const fixed = (bytes: number) => Buffer.alloc(bytes, 7);
    await createWriteKey(store, 'first', NOW, fixed);
    await expect(createWriteKey(store, 'second', NOW, fixed)).rejects.toThrow('could not find a free key id');
    let calls = 0;
    const clashOnce = (bytes: number) => (bytes === 8 && calls++ === 0 ? Buffer.alloc(8, 7) : crypto.randomBytes(bytes));
    expect((await createWriteKey(store, 'third', NOW, clashOnce)).key.name).toBe('third');
  });

  it('refuses a name with a control character (a terminal escape, a line break), naming the field: the console and audit lists print it', () => {
    for (const name of ['shop\u001b[2J', 'shop\nadmin', 'shop\u0000']) {
      const parsed = CreateWriteKeyRequestSchema.safeParse({ name });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({ path: ['name'], message: expect.stringMatching(/control character/) });
    }
    expect(CreateWriteKeyRequestSchema.safeParse({ name: '网店 (web shop)' }).success).toBe(true);
  });

  it('refuses a field it does not know (a key believed scoped by `scopes` would in fact write events)', () => {
    const parsed = CreateWriteKeyRequestSchema.safeParse({ name: 'site', scopes: ['identify'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/scopes/);
    expect(CreateWriteKeyRequestSchema.safeParse({ name: 'site' }).success).toBe(true);
  });

  it('reads the user name of a Basic header up to the first colon', () => {
    expect(basicUserName(basic('wk_a', 'ignored'))).toBe('wk_a');
    expect(basicUserName(`Basic ${Buffer.from('wk_a').toString('base64')}`)).toBe('wk_a');
    expect(basicUserName('Basic !!!')).toBeUndefined();
    expect(basicUserName(basic(''))).toBeUndefined();
  });
});
