import type { Decayed } from './decay';
import { padSequence, type DecayedScores, type ProfileState } from './state';

/**
 * The shape a profile is serialised in by the compact codec (versions 2 and 3): the state's own JSON
 * with what made it big rewritten, everything else passed through untouched — so a field added to the
 * state later is stored without any change here. Lossless without `WireOptions.scoreDigits`:
 * `fromWire(uid, toWire(state), seen)` equals the state (with `seen` as its fingerprints).
 *
 * What is rewritten, and why (bytes of a sparse shopper's item, DEFLATEd):
 *  - short- and long-term interests share their keys and, nearly always, their time: one entry
 *    `[key, Δt, vShort, vLong]` instead of two objects per map (`[key, Δts, vShort, Δtl, vLong]`
 *    when they differ, `null` for a side that pruning dropped);
 *  - times are integer milliseconds before the profile's `lineage.updatedAt` (`T`): a few digits
 *    instead of a 13-digit epoch or a 24-character ISO string. ISO strings that are not in the
 *    canonical `toISOString()` form (a client's own offset) stay strings;
 *  - the feature lineage names each (event id, event time) once (`lineage.E`), and each group refers
 *    to it by index: the five groups are usually fed by the same last event;
 *  - watermarks lose the zero padding that only makes them compare as strings.
 */

type Time = number | string;
/** An ISO time in a client's own offset, as milliseconds before `T` and the offset in minutes. */
type OffsetTime = [age: number, offsetMinutes: number];

/** What version 3 of the codec adds to version 2's shape (codec.ts). */
export interface WireOptions {
  /**
   * Significant digits kept of each interest score (`Number(v.toPrecision(digits))`): a score changes
   * by at most 5·10^−digits of its value per write. Absent: exact.
   */
  scoreDigits?: number;
  /** The event times in `lineage.E` that carry a client's offset written as `[age, offset]` (lossless). */
  offsetTimes?: boolean;
  /**
   * Version 4: an interest whose short- and long-term scores are equal (one event, or all at one
   * instant: most interests of a sparse shopper) as `[key, Δt, v]`, the score written once (lossless).
   */
  equalScoresOnce?: boolean;
  /**
   * Version 5: significant digits kept of the running sums of doubles the view only shows rounded
   * (`spending.*.sumLog`, the price averages' logs, and `activity.weekly.v`): a write moves one by at
   * most 5·10^−digits of its value. Absent: exact.
   */
  sumDigits?: number;
}

const OFFSET_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/;

/** `YYYY-MM-DDTHH:mm:ss.sss±HH:MM` of an instant in an offset. */
function formatOffsetTime(ms: number, offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const magnitude = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(magnitude % 60).padStart(2, '0')}`;
  return new Date(ms + offsetMinutes * 60_000).toISOString().replace('Z', offset);
}

/** The instant and offset of an ISO time in the exact form `formatOffsetTime` writes, or undefined. */
function parseOffsetTime(iso: string): [ms: number, offsetMinutes: number] | undefined {
  if (!OFFSET_ISO.test(iso)) return undefined;
  const ms = Date.parse(iso);
  const offsetMinutes = (iso[23] === '-' ? -1 : 1) * (Number(iso.slice(24, 26)) * 60 + Number(iso.slice(27, 29)));
  return Number.isFinite(ms) && formatOffsetTime(ms, offsetMinutes) === iso ? [ms, offsetMinutes] : undefined;
}
type InterestEntry = [key: string, age: number, both: number] | [key: string, age: number, short: number, long: number] | [key: string, shortAge: number | null, short: number | null, longAge: number | null, long: number | null];

const isCanonical = (iso: string, ms: number) => Number.isFinite(ms) && new Date(ms).toISOString() === iso;

export function toWire(state: ProfileState, options: WireOptions = {}): Record<string, unknown> {
  const { uid: _uid, interests, spending, engagement, activity, context, cleaning, lineage, ...rest } = state;
  const updated = Date.parse(lineage.updatedAt);
  const base = isCanonical(lineage.updatedAt, updated) ? updated : 0;
  const age = (ms: number) => base - ms;
  const time = (iso: string): Time => {
    const ms = Date.parse(iso);
    return isCanonical(iso, ms) ? base - ms : iso;
  };
  const optionalTime = (iso: string | undefined) => (iso === undefined ? undefined : time(iso));

  const events: [string, string][] = [];
  const features: Record<string, [number, number]> = {};
  for (const [group, feature] of Object.entries(lineage.features)) {
    let index = events.findIndex(([id, at]) => id === feature.lastEventId && at === feature.lastEventAt);
    if (index === -1) index = events.push([feature.lastEventId, feature.lastEventAt]) - 1;
    features[group] = [feature.events, index];
  }
  const eventTime = (iso: string): Time | OffsetTime => {
    if (!options.offsetTimes) return iso;
    const canonical = time(iso);
    if (typeof canonical === 'number') return canonical;
    const parsed = parseOffsetTime(iso);
    return parsed ? [base - parsed[0], parsed[1]] : iso;
  };
  const digits = options.scoreDigits;
  const score = digits === undefined ? exact : (value: number) => Number(value.toPrecision(digits));
  const sumDigits = options.sumDigits;
  const sum = sumDigits === undefined ? exact : (value: number) => Number(value.toPrecision(sumDigits));
  const { seenEvents: _seen, ...cleaningRest } = cleaning;
  return {
    // First, where the spread of the state's other fields put it before the counters were Maps.
    context: { ...context, devices: Object.fromEntries(context.devices), networks: Object.fromEntries(context.networks) },
    ...rest,
    T: base,
    interests: {
      c: mergeInterests(interests.categoryShort, interests.categoryLong, age, score, options.equalScoresOnce === true),
      b: mergeInterests(interests.brandShort, interests.brandLong, age, score, options.equalScoresOnce === true),
    },
    spending: {
      ...spending,
      ...(sum === exact ? {} : { viewed: roundedSumLog(spending.viewed, sum), carted: roundedSumLog(spending.carted, sum), purchased: roundedSumLog(spending.purchased, sum) }),
      lastPurchaseAt: optionalTime(spending.lastPurchaseAt),
    },
    engagement: { ...engagement, recentSearches: engagement.recentSearches.map(({ q, at }) => [q, time(at)]) },
    activity: { ...activity, eventCounts: Object.fromEntries(activity.eventCounts), weekly: [sum(activity.weekly.v), age(activity.weekly.t)], firstSeenAt: optionalTime(activity.firstSeenAt), lastSeenAt: optionalTime(activity.lastSeenAt) },
    cleaning: {
      ...cleaningRest,
      recentClicks: Object.fromEntries(Array.from(cleaning.recentClicks, ([key, ms]) => [key, age(ms)])),
      recentEventTimes: cleaning.recentEventTimes.map(age),
      botUntil: cleaning.botUntil === undefined ? undefined : age(cleaning.botUntil),
      erasedBefore: cleaning.erasedBefore === undefined ? undefined : age(cleaning.erasedBefore),
    },
    lineage: {
      ...lineage,
      watermarks: Object.fromEntries(Object.entries(lineage.watermarks).map(([shard, sequence]) => [shard, sequence.replace(/^0+(?=\d)/, '')])),
      features,
      E: options.offsetTimes ? events.map(([id, at]) => [id, eventTime(at)]) : events,
      createdAt: time(lineage.createdAt),
      updatedAt: time(lineage.updatedAt),
    },
  };
}

const exact = (value: number) => value;
const roundedSumLog = <T extends { sumLog: number }>(stats: T, sum: (value: number) => number): T => ({ ...stats, sumLog: sum(stats.sumLog) });

function mergeInterests(short: DecayedScores, long: DecayedScores, age: (ms: number) => number, score: (value: number) => number, equalOnce: boolean): InterestEntry[] {
  const entries: InterestEntry[] = [];
  for (const [key, s] of short) {
    const l = long.get(key);
    if (l && l.t === s.t) {
      const [stored, storedLong] = [score(s.v), score(l.v)];
      entries.push(equalOnce && Object.is(stored, storedLong) ? [key, age(s.t), stored] : [key, age(s.t), stored, storedLong]);
    }
    else entries.push([key, age(s.t), score(s.v), l ? age(l.t) : null, l ? score(l.v) : null]);
  }
  for (const [key, l] of long) if (!short.has(key)) entries.push([key, null, null, age(l.t), score(l.v)]);
  return entries;
}

/** Inverts `toWire`; the result is still to be validated (ProfileStateSchema), as anything read from storage. */
export function fromWire(uid: string, wire: unknown, seenEvents: Uint8Array): unknown {
  const { T: base, interests, spending, engagement, activity, cleaning, lineage, ...rest } = wire as WireProfile;
  const at = (age: number) => base - age;
  const time = (value: Time) => (typeof value === 'number' ? new Date(base - value).toISOString() : value);
  const optionalTime = (value: Time | undefined) => (value === undefined ? undefined : time(value));
  // Version 3 writes event times with a client's offset as [age, offset]; version 2 as strings.
  const eventTime = (value: Time | OffsetTime | undefined) => (Array.isArray(value) ? formatOffsetTime(base - value[0], value[1]) : value === undefined ? undefined : time(value));
  const categories = splitInterests(interests.c, at);
  const brands = splitInterests(interests.b, at);
  return {
    ...rest,
    uid,
    interests: { categoryShort: categories.short, categoryLong: categories.long, brandShort: brands.short, brandLong: brands.long },
    spending: { ...spending, lastPurchaseAt: optionalTime(spending.lastPurchaseAt) },
    engagement: { ...engagement, recentSearches: engagement.recentSearches.map(([q, when]) => ({ q, at: time(when) })) },
    activity: { ...activity, weekly: { v: activity.weekly[0], t: at(activity.weekly[1]) }, firstSeenAt: optionalTime(activity.firstSeenAt), lastSeenAt: optionalTime(activity.lastSeenAt) },
    cleaning: {
      ...cleaning,
      seenEvents,
      recentClicks: Object.fromEntries(Object.entries(cleaning.recentClicks).map(([key, age]) => [key, at(age)])),
      recentEventTimes: cleaning.recentEventTimes.map(at),
      botUntil: cleaning.botUntil === undefined ? undefined : at(cleaning.botUntil),
      erasedBefore: cleaning.erasedBefore === undefined ? undefined : at(cleaning.erasedBefore),
    },
    lineage: (({ E: events, ...kept }) => ({
      ...kept,
      watermarks: Object.fromEntries(Object.entries(lineage.watermarks).map(([shard, sequence]) => [shard, padSequence(sequence)])),
      features: Object.fromEntries(
        Object.entries(lineage.features).map(([group, [count, index]]) => [group, { events: count, lastEventId: events[index]?.[0], lastEventAt: eventTime(events[index]?.[1]) }]),
      ),
      createdAt: time(lineage.createdAt),
      updatedAt: time(lineage.updatedAt),
    }))(lineage),
  };
}

function splitInterests(entries: InterestEntry[], at: (age: number) => number): { short: Record<string, Decayed>; long: Record<string, Decayed> } {
  const short: Record<string, Decayed> = {};
  const long: Record<string, Decayed> = {};
  for (const entry of entries) {
    const key = entry[0];
    if (entry.length === 3) {
      short[key] = { v: entry[2], t: at(entry[1]) };
      long[key] = { v: entry[2], t: at(entry[1]) };
      continue;
    }
    if (entry.length === 4) {
      short[key] = { v: entry[2], t: at(entry[1]) };
      long[key] = { v: entry[3], t: at(entry[1]) };
      continue;
    }
    if (entry[1] !== null && entry[2] !== null) short[key] = { v: entry[2], t: at(entry[1]) };
    if (entry[3] !== null && entry[4] !== null) long[key] = { v: entry[4], t: at(entry[3]) };
  }
  return { short, long };
}

/** The wire shape as `toWire` writes it (only what `fromWire` reads; the rest passes through). */
interface WireProfile {
  T: number;
  interests: { c: InterestEntry[]; b: InterestEntry[] };
  spending: Record<string, unknown> & { lastPurchaseAt?: Time };
  engagement: Record<string, unknown> & { recentSearches: [string, Time][] };
  activity: Record<string, unknown> & { weekly: [number, number]; firstSeenAt?: Time; lastSeenAt?: Time };
  cleaning: Record<string, unknown> & { recentClicks: Record<string, number>; recentEventTimes: number[]; botUntil?: number; erasedBefore?: number };
  lineage: Record<string, unknown> & { watermarks: Record<string, string>; features: Record<string, [number, number]>; E: [string, Time | OffsetTime][]; createdAt: Time; updatedAt: Time };
}

/**
 * Version 3 of the codec writes the last batch's sequence numbers against the watermark they nearly
 * always share their digits with: `lastSequence` is left out when it is the watermark of its shard
 * (the batch's highest record was applied, as it is unless the fold was replayed out of order), and
 * `firstSequence` becomes the distance below `lastSequence` as a number when both are canonical
 * decimals and the distance is a safe integer. Two 56-digit decimals were ~40 bytes of a small item.
 */
export function compactLastBatch(wire: Record<string, unknown>): Record<string, unknown> {
  const lineage = wire.lineage as WireProfile['lineage'] & { lastBatch: WireLastBatch };
  const { shardId, firstSequence, lastSequence } = lineage.lastBatch;
  if (typeof firstSequence !== 'string' || typeof lastSequence !== 'string') return wire;
  const compact: WireLastBatch = { ...lineage.lastBatch };
  if (Object.hasOwn(lineage.watermarks, shardId) && lineage.watermarks[shardId] === lastSequence && lastSequence !== '') delete compact.lastSequence;
  if (isCanonicalDecimal(firstSequence) && isCanonicalDecimal(lastSequence)) {
    const distance = BigInt(lastSequence) - BigInt(firstSequence);
    if (distance >= 0n && distance <= BigInt(Number.MAX_SAFE_INTEGER)) compact.firstSequence = Number(distance);
  }
  return { ...wire, lineage: { ...lineage, lastBatch: compact } };
}

/** Inverts `compactLastBatch` (watermarks as `toWire` writes them: without their zero padding). */
export function expandLastBatch(wire: Record<string, unknown>): Record<string, unknown> {
  const lineage = wire.lineage as WireProfile['lineage'] & { lastBatch: WireLastBatch };
  const batch = lineage.lastBatch;
  const lastSequence = batch.lastSequence ?? (Object.hasOwn(lineage.watermarks, batch.shardId) ? lineage.watermarks[batch.shardId] : undefined);
  if (typeof lastSequence !== 'string') throw new Error('corrupt profile body: last batch without a sequence');
  const firstSequence = typeof batch.firstSequence === 'number' ? (BigInt(lastSequence) - BigInt(batch.firstSequence)).toString() : batch.firstSequence;
  return { ...wire, lineage: { ...lineage, lastBatch: { ...batch, firstSequence, lastSequence } } };
}

interface WireLastBatch {
  shardId: string;
  firstSequence: string | number;
  lastSequence?: string;
  [field: string]: unknown;
}

const isCanonicalDecimal = (value: string) => /^(0|[1-9]\d*)$/.test(value);
