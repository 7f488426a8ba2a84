import { STREAM_RECORD_VERSION, base64Text, decodeStreamRecord, encodeStreamRecord, isEventRecord, type AnyStreamRecord } from '../../shared/stream/records';
import { profileToStored } from '../../shared/profiles/state';
import { updateProfiles } from '../../shared/profiles/update-profiles';
import { FakeDeadLetterQueue, InMemoryProfileStore, base64, rawPayload, rawRecord } from '../profiles/fakes';
import { MINUTE, SHARD, T0, UID, context, event, iso, item, seq, streamRecord } from '../profiles/fixtures';

const view = (minute: number) => event({ type: 'product_view', item: item(`p${minute}`, 'shoes', { price: 100 }), timestamp: iso(T0 + minute * MINUTE) });
const decision = (n: number, payload: unknown = { decisionId: `d-${n}`, experimentId: 'exp-1', armId: 'a', propensity: 0.5 }) =>
  rawPayload(n, JSON.stringify({ v: STREAM_RECORD_VERSION, kind: 'decision', uid: UID, receivedAt: iso(T0), decision: payload }));
const asBase64 = (record: AnyStreamRecord) => Buffer.from(encodeStreamRecord(record).data).toString('base64');

describe('stream record envelope', () => {
  it('decodes an event record exactly as the events edge writes it (no kind), and with kind "event"', () => {
    // Prepare
    const legacy = streamRecord(view(0));
    // Act
    const plain = decodeStreamRecord(base64(JSON.stringify(legacy)), UID);
    const tagged = decodeStreamRecord(base64(JSON.stringify({ ...legacy, kind: 'event' })), UID);
    // Assess
    expect(plain).toEqual({ ok: true, record: legacy });
    expect(tagged.ok && isEventRecord(tagged.record)).toBe(true);
  });

  it.each([
    ['a decision with an object payload', { kind: 'decision', decision: { armId: 'a', extra: [1, 2] } }, true],
    ['a decision whose payload is an array', { kind: 'decision', decision: [1] }, false],
    ['a decision without payload', { kind: 'decision' }, false],
    [
      'a consent change',
      { kind: 'consent', consent: { changeId: 'c1', version: 1, changedAt: iso(T0), purposes: { profiling: 'refused', 'personalised-marketing': 'granted' } } },
      true,
    ],
    ['a consent change with an unknown decision', { kind: 'consent', consent: { changeId: 'c1', version: 1, changedAt: iso(T0), purposes: { profiling: 'maybe', 'personalised-marketing': 'granted' } } }, false],
    ['an unknown kind', { kind: 'teleport' }, false],
  ])('%s: valid = %s', (_name, fields, valid) => {
    const decoded = decodeStreamRecord(base64(JSON.stringify({ v: STREAM_RECORD_VERSION, uid: UID, receivedAt: iso(T0), ...fields })), UID);
    expect(decoded.ok).toBe(valid);
    if (!decoded.ok) expect(decoded.reason).toMatch(/^(payload does not match the stream record schema \(kind|unknown record kind)/);
  });

  it('keeps a __proto__ key of a decision payload as data, never as a prototype', () => {
    const decoded = decodeStreamRecord(base64(`{"v":1,"kind":"decision","uid":"${UID}","receivedAt":"${iso(T0)}","decision":{"__proto__":{"polluted":true}}}`), UID);
    expect(decoded.ok).toBe(true);
    if (decoded.ok && decoded.record.kind === 'decision') {
      expect(Object.getPrototypeOf(decoded.record.decision)).toBe(Object.prototype);
      expect(Object.hasOwn(decoded.record.decision, '__proto__')).toBe(true);
    }
  });

  it('rejects a record whose uid is not its partition key', () => {
    const record: AnyStreamRecord = { v: STREAM_RECORD_VERSION, kind: 'decision', uid: UID, receivedAt: iso(T0), decision: {} };
    expect(decodeStreamRecord(asBase64(record), 'someone-else-entirely')).toEqual({ ok: false, reason: 'partition key does not match the record uid' });
  });
});

describe('feature updater and decision records', () => {
  it('skips decision records (counted, never dead-lettered) and applies the events around them', async () => {
    // Prepare
    const store = new InMemoryProfileStore();
    const deadLetters = new FakeDeadLetterQueue();
    const records = [rawRecord(1, view(0)), decision(2), rawRecord(3, view(1)), decision(4, { anything: 'goes' })];
    // Act
    const first = await updateProfiles(records, { store, deadLetters, context: context() });
    const again = await updateProfiles(records, { store, deadLetters, context: context() });
    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(first.stats).toMatchObject({ records: 4, skipped: 2, applied: 2, deadLettered: 0 });
    expect(deadLetters.letters).toEqual([]);
    expect(store.profile(UID)?.lineage.eventsApplied).toBe(2);
    expect(profileToStored(store.profile(UID)!).lineage.watermarks[SHARD]).toBe(seq(3).padStart(128, '0'));
    expect(again.stats).toMatchObject({ skipped: 2, applied: 0, replayed: 2 });
  });

  it('dead-letters a malformed decision record with its reason', async () => {
    const store = new InMemoryProfileStore();
    const deadLetters = new FakeDeadLetterQueue();
    const result = await updateProfiles([decision(1, 'not an object')], { store, deadLetters, context: context() });
    expect(result.stats).toMatchObject({ skipped: 0, deadLettered: 1 });
    expect(deadLetters.letters[0]!.reason).toMatch(/kind decision\): decision: expected an object/);
  });
});

describe('payload decoding (base64Text)', () => {
  /** Deterministic, so a failure names its case. */
  const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n\t.!é€';

  it('gives exactly what Buffer.from(data, "base64").toString("utf8") gives, for valid and hostile payloads of every size', () => {
    // Prepare: real payloads (ASCII, multi-byte and invalid UTF-8), then strings no encoder wrote:
    // bad characters, URL-safe alphabet, padding mid-string, white space, truncated groups; sizes up to past the reused buffer.
    const next = random(7);
    const bytes = (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
    const cases: string[] = ['', '=', 'QQ', 'QQ=', 'QQ==', 'QUJD', 'QU JD', 'QU\nJD', 'QQ==QUJD', '-_-_', '!!!!', 'é'];
    cases.push(Buffer.from('{"q":"连衣裙 €"}').toString('base64'), Buffer.from([0xc3, 0x28, 0xff, 0xe2, 0x82]).toString('base64'));
    for (const length of [1, 2, 3, 4, 100, 1_000, 49_151, 49_152, 49_153, 65_536, 200_000]) {
      const encoded = bytes(length).toString('base64');
      cases.push(encoded, encoded.slice(0, -1), encoded.replace(/\+/g, '-').replace(/\//g, '_'));
    }
    for (let index = 0; index < 300; index++) cases.push(Array.from({ length: Math.floor(next() * 64) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join(''));
    // Act + Assess: one after another, so a long payload must not leave bytes behind for a short one.
    for (const data of cases) expect([data.slice(0, 40), base64Text(data)]).toEqual([data.slice(0, 40), Buffer.from(data, 'base64').toString('utf8')]);
  });
});
