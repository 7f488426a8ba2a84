import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import { EVENT_TYPES } from './events';
import { FINGERPRINT_HASH_BITS, FingerprintSet, narrowLegacyFingerprints, packFingerprints } from './fingerprints';
import { decodeFingerprintGroups, encodeFingerprintGroups, readVarint, writeVarint } from './golomb';
import { fields, keys, list, pack, unpack, type Layout } from './layout';
import { CompiledProfileStateSchema, DROP_RULES, FEATURE_GROUPS, profileFromStored, profileToStored, type ProfileState } from './state';
import { compactLastBatch, expandLastBatch, fromWire, toWire, type WireOptions } from './wire';

/**
 * The compact stored form of a profile. DynamoDB bills a write per started kilobyte, and on sparse
 * real traffic (a few events per user per batch) nearly every event is a write of the whole item,
 * so the item's size is the pipeline's main cost: the target is a sparse shopper's item under 1 KB.
 *
 * Version 5 (written now): version 4's format, read as version 4 is, with two choices of the writer
 * that make the item smaller: event-id fingerprints of 32 bits, not 36 (fingerprints.ts: the false-
 * duplicate rate against half a byte an entry), and the running sums the view shows rounded to 12
 * significant digits (`V5_SUM_DIGITS`). A heavy sparse shopper's item about 35 bytes smaller.
 * A time table for the interests (each time written once, sorted, as differences) was tried: DEFLATE
 * already matched the repeated times, and the indices cost more than the digits saved.
 *
 * Version 4: version 3's layout, but the JSON in DEFLATE is packed by position
 * (layout.ts `WIRE_V4`: each object of known fields an array of its values, each record keyed by an
 * enumeration `[index, value, …]`, fields it does not know kept as they are) and primed with a
 * dictionary of what packed profiles are made of (`DICTIONARY_V4`); and an interest whose short- and
 * long-term scores are equal is written once (wire.ts `equalScoresOnce`). Field names, even matched
 * against a dictionary, were about a tenth of a heavy sparse shopper's item. Lossless on top of
 * version 3: a version-4 item decodes to exactly what version 3 would have stored.
 *
 * Version 3: byte 0 is the version, then a varint length and the event-id
 * fingerprints as a Golomb–Rice coded set grouped by arrival hour (golomb.ts: about 36 − log2(n) + 1.5
 * bits an entry, where version 2's byte planes paid 48 bits and an age), then one raw DEFLATE stream,
 * primed with a preset dictionary of the wire shape's own field names, of the JSON of `toWire(state)`
 * (wire.ts: interests merged, times as small integers…; new in version 3: interest scores to
 * `V3_SCORE_DIGITS` significant digits, a client's offset times as numbers) with the last batch's
 * sequence numbers written against the watermark (`compactLastBatch`). Fingerprints stay out of DEFLATE: coded that
 * densely they are incompressible, and DEFLATE would only add its own overhead to them.
 *
 * A version's dictionary never changes once shipped: items written with it must stay readable.
 * So is a layout (its field order and enumerations are stored as positions and indices).
 * A new dictionary is a new version. Versions 1 to 4 are still read; their wider fingerprints (53,
 * 48 and 36 bits) are narrowed to today's width on the way in, so a resend of an event applied before
 * the upgrade is still a duplicate.
 *
 * Version 2: byte 0 is the version, the rest one raw DEFLATE stream, primed with a preset dictionary
 * of the profile's own field names, of the JSON of `toWire(state)`, a newline (JSON.stringify never
 * writes a raw one), then the event-id fingerprints as byte planes: `newest` (uint32, big-endian: the
 * newest arrival, in minutes since the epoch), then for the entries in hash order the planes of their
 * 48-bit hashes (big-endian; the first plane as deltas) and of their age in minutes before `newest`
 * (uint16).
 *
 * Version 1: the state's JSON, fingerprints in a separate attribute with 53-bit hashes.
 */
export const PROFILE_CODEC_VERSION = 5;

/** Version 1: strings a profile's JSON is made of, most frequent last (DEFLATE reaches the end of the window cheapest). */
const DICTIONARY_V1 = Buffer.from(
  [
    EVENT_TYPES.map((type) => `"${type}":`).join(''),
    DROP_RULES.map((rule) => `"${rule}":`).join(''),
    FEATURE_GROUPS.map((group) => `"${group}":{"events":`).join(''),
    '"mobile":"desktop":"tablet":"wifi":"5g":"4g":"cellular":"ethernet":"CNY":"USD":"EUR":',
    '"recentSearches":[{"q":"","at":"2026-','"videos":[{"id":"","progress":',
    '"lastPurchaseAt":"2026-"firstSeenAt":"2026-"lastSeenAt":"2026-"botUntil":"erasedBefore":',
    '"shardId-000000000000":"shardId-000000000001":"shardId-000000000002":"shardId-000000000003":',
    '"0000000000000000000000000000000000000000000000000000000000000000000000004954',
    '"lastBatch":{"shardId":"shardId-000000000000","firstSequence":"4954","lastSequence":"4954","applied":,"dropped":},',
    '"features":{"interests":{"events":1,"lastEventId":"","lastEventAt":"2026-12-01T00:00:00.000+08:00"},',
    '"lineage":{"pipelineVersion":"","stream":"","watermarks":{"shardId-000000000000":"00000000000000000000000000000000000000000000000000000000000000000000000000',
    '"eventsApplied":,"dropped":{},"createdAt":"2026-12-01T00:00:00.000Z","updatedAt":"2026-12-01T00:00:00.000Z"}',
    '"cleaning":{"recentClicks":{"product_view:":,"ad_click:":},"recentEventTimes":[17',
    '"context":{"devices":{"mobile":},"networks":{"wifi":},"hourOfDay":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]},',
    '"activity":{"weekly":{"v":,"t":17},"eventCounts":{"product_view":,"page_view":},"activeDays":["2026-12-01","2026-12-02"]},',
    '"engagement":{"dwellMs":0,"dwellViews":0,"videos":[],"videosStarted":0,"videosCompleted":0,"likes":0,"comments":0,"shares":0,"searches":0,"recentSearches":[],"adImpressions":0,"adClicks":0},',
    '"spending":{"viewed":{"n":0,"sumLog":0,"max":0},"carted":{"n":0,"sumLog":0,"max":0},"purchased":{"n":0,"sumLog":0,"max":0},"orders":0,"totals":{}},',
    '{"interests":{"categoryShort":{"":{"v":,"t":17}},"categoryLong":{},"brandShort":{},"brandLong":{}},',
  ].join(''),
  'utf8',
);

/** Version 2: the wire shape's strings (wire.ts), most frequent last. */
const DICTIONARY_V2_ENTRIES: readonly string[] = [
  EVENT_TYPES.map((type) => `"${type}":`).join(''),
  DROP_RULES.map((rule) => `"${rule}":`).join(''),
  '"granted""refused"',
  '"mobile":"desktop":"tablet":"wifi":"5g":"4g":"cellular":"ethernet":"CNY":"USD":"EUR":',
  '"botUntil":"erasedBefore":"lastPurchaseAt":"videos":[["',
  '"lastBatch":{"shardId":"shardId-000000000000","firstSequence":"4954","lastSequence":"4954","applied":1,"dropped":0},',
  '"lineage":{"pipelineVersion":"","stream":"","watermarks":{"shardId-000000000000":"4954"},"eventsApplied":1,"dropped":{},',
  '"features":{"activity":[1,0],"context":[1,0],"engagement":[1,0],"spending":[1,0],"interests":[1,0]},"createdAt":0,"updatedAt":0,"E":[["","2026-12-01T00:00:00.000Z"],["","2026-12-01T00:00:00.000+08:00"]]}}',
  '"cleaning":{"recentClicks":{"product_view:":0,"ad_impression:":0},"recentEventTimes":[0]},',
  '"activity":{"weekly":[1,0],"eventCounts":{"product_view":1,"page_view":1},"activeDays":["2026-12-01"],"firstSeenAt":0,"lastSeenAt":0},',
  '"engagement":{"dwellMs":0,"dwellViews":0,"videos":[],"videosStarted":0,"videosCompleted":0,"likes":0,"comments":0,"shares":0,"searches":0,"recentSearches":[],"adImpressions":0,"adClicks":0},',
  '"spending":{"viewed":{"n":0,"sumLog":0,"max":0},"carted":{"n":0,"sumLog":0,"max":0},"purchased":{"n":0,"sumLog":0,"max":0},"orders":0,"totals":{}},',
  '"T":17,"interests":{"c":[["",0,1,1]],"b":[["",0,1,1]]},',
  '{"context":{"devices":{"mobile":1},"networks":{"wifi":1},"hourOfDay":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]},',
];
const DICTIONARY_V2 = Buffer.from(DICTIONARY_V2_ENTRIES.join(''), 'utf8');

const NEWLINE = 0x0a;
const V2_HASH_BITS = 48;
const HASH_BYTES = 6;
const AGE_BYTES = 2;
const MAX_AGE_MINUTES = 0xffff;
const FINGERPRINT_ENTRY_BYTES = HASH_BYTES + AGE_BYTES;
const MINUTE = 60;
/** The in-memory packing (fingerprints.ts): hash high word, low word, arrival second, little-endian uint32s. */
const WORDS_PER_ENTRY = 3;

/**
 * zlib sizes its state by window and memory level (about 400 KB at 15 and 9), and a synchronous
 * call allocates it afresh each time: for items of a few KB that allocation was two thirds of the
 * encode time. An 8 KB window holds the dictionary and a sparse profile whole, so the output is the
 * same size at about a third of the CPU. Inflate reads any window up to its default 32 KB.
 */
const V2_DEFLATE = { dictionary: DICTIONARY_V2, level: constants.Z_BEST_COMPRESSION, windowBits: 13, memLevel: 5 };

/** Version 3: version 2's strings but for the last batch, which no longer repeats sequence numbers. */
const V3_LAST_BATCH = '"lastBatch":{"shardId":"shardId-000000000000","firstSequence":0,"applied":1,"dropped":0},';
const DICTIONARY_V3 = Buffer.from(
  DICTIONARY_V2_ENTRIES.map((entry) => (entry.startsWith('"lastBatch":') ? V3_LAST_BATCH : entry)).join(''),
  'utf8',
);

/**
 * Version 3 keeps 9 significant digits of each interest score: a write moves a score by at most
 * 5e-9 of its value (the API shows 4 decimals, so below a score of 10,000 a shown score moves by at
 * most one unit of its last decimal, and only when it sat on a rounding boundary), and can reorder two
 * interests only if their exact scores were within 1e-8 of each other — the decay of 37 ms under the
 * 30-day half-life, 0.3 ms under the 6-hour one. The 17 digits of an exact double cost a heavy
 * sparse shopper's item about a tenth of its bytes (12 digits kept two thirds of that).
 */
export const V3_SCORE_DIGITS = 9;

/**
 * Version 5 keeps 12 significant digits of the running sums the view shows only rounded (wire.ts
 * `sumDigits`: the logs of the prices, shown as averages to the cent, and the weekly activity, compared
 * with 20 for a segment): a write moves one by at most 5e-12 of its value, where the 17 digits of an
 * exact double were about 2 % of a heavy sparse shopper's item.
 */
const V5_SUM_DIGITS = 12;
const V3_WIRE: WireOptions = { scoreDigits: V3_SCORE_DIGITS, offsetTimes: true };
const V4_WIRE: WireOptions = { ...V3_WIRE, equalScoresOnce: true };

const V3_DEFLATE = { dictionary: DICTIONARY_V3, level: constants.Z_BEST_COMPRESSION, windowBits: 13, memLevel: 5 };

/**
 * Version 3's encoder, no longer used to write: the cost benchmark measures it beside version 4 in
 * the same run.
 */
export function encodeProfileV3(state: ProfileState): Uint8Array {
  return encodeWithFingerprints(3, state, (wire) => deflateRawSync(JSON.stringify(wire), V3_DEFLATE), V3_WIRE, V3_HASH_BITS);
}
/** The fingerprint width versions 3 and 4 wrote. */
const V3_HASH_BITS = 36;

/**
 * Version 4: version 3's wire shape packed by position (layout.ts): objects of known fields as
 * arrays, records keyed by an enumeration as `[index, value, …]`. The enumerations are copied here,
 * not imported: their indices are stored, so they never change (a new event type is written by name).
 */
const V4_EVENT_TYPES = ['page_view', 'product_view', 'search', 'add_to_cart', 'purchase', 'video_progress', 'like', 'comment', 'share', 'ad_impression', 'ad_click'];
const V4_DROP_RULES = ['duplicate-event', 'duplicate-click', 'bot-user-agent', 'bot-rate', 'erased-user', 'consent-refused'];
const V4_FEATURE_GROUPS = ['interests', 'spending', 'engagement', 'activity', 'context'];
const V4_PRICES = fields('n', 'sumLog', 'max');
const WIRE_V4: Layout = fields(
  'T',
  ['interests', fields('c', 'b')],
  ['spending', fields(['viewed', V4_PRICES], ['carted', V4_PRICES], ['purchased', V4_PRICES], 'orders', 'totals', 'lastPurchaseAt')],
  [
    'engagement',
    fields('dwellMs', 'dwellViews', ['videos', list(fields('id', 'progress'))], 'videosStarted', 'videosCompleted', 'likes', 'comments', 'shares', 'searches', 'recentSearches', 'adImpressions', 'adClicks'),
  ],
  ['activity', fields('firstSeenAt', 'lastSeenAt', 'weekly', ['eventCounts', keys(V4_EVENT_TYPES)], 'activeDays')],
  ['context', fields('devices', 'networks', 'hourOfDay')],
  ['cleaning', fields('recentClicks', 'recentEventTimes', 'botUntil', 'erasedBefore')],
  [
    'lineage',
    fields(
      'pipelineVersion',
      'stream',
      'watermarks',
      'eventsApplied',
      ['dropped', keys(V4_DROP_RULES)],
      ['lastBatch', fields('shardId', 'firstSequence', 'lastSequence', 'applied', 'dropped')],
      ['features', keys(V4_FEATURE_GROUPS)],
      'E',
      'createdAt',
      'updatedAt',
    ),
  ],
  'consent',
  'identity',
);

/** Version 4's dictionary: what packed profiles are made of, most frequent last. Never changed once shipped. */
const DICTIONARY_V4 = Buffer.from(
  [
    '"like:"comment:"share:"ad_click:"ad_impression:"product_view:',
    '"desktop":"tablet":"ethernet":"cellular":"4g":"5g":"EUR":"USD":"CNY":',
    '"shardId-000000000003":"shardId-000000000002":"shardId-000000000001":',
    '[[0,0,0],[0,0,0],[0,0,0],0,{}],[0,0,[],0,0,0,0,0,0,[],0,0],',
    '[{"mobile":1},{"wifi":1},[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]],[{},[0]],',
    '["","",{"shardId-000000000000":""},1,[],["shardId-000000000000",0,null,1,0],[0,[1,0],1,[1,0],2,[1,0],3,[1,0],4,[1,0]],[["",[0,480]]],0,0]]',
  ].join(''),
  'utf8',
);
const V4_DEFLATE = { dictionary: DICTIONARY_V4, level: constants.Z_BEST_COMPRESSION, windowBits: 13, memLevel: 5 };
const deflateV4 = (wire: Record<string, unknown>) => deflateRawSync(JSON.stringify(pack(wire, WIRE_V4)), V4_DEFLATE);

/**
 * Version 4's encoder, no longer used to write: the cost benchmark measures it beside version 5 in
 * the same run (fingerprints as wide as it wrote them).
 */
export function encodeProfileV4(state: ProfileState): Uint8Array {
  return encodeWithFingerprints(4, state, deflateV4, V4_WIRE, V3_HASH_BITS);
}

/** Version 5 writes version 4's format: its layout and dictionary, read the same way. */
const V5_WIRE: WireOptions = { ...V4_WIRE, sumDigits: V5_SUM_DIGITS };

/** Encodes a profile for storage: one binary attribute. */
export function encodeProfile(state: ProfileState): Uint8Array {
  return encodeWithFingerprints(PROFILE_CODEC_VERSION, state, deflateV4, V5_WIRE);
}

/**
 * Versions 3 to 5: the version byte, the fingerprints' length and Golomb–Rice set (of `fingerprintBits`
 * hashes: an older version's encoder writes them as wide as it did), then the DEFLATEd wire shape.
 */
function encodeWithFingerprints(version: number, state: ProfileState, deflate: (wire: Record<string, unknown>) => Uint8Array, options = V3_WIRE, fingerprintBits = FINGERPRINT_HASH_BITS): Uint8Array {
  const fingerprints = encodeFingerprintGroups(fingerprintEntries(state, fingerprintBits), fingerprintBits);
  const length: number[] = [];
  writeVarint(length, fingerprints.byteLength);
  const compressed = deflate(compactLastBatch(toWire(state, options)));
  const body = new Uint8Array(1 + length.length + fingerprints.byteLength + compressed.byteLength);
  body[0] = version;
  body.set(length, 1);
  body.set(fingerprints, 1 + length.length);
  body.set(compressed, 1 + length.length + fingerprints.byteLength);
  return body;
}

/**
 * A state's fingerprints as (hash, arrival second) entries, `bits` wide. The encoders of versions
 * that stored wider hashes than today's (2: 48 bits, 3 and 4: 36) are kept for the cost benchmark:
 * each hash is widened with bits mixed from itself (as incompressible as the real ones), so the item
 * has the size it had, and reading narrows it back to the same hash.
 */
function fingerprintEntries(state: ProfileState, bits: number): [hash: number, seconds: number][] {
  const extra = bits - FINGERPRINT_HASH_BITS;
  if (extra < 0 || extra > 20) throw new Error(`cannot widen fingerprints to ${bits} bits`);
  const entries: [number, number][] = [];
  const space = 2 ** FINGERPRINT_HASH_BITS;
  new FingerprintSet(state.cleaning.seenEvents).forEach((hash, seconds) =>
    entries.push([extra === 0 ? hash : (Math.imul(hash % 0x7fffffff, 2654435761) >>> (32 - extra)) * space + hash, seconds]),
  );
  return entries;
}

/**
 * Decodes and validates a stored profile; throws on an unknown codec version or a corrupt body.
 * `legacyFingerprints` is the separate attribute version 1 kept them in.
 */
export function decodeProfile(uid: string, body: Uint8Array, legacyFingerprints: Uint8Array = new Uint8Array()): ProfileState {
  const version = body[0];
  if (version === 1) return decodeV1(uid, body, legacyFingerprints);
  if (version === 2) return decodeV2(uid, body);
  if (version === undefined || version < 3 || version > 5) throw new Error(`unknown profile codec version ${String(version)}`);
  const read = readVarint(body, 1);
  if (!read || read.next + read.value > body.byteLength) throw new Error('corrupt profile body');
  const { value: length, next: offset } = read;
  const seen = packFingerprints(decodeFingerprintGroups(body.subarray(offset, offset + length), FINGERPRINT_HASH_BITS));
  const json: unknown = JSON.parse(inflateRawSync(body.subarray(offset + length), { dictionary: version === 3 ? DICTIONARY_V3 : DICTIONARY_V4 }).toString('utf8'));
  const wire = version === 3 ? json : unpack(json, WIRE_V4);
  if (wire === null || typeof wire !== 'object') throw new Error('corrupt profile body');
  return profileFromStored(CompiledProfileStateSchema.parse(fromWire(uid, expandLastBatch(wire as Record<string, unknown>), seen)));
}

/**
 * Version 2's encoder, no longer used to write: the cost benchmark measures it beside version 3 in
 * the same run. Today's hashes are narrower than the 48 bits it stored: they are widened
 * (`fingerprintEntries`), and the item has the size it had.
 */
export function encodeProfileV2(state: ProfileState): Uint8Array {
  const json = Buffer.from(JSON.stringify(toWire(state)), 'utf8');
  const wide = new FingerprintSet(undefined);
  for (const [hash, seconds] of fingerprintEntries(state, V2_HASH_BITS)) wide.add(hash, seconds);
  const fingerprints = fingerprintPlanes(wide.encode(0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  const plain = Buffer.allocUnsafe(json.byteLength + 1 + fingerprints.byteLength);
  json.copy(plain);
  plain[json.byteLength] = NEWLINE;
  plain.set(fingerprints, json.byteLength + 1);
  const compressed = deflateRawSync(plain, V2_DEFLATE);
  const body = new Uint8Array(compressed.byteLength + 1);
  body[0] = 2;
  body.set(compressed, 1);
  return body;
}

function decodeV2(uid: string, body: Uint8Array): ProfileState {
  const plain = inflateRawSync(body.subarray(1), { dictionary: DICTIONARY_V2 });
  const end = plain.indexOf(NEWLINE);
  if (end === -1) throw new Error('corrupt profile body');
  const wire: unknown = JSON.parse(plain.toString('utf8', 0, end));
  return profileFromStored(CompiledProfileStateSchema.parse(fromWire(uid, wire, narrowLegacyFingerprints(packedFingerprints(plain.subarray(end + 1))))));
}

function fingerprintPlanes(packed: Uint8Array): Uint8Array {
  const words = new Uint32Array(packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength));
  const entries = words.length / WORDS_PER_ENTRY;
  if (entries === 0) return new Uint8Array();
  let newest = 0;
  for (let entry = 0; entry < entries; entry++) newest = Math.max(newest, Math.ceil(words[entry * WORDS_PER_ENTRY + 2]! / MINUTE));
  const out = new Uint8Array(4 + entries * FINGERPRINT_ENTRY_BYTES);
  new DataView(out.buffer).setUint32(0, newest);
  let previousTop = 0;
  for (let entry = 0; entry < entries; entry++) {
    const high = words[entry * WORDS_PER_ENTRY]!;
    const low = words[entry * WORDS_PER_ENTRY + 1]!;
    const hash = [high >>> 8, high, low >>> 24, low >>> 16, low >>> 8, low];
    const age = Math.min(MAX_AGE_MINUTES, newest - Math.ceil(words[entry * WORDS_PER_ENTRY + 2]! / MINUTE));
    const top = hash[0]! & 0xff;
    out[4 + entry] = top - previousTop;
    previousTop = top;
    for (let byte = 1; byte < HASH_BYTES; byte++) out[4 + byte * entries + entry] = hash[byte]!;
    out[4 + HASH_BYTES * entries + entry] = age >>> 8;
    out[4 + (HASH_BYTES + 1) * entries + entry] = age;
  }
  return out;
}

function packedFingerprints(planes: Uint8Array): Uint8Array {
  if (planes.byteLength === 0) return new Uint8Array();
  const entries = (planes.byteLength - 4) / FINGERPRINT_ENTRY_BYTES;
  if (!Number.isInteger(entries) || entries < 0) throw new Error('corrupt fingerprints');
  const newest = new DataView(planes.buffer, planes.byteOffset, 4).getUint32(0);
  const words = new Uint32Array(entries * WORDS_PER_ENTRY);
  let top = 0;
  const at = (plane: number, entry: number) => planes[4 + plane * entries + entry]!;
  for (let entry = 0; entry < entries; entry++) {
    top = (top + at(0, entry)) & 0xff;
    words[entry * WORDS_PER_ENTRY] = (top << 8) | at(1, entry);
    words[entry * WORDS_PER_ENTRY + 1] = ((at(2, entry) << 24) | (at(3, entry) << 16) | (at(4, entry) << 8) | at(5, entry)) >>> 0;
    words[entry * WORDS_PER_ENTRY + 2] = (newest - ((at(6, entry) << 8) | at(7, entry))) * MINUTE;
  }
  return new Uint8Array(words.buffer);
}

/** Version 1: DEFLATE of the state's JSON, fingerprints (53-bit hashes) beside it, packed or as DEFLATEd planes. */
function decodeV1(uid: string, body: Uint8Array, fingerprints: Uint8Array): ProfileState {
  const json = inflateRawSync(body.subarray(1), { dictionary: DICTIONARY_V1 }).toString('utf8');
  const parsed = JSON.parse(json) as Record<string, unknown> & { cleaning?: Record<string, unknown> };
  return profileFromStored(CompiledProfileStateSchema.parse({ ...parsed, uid, cleaning: { ...parsed.cleaning, seenEvents: narrowLegacyFingerprints(decodeV1Fingerprints(fingerprints)) } }));
}

const V1_FINGERPRINT_BYTES = 12;
const V1_RAW = 0;
const V1_PLANES = 1;

/**
 * Version 1's encoder, no longer used to write: the cost benchmark measures it beside version 2 in
 * the same run. Returns the body (`p`) and the fingerprints attribute (`f`).
 */
export function encodeProfileV1(state: ProfileState): { body: Uint8Array; fingerprints: Uint8Array } {
  const { uid: _uid, cleaning, ...rest } = profileToStored(state);
  const { seenEvents, ...cleaningRest } = cleaning;
  const compressed = deflateRawSync(JSON.stringify({ ...rest, cleaning: cleaningRest }), { dictionary: DICTIONARY_V1, level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
  const body = new Uint8Array(compressed.byteLength + 1);
  body[0] = 1;
  body.set(compressed, 1);
  if (seenEvents.byteLength === 0) return { body, fingerprints: new Uint8Array() };
  const entries = seenEvents.byteLength / V1_FINGERPRINT_BYTES;
  const planes = new Uint8Array(seenEvents.byteLength);
  for (let entry = 0; entry < entries; entry++) {
    for (let byte = 0; byte < V1_FINGERPRINT_BYTES; byte++) planes[byte * entries + entry] = seenEvents[entry * V1_FINGERPRINT_BYTES + byte]!;
  }
  const deflated = deflateRawSync(planes, { level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
  const [form, data] = deflated.byteLength < seenEvents.byteLength ? [V1_PLANES, deflated] : [V1_RAW, seenEvents];
  const fingerprints = new Uint8Array(data.byteLength + 1);
  fingerprints[0] = form;
  fingerprints.set(data, 1);
  return { body, fingerprints };
}

function decodeV1Fingerprints(stored: Uint8Array): Uint8Array {
  if (stored.byteLength === 0) return new Uint8Array();
  const data = stored.subarray(1);
  if (stored[0] === V1_RAW) return new Uint8Array(data);
  if (stored[0] !== V1_PLANES) throw new Error(`unknown fingerprint form ${String(stored[0])}`);
  const planes = inflateRawSync(data);
  if (planes.byteLength % V1_FINGERPRINT_BYTES !== 0) throw new Error('corrupt fingerprints');
  const entries = planes.byteLength / V1_FINGERPRINT_BYTES;
  const packed = new Uint8Array(planes.byteLength);
  for (let entry = 0; entry < entries; entry++) {
    for (let byte = 0; byte < V1_FINGERPRINT_BYTES; byte++) packed[entry * V1_FINGERPRINT_BYTES + byte] = planes[byte * entries + entry]!;
  }
  return packed;
}
