import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import { EVENT_TYPES } from './events';
import { ProfileStateSchema, DROP_RULES, FEATURE_GROUPS, type ProfileState } from './state';

/**
 * The compact stored form of a profile. DynamoDB bills a write per started kilobyte, and on sparse
 * real traffic (a few events per user per batch) nearly every event is a write of the whole item,
 * so the item's size is the pipeline's main cost. As JSON a profile is 2–4 KB, mostly repeated field
 * names, ISO dates and zero-padded sequence numbers; raw DEFLATE primed with a preset dictionary of
 * exactly those strings brings it to a few hundred bytes. The event-id fingerprints are already
 * packed binary (incompressible hashes) and travel beside the compressed body untouched.
 *
 * Format: byte 0 is the codec version, the rest is DEFLATE (raw) of the state's JSON without
 * `uid` (the item's key) and without `cleaning.seenEvents`. A version's dictionary never changes once
 * shipped: items written with it must stay readable. A new dictionary is a new version.
 *
 * The fingerprints (12 bytes an entry: a 53-bit hash and an arrival second) are random in their hash
 * bytes but not elsewhere: the hash's top byte is always zero and the arrival seconds of one day share
 * their high bytes. Stored as byte planes (every entry's byte 0, then every byte 1…) those constant
 * planes become runs that DEFLATE removes, about a third of the size. The first byte says which form
 * follows: 0 as packed (smaller for a handful of entries), 1 byte planes + DEFLATE.
 */
export const PROFILE_CODEC_VERSION = 1;

/** Strings a profile's JSON is made of, most frequent last (DEFLATE reaches the end of the window cheapest). */
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

export interface EncodedProfile {
  /** Codec version byte + DEFLATE body. */
  body: Uint8Array;
  /** The event-id fingerprints: a form byte, then packed entries or their DEFLATEd byte planes. Empty when there are none. */
  fingerprints: Uint8Array;
}

const FINGERPRINT_BYTES = 12;
const RAW = 0;
const PLANES = 1;

function encodeFingerprints(packed: Uint8Array): Uint8Array {
  if (packed.byteLength === 0) return new Uint8Array();
  const entries = packed.byteLength / FINGERPRINT_BYTES;
  const planes = new Uint8Array(packed.byteLength);
  for (let entry = 0; entry < entries; entry++) {
    for (let byte = 0; byte < FINGERPRINT_BYTES; byte++) planes[byte * entries + entry] = packed[entry * FINGERPRINT_BYTES + byte]!;
  }
  const compressed = deflateRawSync(planes, { level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
  const [form, data] = compressed.byteLength < packed.byteLength ? [PLANES, compressed] : [RAW, packed];
  const out = new Uint8Array(data.byteLength + 1);
  out[0] = form;
  out.set(data, 1);
  return out;
}

function decodeFingerprints(stored: Uint8Array): Uint8Array {
  if (stored.byteLength === 0) return new Uint8Array();
  const data = stored.subarray(1);
  if (stored[0] === RAW) return new Uint8Array(data);
  if (stored[0] !== PLANES) throw new Error(`unknown fingerprint form ${String(stored[0])}`);
  const planes = inflateRawSync(data);
  if (planes.byteLength % FINGERPRINT_BYTES !== 0) throw new Error('corrupt fingerprints');
  const entries = planes.byteLength / FINGERPRINT_BYTES;
  const packed = new Uint8Array(planes.byteLength);
  for (let entry = 0; entry < entries; entry++) {
    for (let byte = 0; byte < FINGERPRINT_BYTES; byte++) packed[entry * FINGERPRINT_BYTES + byte] = planes[byte * entries + entry]!;
  }
  return packed;
}

/** Encodes a profile for storage. Lossless: `decodeProfile(uid, encodeProfile(state))` equals `state`. */
export function encodeProfile(state: ProfileState): EncodedProfile {
  const { uid: _uid, cleaning, ...rest } = state;
  const { seenEvents, ...cleaningRest } = cleaning;
  const json = JSON.stringify({ ...rest, cleaning: cleaningRest });
  const compressed = deflateRawSync(json, { dictionary: DICTIONARY_V1, level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
  const body = new Uint8Array(compressed.byteLength + 1);
  body[0] = PROFILE_CODEC_VERSION;
  body.set(compressed, 1);
  return { body, fingerprints: encodeFingerprints(seenEvents) };
}

/** Decodes and validates a stored profile; throws on an unknown codec version or a corrupt body or fingerprints. */
export function decodeProfile(uid: string, encoded: EncodedProfile): ProfileState {
  const version = encoded.body[0];
  if (version !== PROFILE_CODEC_VERSION) throw new Error(`unknown profile codec version ${String(version)}`);
  const json = inflateRawSync(encoded.body.subarray(1), { dictionary: DICTIONARY_V1 }).toString('utf8');
  const parsed = JSON.parse(json) as Record<string, unknown> & { cleaning?: Record<string, unknown> };
  return ProfileStateSchema.parse({ ...parsed, uid, cleaning: { ...parsed.cleaning, seenEvents: decodeFingerprints(encoded.fingerprints) } });
}
