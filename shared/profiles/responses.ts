import { z } from 'zod';
import { describing } from '../http/response-schema';
import type { IngestResult } from './ingest';
import { LineageSchema } from './state';
import { SPENDING_TIERS, type ProfileView } from './view';

/** `POST /v1/events` → 202 (and the `details` of its 503): what was accepted, rejected (fix) and failed (resend). */
export const IngestResultSchema = describing<IngestResult>()(
  z
    .object({
      accepted: z.number().int().nonnegative(),
      rejected: z.array(z.object({ index: z.number().int().nonnegative(), eventId: z.string().optional(), errors: z.array(z.string()) })),
      failed: z.array(z.object({ index: z.number().int().nonnegative(), eventId: z.string(), errorCode: z.string() })),
    })
    .meta({ id: 'IngestResult' }),
);

const RankedInterests = z.array(z.object({ key: z.string(), score: z.number() }));
const Counts = z.record(z.string(), z.number());
const EffectivePurposeSchema = z.object({
  status: z.enum(['granted', 'refused']),
  basis: z.enum(['explicit', 'default']),
  at: z.string().optional(),
  source: z.string().optional(),
  noticeVersion: z.string().optional(),
});

/** `GET /v1/profiles/{userId}` → 200: the profile decayed to the moment of the read. */
export const ProfileViewSchema = describing<ProfileView & { consent?: { profiling: z.input<typeof EffectivePurposeSchema> } }>()(
  z
    .object({
      userId: z.string().meta({ description: 'The pseudonym: HMAC-SHA256 of the canonical user id, never the raw id' }),
      asOf: z.iso.datetime(),
      interests: z.object({
        shortTerm: z.object({ categories: RankedInterests, brands: RankedInterests, halfLifeHours: z.number() }),
        longTerm: z.object({ categories: RankedInterests, brands: RankedInterests, halfLifeDays: z.number() }),
      }),
      spending: z.object({
        tier: z.enum(SPENDING_TIERS),
        typicalPrice: z.number().optional(),
        averageViewedPrice: z.number().optional(),
        averageCartPrice: z.number().optional(),
        averagePurchasePrice: z.number().optional(),
        maxPurchasePrice: z.number().optional(),
        orders: z.number().int(),
        totals: Counts,
        lastPurchaseAt: z.string().optional(),
      }),
      engagement: z.object({
        averageDwellMs: z.number().optional(),
        videosStarted: z.number().int(),
        videosCompleted: z.number().int(),
        videoCompletionRate: z.number().optional(),
        likes: z.number().int(),
        comments: z.number().int(),
        shares: z.number().int(),
        searches: z.number().int(),
        recentSearches: z.array(z.object({ q: z.string(), at: z.string() })),
        adImpressions: z.number().int(),
        adClicks: z.number().int(),
      }),
      activity: z.object({
        firstSeenAt: z.string().optional(),
        lastSeenAt: z.string().optional(),
        daysSinceLastSeen: z.number().optional(),
        weeklyFrequency: z.number(),
        activeDaysLast30: z.number().int(),
        eventCounts: Counts,
      }),
      context: z.object({ devices: Counts, networks: Counts, hourOfDay: z.array(z.number()) }),
      segments: z.array(z.string()),
      lineage: LineageSchema,
      consent: z.object({ profiling: EffectivePurposeSchema }).optional(),
    })
    .meta({ id: 'Profile' }),
);
