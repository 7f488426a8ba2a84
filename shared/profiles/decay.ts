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

/** `addDecayed` for a score the caller owns: no allocation on the fold's hottest path. */
export function addDecayedInPlace(score: Decayed, weight: number, at: number, halfLifeMs: number): void {
  if (at >= score.t) {
    score.v = score.v * decayFactor(at - score.t, halfLifeMs) + weight;
    score.t = at;
  } else score.v += weight * decayFactor(score.t - at, halfLifeMs);
}

export function valueAt(score: Decayed, now: number, halfLifeMs: number): number {
  return score.v * decayFactor(now - score.t, halfLifeMs);
}

/**
 * The keys of `map` from strongest to weakest at `now`, on exact decayed values: equal values go to
 * the more recent score, then by key so the order is total. Rounding first would tie scores of
 * events minutes apart under a 30-day half-life and let the alphabet pick the winner.
 */
export function rankDecayed(map: ReadonlyMap<string, Decayed>, now: number, halfLifeMs: number): { key: string; value: number }[] {
  const ranked: { key: string; value: number; at: number }[] = [];
  for (const [key, score] of map) ranked.push({ key, value: valueAt(score, now, halfLifeMs), at: score.t });
  return ranked
    .sort((a, b) => b.value - a.value || b.at - a.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ key, value }) => ({ key, value }));
}

/** Keeps the `max` entries with the largest value at `now`, strongest first, so a profile item stays small. */
export function pruneDecayedMap(map: Map<string, Decayed>, max: number, now: number, halfLifeMs: number): Map<string, Decayed> {
  if (map.size <= max) return map;
  return new Map(rankDecayed(map, now, halfLifeMs).slice(0, max).map(({ key }) => [key, map.get(key)!]));
}
