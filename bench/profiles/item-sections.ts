/**
 * Where the bytes of a stored profile go, section by section, for the cost benchmark's table of
 * items over 1 KB. A section's share of the DEFLATEd body is measured as what the body shrinks by
 * when the section is emptied (its marginal bytes: the parts compress against each other, so the
 * shares need not add up to the body; what is left is reported as shared). Fingerprints are stored
 * outside DEFLATE, so theirs are their exact bytes.
 */
import type { ProfileState } from '../../shared/profiles/state';

export const SECTIONS = ['fingerprints', 'category interests: keys', 'category interests: scores and times', 'brand interests', 'lineage', 'engagement', 'cleaning memory (clicks, rate)', 'activity', 'spending', 'context'] as const;
export type Section = (typeof SECTIONS)[number];


const emptyInterests = (state: ProfileState, keep: 'c' | 'b') => ({
  categoryShort: keep === 'c' ? state.interests.categoryShort : new Map(),
  categoryLong: keep === 'c' ? state.interests.categoryLong : new Map(),
  brandShort: keep === 'b' ? state.interests.brandShort : new Map(),
  brandLong: keep === 'b' ? state.interests.brandLong : new Map(),
});
const flatScores = (map: ProfileState['interests']['categoryShort'], t: number) => new Map(Array.from(map.keys(), (key) => [key, { v: 1, t }]));

/** Marginal bytes of each section in one stored item. */
export function sectionBytes(state: ProfileState, encode: (state: ProfileState) => Uint8Array): { total: number; sections: Record<Section, number> } {
  const size = (variant: ProfileState) => encode(variant).byteLength;
  const full = size(state);
  const t = Date.parse(state.lineage.updatedAt);
  const without = (variant: ProfileState) => Math.max(0, full - size(variant));
  const { engagement, activity, spending, cleaning, lineage } = state;
  const sections: Record<Section, number> = {
    fingerprints: without({ ...state, cleaning: { ...state.cleaning, seenEvents: new Uint8Array() } }),
    'category interests: keys': without({ ...state, interests: emptyInterests(state, 'b') }) - without({ ...state, interests: { ...state.interests, categoryShort: flatScores(state.interests.categoryShort, t), categoryLong: flatScores(state.interests.categoryLong, t) } }),
    'category interests: scores and times': without({ ...state, interests: { ...state.interests, categoryShort: flatScores(state.interests.categoryShort, t), categoryLong: flatScores(state.interests.categoryLong, t) } }),
    'brand interests': without({ ...state, interests: emptyInterests(state, 'c') }),
    lineage: without({ ...state, lineage: { ...lineage, watermarks: {}, dropped: {}, features: {}, lastBatch: { shardId: '', firstSequence: '', lastSequence: '', applied: 0, dropped: 0 }, eventsApplied: 0, pipelineVersion: '', stream: '', createdAt: lineage.updatedAt } }),
    engagement: without({ ...state, engagement: { ...engagement, videos: [], recentSearches: [], dwellMs: 0, dwellViews: 0, videosStarted: 0, videosCompleted: 0, likes: 0, comments: 0, shares: 0, searches: 0, adImpressions: 0, adClicks: 0 } }),
    'cleaning memory (clicks, rate)': without({ ...state, cleaning: { ...cleaning, recentClicks: new Map(), recentEventTimes: [] } }),
    activity: without({ ...state, activity: { ...activity, eventCounts: new Map(), activeDays: [], weekly: { v: 0, t } } }),
    spending: without({ ...state, spending: { ...spending, viewed: { n: 0, sumLog: 0, max: 0 }, carted: { n: 0, sumLog: 0, max: 0 }, purchased: { n: 0, sumLog: 0, max: 0 }, orders: 0, totals: {} } }),
    context: without({ ...state, context: { devices: new Map(), networks: new Map(), hourOfDay: new Array<number>(24).fill(0) } }),
  };
  return { total: full, sections };
}
