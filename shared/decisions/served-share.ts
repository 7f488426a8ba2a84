/**
 * Served share over time: per time bucket, the share of an experiment's logged decisions that went
 * to each arm (and to the holdout). Pure: a function of the decisions it is given.
 */
import type { DecisionLogRecord } from './schemas';

export type ShareBucket = 'hour' | 'day' | 'week';

export interface ServedSharePoint {
  /** Start of the bucket (ISO, UTC; weeks start on Monday). */
  readonly start: string;
  readonly decisions: number;
  /** Share of the bucket's decisions per arm, aligned with `ServedShare.arms`. */
  readonly shares: readonly number[];
  /** Share of the bucket's decisions held out (no arm served). */
  readonly holdoutShare: number;
  /** Share of the bucket's decisions served an arm the experiment no longer has (a revision dropped it). */
  readonly retiredShare: number;
}

export interface ServedShare {
  readonly bucket: ShareBucket;
  /** The experiment's arms, in its order. */
  readonly arms: readonly string[];
  /** How many decisions the series counts. */
  readonly decisions: number;
  /** False when only the latest decisions were read: the oldest bucket may be partial and earlier ones are missing. */
  readonly complete: boolean;
  /** Oldest bucket first. */
  readonly points: readonly ServedSharePoint[];
}

/** Decisions read for the series: the latest this many. */
export const SERVED_SHARE_MAX_DECISIONS = 5_000;
/** The finest bucket that keeps the series at most this long. */
export const SERVED_SHARE_MAX_POINTS = 200;

const BUCKET_MS: Record<ShareBucket, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };
/** 1970-01-05 was a Monday: weeks are counted from it. */
const MONDAY_EPOCH_MS = 4 * 86_400_000;

/**
 * The served share per bucket of the given decisions. The bucket is the finest of hour, day and week
 * whose series spans at most SERVED_SHARE_MAX_POINTS buckets; when even weeks do not, only the newest
 * SERVED_SHARE_MAX_POINTS weeks are kept and the series is marked incomplete. Empty buckets are left
 * out (a gap, not a zero share).
 */
export function servedShare(records: readonly Pick<DecisionLogRecord, 'at' | 'chosenArmId' | 'holdout'>[], experimentArms: readonly string[], truncated: boolean): ServedShare {
  const times = records.map((r) => Date.parse(r.at)).filter(Number.isFinite);
  const newest = times.length > 0 ? Math.max(...times) : 0;
  const oldest = times.length > 0 ? Math.min(...times) : 0;
  const bucketStart = (bucket: ShareBucket, at: number): number => {
    const offset = bucket === 'week' ? MONDAY_EPOCH_MS : 0;
    return Math.floor((at - offset) / BUCKET_MS[bucket]) * BUCKET_MS[bucket] + offset;
  };
  const span = (bucket: ShareBucket): number => (bucketStart(bucket, newest) - bucketStart(bucket, oldest)) / BUCKET_MS[bucket] + 1;
  const bucket: ShareBucket = (['hour', 'day'] as const).find((b) => span(b) <= SERVED_SHARE_MAX_POINTS) ?? 'week';
  const firstKept = bucketStart(bucket, newest) - (SERVED_SHARE_MAX_POINTS - 1) * BUCKET_MS[bucket];
  const arms = [...experimentArms];
  const armIndex = new Map(arms.map((arm, i) => [arm, i]));
  const counts = new Map<number, { decisions: number; perArm: number[]; holdout: number; retired: number }>();
  let counted = 0;
  let dropped = false;
  for (const record of records) {
    const at = Date.parse(record.at);
    if (!Number.isFinite(at)) continue;
    const start = bucketStart(bucket, at);
    if (start < firstKept) {
      dropped = true;
      continue;
    }
    const tally = counts.get(start) ?? { decisions: 0, perArm: [], holdout: 0, retired: 0 };
    tally.decisions += 1;
    counted += 1;
    if (record.holdout || record.chosenArmId === null) tally.holdout += 1;
    else {
      const index = armIndex.get(record.chosenArmId);
      if (index === undefined) tally.retired += 1;
      else tally.perArm[index] = (tally.perArm[index] ?? 0) + 1;
    }
    counts.set(start, tally);
  }
  const points = [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, tally]) => ({
      start: new Date(start).toISOString(),
      decisions: tally.decisions,
      shares: arms.map((_arm, i) => (tally.perArm[i] ?? 0) / tally.decisions),
      holdoutShare: tally.holdout / tally.decisions,
      retiredShare: tally.retired / tally.decisions,
    }));
  return { bucket, arms, decisions: counted, complete: !truncated && !dropped, points };
}
