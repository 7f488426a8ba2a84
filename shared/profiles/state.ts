import { z } from 'zod';
import { ConsentChangeSchema } from '../stream/records';
import type { Decayed } from './decay';
import { EVENT_TYPES, type EventType } from './events';

/**
 * The per-user state the feature updater keeps in one DynamoDB item. Everything a profile read needs
 * is here, plus the cleaning memory (seen event ids, recent clicks, event rate) and the lineage that
 * makes redelivery idempotent (per-shard sequence watermarks).
 */

const DecayedSchema = z.object({ v: z.number(), t: z.number() });
const DecayedMap = z.record(z.string(), DecayedSchema);
const Counter = z.record(z.string(), z.number());

const PriceStats = z.object({
  /** Number of prices seen. */
  n: z.number(),
  /** Sum of ln(1 + price): the geometric mean is robust to one luxury outlier. */
  sumLog: z.number(),
  max: z.number(),
});

/** `consent-refused`: the user refused profiling (explicitly, or by the opt-in regime's default). */
export const DROP_RULES = ['duplicate-event', 'duplicate-click', 'bot-user-agent', 'bot-rate', 'erased-user', 'consent-refused'] as const;
export type DropRule = (typeof DROP_RULES)[number];

export const FEATURE_GROUPS = ['interests', 'spending', 'engagement', 'activity', 'context'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

const FeatureLineage = z.object({ events: z.number(), lastEventId: z.string(), lastEventAt: z.string() });

export const LineageSchema = z.object({
  pipelineVersion: z.string(),
  stream: z.string(),
  /** shardId → highest applied sequence number, zero-padded so string order is numeric order. */
  watermarks: z.record(z.string(), z.string()),
  eventsApplied: z.number(),
  dropped: z.partialRecord(z.enum(DROP_RULES), z.number()),
  lastBatch: z.object({
    shardId: z.string(),
    firstSequence: z.string(),
    lastSequence: z.string(),
    applied: z.number(),
    dropped: z.number(),
  }),
  /** Which events last fed each feature group, and how many have in total. */
  features: z.partialRecord(z.enum(FEATURE_GROUPS), FeatureLineage),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Lineage = z.infer<typeof LineageSchema>;

/** What became of an identify link on the user's side (see identity.ts). */
export const LINK_OUTCOMES = ['merged', 'consent-refused', 'claimed-by-other-user'] as const;
export type LinkOutcome = (typeof LINK_OUTCOMES)[number];

/** One anonymous visitor linked to the user: the user profile's lineage of merged anonymous history. */
export const LinkedAnonymousSchema = z.object({
  /** The anonymous visitor's pseudonym (the profile item that was merged). */
  anonymousUid: z.string(),
  linkId: z.string(),
  linkedAt: z.string(),
  /** When the feature updater applied the link (the identify record's arrival). */
  mergedAt: z.string(),
  pipelineVersion: z.string(),
  outcome: z.enum(LINK_OUTCOMES),
  /** Events of the anonymous profile folded into this one by the merge. */
  events: z.number(),
});
export type LinkedAnonymous = z.infer<typeof LinkedAnonymousSchema>;

/**
 * Identity stitching (identity.ts). On a user's profile: the anonymous visitors merged into it,
 * which makes a merge happen once. On an anonymous visitor's profile: the user it now belongs to, so
 * its later events are forwarded there.
 */
export const IdentitySchema = z.object({
  linked: z.array(LinkedAnonymousSchema).optional(),
  /** Links refused because `linked` was full. */
  overLimit: z.number().optional(),
  mergedInto: z.object({ uid: z.string(), linkId: z.string(), at: z.string() }).optional(),
});
export type Identity = z.infer<typeof IdentitySchema>;

export const ProfileStateSchema = z.object({
  uid: z.string(),
  interests: z.object({
    categoryShort: DecayedMap,
    categoryLong: DecayedMap,
    brandShort: DecayedMap,
    brandLong: DecayedMap,
  }),
  spending: z.object({
    viewed: PriceStats,
    carted: PriceStats,
    purchased: PriceStats,
    orders: z.number(),
    /** Purchase totals per ISO currency, in major units. */
    totals: Counter,
    lastPurchaseAt: z.string().optional(),
  }),
  engagement: z.object({
    dwellMs: z.number(),
    dwellViews: z.number(),
    /** Furthest progress of the most recently watched videos, most recent last. */
    videos: z.array(z.object({ id: z.string(), progress: z.number() })),
    videosStarted: z.number(),
    videosCompleted: z.number(),
    likes: z.number(),
    comments: z.number(),
    shares: z.number(),
    searches: z.number(),
    /** Most recent first, redacted at the edge, lower-cased. */
    recentSearches: z.array(z.object({ q: z.string(), at: z.string() })),
    adImpressions: z.number(),
    adClicks: z.number(),
  }),
  activity: z.object({
    /** Unset until an event is applied (a profile may only record drops). */
    firstSeenAt: z.string().optional(),
    lastSeenAt: z.string().optional(),
    /** Decayed event count with a one-week half-life: frequency. */
    weekly: DecayedSchema,
    eventCounts: z.partialRecord(z.enum(EVENT_TYPES), z.number()),
    /** Distinct UTC days with activity, most recent last, at most 30. */
    activeDays: z.array(z.string()),
  }),
  context: z.object({
    devices: Counter,
    networks: Counter,
    /** Events per local hour of day (the event timestamp's own offset). */
    hourOfDay: z.array(z.number()).length(24),
  }),
  cleaning: z.object({
    /** Packed fingerprints of applied event ids (see fingerprints.ts). */
    seenEvents: z.instanceof(Uint8Array),
    /** `${type}:${itemKey}` → epoch ms of the last counted click. */
    recentClicks: z.record(z.string(), z.number()),
    /** Epoch ms of the most recent events, for the rate rule. */
    recentEventTimes: z.array(z.number()),
    botUntil: z.number().optional(),
    /** Epoch ms of an earlier erasure: events received before it are never applied. */
    erasedBefore: z.number().optional(),
  }),
  lineage: LineageSchema,
  /**
   * The last consent change applied from the stream (absent: none yet, the deployment's regime decides).
   * With profiling refused the features above stay empty and events count as `consent-refused` drops.
   */
  consent: ConsentChangeSchema.optional(),
  /** Absent until an identify link touches the profile. */
  identity: IdentitySchema.optional(),
});
/** A profile as stored and validated on read: every keyed map a plain object (the codec's input and output). */
export type StoredProfileState = z.infer<typeof ProfileStateSchema>;

/** Interest scores by interest key (`interestKey`), in the order the keys were first added. */
export type DecayedScores = Map<string, Decayed>;

/**
 * A profile in memory: the stored form, with the maps the fold adds keys to held as `Map`s (interest
 * scores, event, device and network counts, recent clicks). As plain objects their keys differ from
 * user to user, so each bump of an interest, count or lookup of a recent click was a megamorphic
 * keyed access, and each new key a new hidden class. Converted at the store boundary only
 * (`profileFromStored`, `profileToStored`: the codec, the plain-item reader) and in the API's view.
 */
export type ProfileState = Omit<StoredProfileState, 'interests' | 'activity' | 'context' | 'cleaning' | 'lineage'> & {
  interests: { categoryShort: DecayedScores; categoryLong: DecayedScores; brandShort: DecayedScores; brandLong: DecayedScores };
  activity: Omit<StoredProfileState['activity'], 'eventCounts'> & { eventCounts: Map<EventType, number> };
  context: Omit<StoredProfileState['context'], 'devices' | 'networks'> & { devices: Map<string, number>; networks: Map<string, number> };
  cleaning: Omit<StoredProfileState['cleaning'], 'recentClicks'> & {
    /** `${type}:${itemKey}` → epoch ms of the last counted click. */
    recentClicks: Map<string, number>;
  };
  /**
   * `watermarks` hold each shard's sequence number as Kinesis writes it, without the zero padding of
   * the stored form (`padSequence`): the fold compares them as numbers (`sequenceAtOrBelow`), and padding
   * each one to 128 characters per user and batch, then finding its digits again on the next read, was
   * a visible share of the fold's time and garbage.
   */
  lineage: StoredProfileState['lineage'];
};

const mapOf = <K extends string, V>(record: Readonly<Partial<Record<K, V>>>): Map<K, V> => {
  const map = new Map<K, V>();
  // for…in, not Object.entries: no pair per key. A validated record has own keys only, in stored order.
  for (const key in record) map.set(key, record[key]!);
  return map;
};

/** A copy of a string record with each value mapped (`Object.fromEntries`: a `__proto__` shard id stays an own key). */
const mapValues = (record: Readonly<Record<string, string>>, map: (value: string) => string): Record<string, string> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));

/** The in-memory form of a validated stored profile: keys keep their stored order. */
export function profileFromStored(stored: StoredProfileState): ProfileState {
  const { categoryShort, categoryLong, brandShort, brandLong } = stored.interests;
  return {
    ...stored,
    interests: { categoryShort: mapOf(categoryShort), categoryLong: mapOf(categoryLong), brandShort: mapOf(brandShort), brandLong: mapOf(brandLong) },
    activity: { ...stored.activity, eventCounts: mapOf(stored.activity.eventCounts) },
    context: { ...stored.context, devices: mapOf(stored.context.devices), networks: mapOf(stored.context.networks) },
    cleaning: { ...stored.cleaning, recentClicks: mapOf(stored.cleaning.recentClicks) },
    lineage: { ...stored.lineage, watermarks: mapValues(stored.lineage.watermarks, unpadSequence) },
  };
}

/** The stored form of a profile (plain objects, keys in the maps' order); shares everything else with `state`. */
export function profileToStored(state: ProfileState): StoredProfileState {
  const { categoryShort, categoryLong, brandShort, brandLong } = state.interests;
  // Object.fromEntries defines each key as an own property, so a key such as `__proto__` stays data.
  return {
    ...state,
    interests: { categoryShort: Object.fromEntries(categoryShort), categoryLong: Object.fromEntries(categoryLong), brandShort: Object.fromEntries(brandShort), brandLong: Object.fromEntries(brandLong) },
    activity: { ...state.activity, eventCounts: Object.fromEntries(state.activity.eventCounts) },
    context: { ...state.context, devices: Object.fromEntries(state.context.devices), networks: Object.fromEntries(state.context.networks) },
    cleaning: { ...state.cleaning, recentClicks: Object.fromEntries(state.cleaning.recentClicks) },
    lineage: { ...state.lineage, watermarks: mapValues(state.lineage.watermarks, padSequence) },
  };
}

/**
 * `ProfileStateSchema` as zod compiles it (`z.compile`): every stored profile is validated on every
 * read, and the runtime parser was a fifth of the codec's decode. Same schema, same output; a state
 * the compiled parser rejects goes to the runtime parser, so a corrupt item fails with zod's reason
 * (test/profiles/codec.test.ts).
 */
export const CompiledProfileStateSchema = z.compile(ProfileStateSchema);

/** What stays after an erasure: only the cut-off, so events already in flight are not re-applied. */
export const TombstoneSchema = z.object({ uid: z.string(), erasedAt: z.string() });
export type Tombstone = z.infer<typeof TombstoneSchema>;

/** Sequence numbers are decimal strings up to 128 digits: compare them padded to a fixed width. */
export const padSequence = (sequence: string): string => sequence.padStart(128, '0');

/** A sequence number without its zero padding, at least one digit kept (`'000'` → `'0'`). */
export const unpadSequence = (sequence: string): string => (sequence.length > 1 && sequence.charCodeAt(0) === 48 ? sequence.replace(/^0+(?=\d)/, '') : sequence);

/**
 * Whether `sequence` is at or below `watermark`, both decimal strings: compared as numbers, by their
 * significant digits' count first, then as strings. Either may carry leading zeros.
 */
export function sequenceAtOrBelow(sequence: string, watermark: string): boolean {
  const a = unpadSequence(sequence);
  const b = unpadSequence(watermark);
  return a.length < b.length || (a.length === b.length && a <= b);
}

const NO_FINGERPRINTS = new Uint8Array();

/**
 * A deep copy of a stored profile or tombstone. `structuredClone` copies the whole buffer under a typed
 * array; the packed fingerprints may be a view into a shared slab (fingerprints.ts), so they are
 * copied at their own size instead: the same bytes, and no 8 KB per copy.
 */
export function cloneState<T extends ProfileState | Tombstone>(value: T): T {
  if (!('cleaning' in value)) return structuredClone(value);
  const state = value as ProfileState;
  const cleaning = state.cleaning;
  const seen = cleaning.seenEvents;
  cleaning.seenEvents = NO_FINGERPRINTS;
  try {
    const copy = structuredClone(state);
    copy.cleaning.seenEvents = seen.slice();
    return copy as T;
  } finally {
    cleaning.seenEvents = seen;
  }
}
