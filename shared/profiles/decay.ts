/**
 * A time-decayed score stored as (value, asOf). Reading it at time `now` is exact:
 * value · 2^(−(now − asOf)/halfLife). Adding an event costs O(1) and keeps asOf at the newest event,
 * so values never overflow and out-of-order events (older than asOf) are discounted to asOf instead.
 */
export interface Decayed {
  /** Score as of `t`. */
  v: number;
  /** Epoch milliseconds the score is expressed at. */
  t: number;
}

export function decayFactor(elapsedMs: number, halfLifeMs: number): number {
  return Math.pow(2, -elapsedMs / halfLifeMs);
}

export function addDecayed(score: Decayed | undefined, weight: number, at: number, halfLifeMs: number): Decayed {
  if (!score) return { v: weight, t: at };
  if (at >= score.t) return { v: score.v * decayFactor(at - score.t, halfLifeMs) + weight, t: at };
  return { v: score.v + weight * decayFactor(score.t - at, halfLifeMs), t: score.t };
}

export function valueAt(score: Decayed, now: number, halfLifeMs: number): number {
  return score.v * decayFactor(now - score.t, halfLifeMs);
}

/** Keeps the `max` entries with the largest value at `now`, so a profile item stays small. */
export function pruneDecayedMap(map: Record<string, Decayed>, max: number, now: number, halfLifeMs: number): Record<string, Decayed> {
  const keys = Object.keys(map);
  if (keys.length <= max) return map;
  const kept = keys
    .map((key) => [key, valueAt(map[key]!, now, halfLifeMs)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, max);
  return Object.fromEntries(kept.map(([key]) => [key, map[key]!]));
}
