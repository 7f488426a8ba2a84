import { z } from 'zod';
import { rankDecayed, valueAt, type Decayed } from './decay';
import { interestKey } from './placeholders';
import { SubjectKindSchema } from '../privacy/user-id';
import { halfLives, type PipelineSettings } from './settings';
import type { ProfileState } from './state';

/**
 * The profile as the API returns it: every score decayed to the moment of the read, ranked interests,
 * a spending-power tier and rule-based segments, with the lineage that produced it. Internal cleaning
 * memory (event fingerprints, click and rate windows) is not exposed.
 */

/** The query of `DELETE /v1/profiles/{id}`: whom the id names. */
export const SubjectQuerySchema = z.object({ subject: SubjectKindSchema });

export const ProfileQuerySchema = SubjectQuerySchema.extend({
  /** How many interests to return per ranking. */
  k: z.coerce.number().int().min(1).max(50).default(5),
});

export const SPENDING_TIERS = ['unknown', 'budget', 'mid', 'upper', 'premium'] as const;

/** Geometric-mean price boundaries (major units) between tiers; CDK can override them per market. */
export const DEFAULT_TIER_BOUNDS = { mid: 50, upper: 200, premium: 800 };

export interface RankedInterest {
  key: string;
  score: number;
}

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

/** The k strongest interests, ranked on exact scores (see rankDecayed) and rounded only for display. */
export function topK(map: ReadonlyMap<string, Decayed>, k: number, now: number, halfLifeMs: number): RankedInterest[] {
  return rankDecayed(map, now, halfLifeMs)
    .filter((entry) => round(entry.value) > 0 && interestKey(entry.key) !== undefined)
    .slice(0, k)
    .map(({ key, value }) => ({ key, score: round(value) }));
}

const geometricMean = (stats: { n: number; sumLog: number }) => (stats.n === 0 ? undefined : Math.expm1(stats.sumLog / stats.n));

/** Purchases say more about spending power than browsing: they weigh three times a view. */
export function spendingTier(state: ProfileState, bounds = DEFAULT_TIER_BOUNDS): { tier: (typeof SPENDING_TIERS)[number]; typicalPrice?: number } {
  const { viewed, carted, purchased } = state.spending;
  const weight = viewed.n + 2 * carted.n + 3 * purchased.n;
  if (weight === 0) return { tier: 'unknown' };
  const typicalPrice = Math.expm1((viewed.sumLog + 2 * carted.sumLog + 3 * purchased.sumLog) / weight);
  const tier = typicalPrice >= bounds.premium ? 'premium' : typicalPrice >= bounds.upper ? 'upper' : typicalPrice >= bounds.mid ? 'mid' : 'budget';
  return { tier, typicalPrice: round(typicalPrice, 2) };
}

const DAY = 86_400_000;

/** Rule-based audience segments; the copy workflow targets the same names. */
export function segmentsOf(state: ProfileState, now: number, settings: PipelineSettings): string[] {
  const segments: string[] = [];
  const { activity, spending, engagement } = state;
  if (!activity.firstSeenAt || !activity.lastSeenAt) return segments;
  const sinceFirst = now - Date.parse(activity.firstSeenAt);
  const sinceLast = now - Date.parse(activity.lastSeenAt);
  const weekly = valueAt(activity.weekly, now, halfLives(settings).activityMs);
  if (sinceFirst < 7 * DAY) segments.push('new-user');
  if (sinceLast > 30 * DAY) segments.push('lapsed');
  else if (weekly >= 20) segments.push('highly-active');
  if (spending.orders >= 3) segments.push('loyal-buyer');
  const lastPurchase = spending.lastPurchaseAt ? Date.parse(spending.lastPurchaseAt) : 0;
  if ((activity.eventCounts.get('add_to_cart') ?? 0) > 0 && sinceLast < 7 * DAY && lastPurchase < now - 7 * DAY) segments.push('cart-abandoner');
  const tier = spendingTier(state).tier;
  if (tier === 'premium' || tier === 'upper') segments.push('high-spender');
  if (tier === 'budget') segments.push('price-sensitive');
  if (engagement.videosStarted >= 3 && engagement.videosCompleted / engagement.videosStarted >= 0.5) segments.push('video-engaged');
  if (engagement.likes + engagement.comments + engagement.shares >= 5) segments.push('social-engager');
  if (engagement.adClicks >= 3 && engagement.adClicks / Math.max(engagement.adImpressions, 1) >= 0.05) segments.push('ad-responsive');
  return segments;
}

export function profileView(state: ProfileState, now: number, k: number, settings: PipelineSettings) {
  const { shortMs, longMs, activityMs } = halfLives(settings);
  const { engagement, spending, activity, context } = state;
  const { tier, typicalPrice } = spendingTier(state);
  const average = (stats: { n: number; sumLog: number }) => {
    const mean = geometricMean(stats);
    return mean === undefined ? undefined : round(mean, 2);
  };
  return {
    userId: state.uid,
    asOf: new Date(now).toISOString(),
    interests: {
      shortTerm: { categories: topK(state.interests.categoryShort, k, now, shortMs), brands: topK(state.interests.brandShort, k, now, shortMs), halfLifeHours: settings.shortTermHalfLifeHours },
      longTerm: { categories: topK(state.interests.categoryLong, k, now, longMs), brands: topK(state.interests.brandLong, k, now, longMs), halfLifeDays: settings.longTermHalfLifeDays },
    },
    spending: {
      tier,
      typicalPrice,
      averageViewedPrice: average(spending.viewed),
      averageCartPrice: average(spending.carted),
      averagePurchasePrice: average(spending.purchased),
      maxPurchasePrice: spending.purchased.n ? spending.purchased.max : undefined,
      orders: spending.orders,
      totals: spending.totals,
      lastPurchaseAt: spending.lastPurchaseAt,
    },
    engagement: {
      averageDwellMs: engagement.dwellViews ? Math.round(engagement.dwellMs / engagement.dwellViews) : undefined,
      videosStarted: engagement.videosStarted,
      videosCompleted: engagement.videosCompleted,
      videoCompletionRate: engagement.videosStarted ? round(engagement.videosCompleted / engagement.videosStarted) : undefined,
      likes: engagement.likes,
      comments: engagement.comments,
      shares: engagement.shares,
      searches: engagement.searches,
      recentSearches: engagement.recentSearches,
      adImpressions: engagement.adImpressions,
      adClicks: engagement.adClicks,
    },
    activity: {
      firstSeenAt: activity.firstSeenAt,
      lastSeenAt: activity.lastSeenAt,
      daysSinceLastSeen: activity.lastSeenAt ? round((now - Date.parse(activity.lastSeenAt)) / DAY, 2) : undefined,
      weeklyFrequency: round(valueAt(activity.weekly, now, activityMs), 2),
      activeDaysLast30: activity.activeDays.filter((day) => Date.parse(day) >= now - 30 * DAY).length,
      eventCounts: Object.fromEntries(activity.eventCounts),
    },
    context: { devices: Object.fromEntries(context.devices), networks: Object.fromEntries(context.networks), hourOfDay: context.hourOfDay },
    segments: segmentsOf(state, now, settings),
    lineage: {
      ...state.lineage,
      watermarks: Object.fromEntries(Object.entries(state.lineage.watermarks).map(([shard, sequence]) => [shard, sequence.replace(/^0+(?=\d)/, '')])),
      /** Anonymous histories merged in by identity stitching: pseudonym, link id, when, pipeline version. */
      ...(state.identity?.linked ? { linkedAnonymous: state.identity.linked } : {}),
      ...(state.identity?.overLimit ? { linksOverLimit: state.identity.overLimit } : {}),
    },
  };
}
export type ProfileView = ReturnType<typeof profileView>;
