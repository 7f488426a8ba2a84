import { STANDARD_PROFILE, normalisedScore, optimiseThreshold, sweepFile } from '../../bench/budget/nab-scorer';
import {
  DEFAULT_ANOMALY_OPTIONS,
  NAB_VOTE_MEMBERS,
  anomalyOptionsForPeriods,
  isAnomalous,
  neighbourOutliers,
  pValueOfScore,
  scoreLatest,
  scoreSeries,
  voteAlertScores,
  type SeriesPoint,
} from '../../shared/budget/anomaly';
import { createRng } from '../../shared/budget/random';
import { epochMs, loadNabFixture } from './nab-fixture';

const HOUR_MS = 3_600_000;

/** Hourly data with a strong daily cycle and 5% noise. */
function dailyCycle(hours: number, seed = 1): SeriesPoint[] {
  const rng = createRng(seed);
  return Array.from({ length: hours }, (_v, h) => ({
    at: Date.parse('2025-03-03T00:00:00Z') + h * HOUR_MS,
    value: 100 + 60 * Math.sin((2 * Math.PI * (h % 24)) / 24) + 5 * rng.normal(),
  }));
}

const options = anomalyOptionsForPeriods(HOUR_MS, 24);

describe('anomaly scores', () => {

  it('learns the daily cycle: its peaks and troughs are not anomalies', () => {
    const scores = scoreSeries(dailyCycle(24 * 21), options).slice(24 * 7);
    const flagged = scores.filter((s) => isAnomalous(s.score, 0.3)).length;
    expect(flagged / scores.length).toBeLessThan(0.01);
    expect(scores.every((s) => s.score >= 0 && s.score < 1)).toBe(true);
  });

  it('flags a spike that would be ordinary at another hour, and a second one after the first', () => {
    const series = dailyCycle(24 * 21);
    // 04:00 is the cycle's low (≈ 40); 160 is the normal 10:00 level but absurd at 04:00.
    const spikeAt = (day: number): number => day * 24 + 4 + 12;
    const spiked = series.map((p, i) => (i === spikeAt(14) || i === spikeAt(18) ? { ...p, value: 160 } : p));
    const scores = scoreSeries(spiked, options);
    expect(scores[spikeAt(14)]?.score).toBeGreaterThan(0.7);
    expect(scores[spikeAt(18)]?.score).toBeGreaterThan(0.5);
    expect(scores[spikeAt(14)]?.z).toBeGreaterThan(5);
  });

  it('keeps flagging a sustained shift (a tracking outage), not just its first point', () => {
    const series = dailyCycle(24 * 21).map((p, i) => (i >= 24 * 18 ? { ...p, value: p.value * 0.3 } : p));
    const scores = scoreSeries(series, options);
    expect(scores.slice(24 * 18, 24 * 18 + 12).every((s) => isAnomalous(s.score, 0.3))).toBe(true);
    // Paging is deduplicated: one incident, one page. Within dedupeWindow of a score ≥ 0.5 every alert
    // is halved; elsewhere a repeat is halved unless rising.
    scores.forEach((s, i) => {
      const recentMax = Math.max(0, ...scores.slice(Math.max(0, i - options.dedupeWindow), i).map((r) => r.score));
      expect(s.alertScore).toBe(recentMax >= 0.5 || s.score <= recentMax ? s.score / 2 : s.score);
    });
    // The outage pages at most once in its first day, though it is flagged throughout.
    const pages = scores.slice(24 * 18, 24 * 18 + options.dedupeWindow).filter((s) => s.alertScore >= 0.5);
    expect(pages.length).toBeLessThanOrEqual(1);
    expect(scores.slice(24 * 18).some((s) => s.alertScore < s.score)).toBe(true);
  });

  it('scores the latest point exactly as the batch does', () => {
    const series = dailyCycle(24 * 10, 4);
    const history = series.slice(0, -1);
    const latest = series[series.length - 1] as SeriesPoint;
    expect(scoreLatest(history, latest, options)).toEqual(scoreSeries(series, options)[series.length - 1]);
  });

  it('stays silent while warming up', () => {
    expect(scoreSeries(dailyCycle(10), options).every((s) => s.warmingUp && s.score === 0 && !s.missing)).toBe(true);
  });

  it('reports a point as unusual as its p-value says: the score maps back to the p-value', () => {
    const scores = scoreSeries(dailyCycle(24 * 21), options).filter((s) => !s.warmingUp);
    scores.forEach((s) => {
      expect(s.pValue).toBeGreaterThan(0);
      expect(s.pValue).toBeLessThanOrEqual(1);
      expect(pValueOfScore(s.score, options)).toBeCloseTo(s.pValue, 10);
    });
    // On clean data, points rarer than p = 1e-3 are about as rare as that (two tests per point).
    expect(scores.filter((s) => s.pValue < 1e-3).length).toBeLessThanOrEqual(2);
  });
});

describe('anomaly scores: a burst of swings either way', () => {
  const FIVE_MINUTES = 300_000;
  /** Ten days of five-minute readings, Gaussian noise (sd 1) around 100, then `burst` alternating swings of ±size. */
  const withBurst = (seed: number, size: number, burst: number): SeriesPoint[] => {
    const rng = createRng(seed);
    const start = 2880;
    return Array.from({ length: start + 200 }, (_v, i) => ({
      at: Date.parse('2025-03-03T00:00:00Z') + i * FIVE_MINUTES,
      value: 100 + rng.normal() + (i >= start && i < start + burst ? (i % 2 === 0 ? size : -size) : 0),
    }));
  };

  it('flags a spell of swings that no single point and no mean shift shows', () => {
    for (let seed = 1; seed <= 5; seed++) {
      // Swings of ±2 sd: each point alone is a 1-in-20 event.
      const series = withBurst(seed, 2, 12);
      const burstScores = scoreSeries(series, DEFAULT_ANOMALY_OPTIONS).slice(2880, 2880 + 12);
      const withoutBurstTest = scoreSeries(series, { ...DEFAULT_ANOMALY_OPTIONS, burstWindow: 0 }).slice(2880, 2880 + 12);
      // As the spell goes on it is flagged throughout; the point and mean-shift tests flag a few of its points at most.
      expect(burstScores.slice(-4).every((s) => isAnomalous(s.score, 0.5))).toBe(true);
      expect(withoutBurstTest.filter((s) => isAnomalous(s.score, 0.5)).length).toBeLessThan(6);
    }
  });

  it('does not page for ordinary noise', () => {
    const quiet = scoreSeries(withBurst(7, 0, 0), DEFAULT_ANOMALY_OPTIONS).slice(600);
    // Three tests per point at p = 10^-2.4 each would page about 0.4% of points; incidents are deduplicated.
    expect(quiet.filter((s) => s.alertScore >= 0.5).length / quiet.length).toBeLessThan(0.004);
  });
});

describe('anomaly scores: the value\'s own range (valueTest)', () => {
  /** Five-minute readings that flip between two states, 95 and 105 (a relay, a two-speed fan), with a little noise. */
  const twoStates = (seed: number): SeriesPoint[] => {
    const rng = createRng(seed);
    return Array.from({ length: 2000 }, (_v, i) => ({ at: Date.parse('2025-03-03T00:00:00Z') + i * 300_000, value: 100 + (rng.normal() > 0 ? 5 : -5) + 0.1 * rng.normal() }));
  };

  it('flags a value outside every value the series has taken, though within its usual swing', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const series = twoStates(seed).map((p, i) => (i === 1500 ? { ...p, value: 89 } : p));
      // |z| is small (the swings make the robust scale large), so only the value test sees it.
      expect(scoreSeries(series, DEFAULT_ANOMALY_OPTIONS)[1500]?.score).toBeGreaterThan(0.8);
      expect(scoreSeries(series, { ...DEFAULT_ANOMALY_OPTIONS, valueTest: false })[1500]?.score).toBeLessThan(0.5);
    }
  });

  it('adds at most one page on the ordinary flips', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const pages = (valueTest: boolean): number => scoreSeries(twoStates(seed), { ...DEFAULT_ANOMALY_OPTIONS, valueTest }).slice(300).filter((s) => s.alertScore >= 0.5).length;
      expect(pages(true)).toBeLessThanOrEqual(pages(false) + 1);
    }
  });
});

describe('anomaly scores: the predictive tail (predictiveTail)', () => {
  it('never makes a point rarer than the plug-in fit, and is more cautious past a short history\'s record', () => {
    const rng = createRng(11);
    const series = Array.from({ length: 1200 }, (_v, i) => ({ at: Date.parse('2025-03-03T00:00:00Z') + i * 300_000, value: 100 + rng.normal() + (i === 900 ? 8 : 0) }));
    const plugIn = scoreSeries(series, DEFAULT_ANOMALY_OPTIONS);
    const predictive = scoreSeries(series, { ...DEFAULT_ANOMALY_OPTIONS, predictiveTail: true });
    predictive.forEach((s, i) => expect(s.pValue).toBeGreaterThanOrEqual(plugIn[i]?.pValue ?? 1));
    expect(predictive[900]?.pValue).toBeGreaterThan(2 * (plugIn[900]?.pValue ?? 1));
    // Still an incident: an 8σ spike is news either way.
    expect(predictive[900]?.score).toBeGreaterThan(0.5);
  });
});

describe('anomaly scores: the daily cycle is used only where the series has one', () => {
  /** Mean |expected − truth| over the points after the first `skip`. */
  const meanError = (points: SeriesPoint[], truth: (h: number) => number, skip: number, opts = DEFAULT_ANOMALY_OPTIONS): number => {
    const scored = scoreSeries(points, opts).slice(skip);
    return scored.reduce((sum, s, i) => sum + Math.abs(s.expected - truth(i + skip)), 0) / scored.length;
  };
  const cycle = (h: number): number => 100 + 60 * Math.sin((2 * Math.PI * (h % 24)) / 24);

  it('expects the same time of day on a series with a daily cycle', () => {
    const series = dailyCycle(24 * 14);
    // The recent level alone would be off by the cycle's amplitude (≈ 38 on average).
    expect(meanError(series, cycle, 24 * 7)).toBeLessThan(8);
    expect(meanError(series, cycle, 24 * 7, { ...DEFAULT_ANOMALY_OPTIONS, minSeasonalAutocorrelation: 0 })).toBeLessThan(8);
  });

  it('expects the recent level on a series without one, not a median of a few same-hour points', () => {
    let gated = 0;
    let alwaysSeasonal = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const rng = createRng(seed);
      const series = Array.from({ length: 24 * 14 }, (_v, h) => ({ at: Date.parse('2025-03-03T00:00:00Z') + h * HOUR_MS, value: 100 + 5 * rng.normal() }));
      gated += meanError(series, () => 100, 24 * 7) / 10;
      alwaysSeasonal += meanError(series, () => 100, 24 * 7, { ...DEFAULT_ANOMALY_OPTIONS, minSeasonalAutocorrelation: 0 }) / 10;
    }
    expect(gated).toBeLessThan(1.2);
    expect(alwaysSeasonal).toBeGreaterThan(1.5 * gated);
  });
});

describe('anomaly scores on a short history (before the tails are learnt)', () => {
  const DAY_MS = 86_400_000;
  const daily = anomalyOptionsForPeriods(DAY_MS, 7);
  /** `length` days of Gaussian noise (sd 0.05) around 0, as a log ratio of a steady channel. */
  const noise = (length: number, seed: number): SeriesPoint[] => {
    const rng = createRng(seed);
    return Array.from({ length }, (_v, i) => ({ at: Date.parse('2025-03-03T00:00:00Z') + i * DAY_MS, value: 0.05 * rng.normal() }));
  };

  it('flags a broken pixel (conversions counted twice) on the eleventh day, for every seed', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const series = noise(11, seed).map((p, i) => (i === 10 ? { ...p, value: p.value + Math.log(2) } : p));
      expect(isAnomalous(scoreSeries(series, daily)[10]?.score ?? 0, 0.4)).toBe(true);
    }
  });

  it('holds its false-alarm rate on noise: p-values below 1% are about 1% of points, not more', () => {
    let tested = 0;
    let belowOnePercent = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      for (const s of scoreSeries(noise(20, seed), daily)) {
        if (s.warmingUp) continue;
        tested++;
        if (s.pValue < 0.01) belowOnePercent++;
      }
    }
    expect(belowOnePercent / tested).toBeGreaterThan(0.004);
    expect(belowOnePercent / tested).toBeLessThan(0.015);
  });
});

describe('anomaly scores: untidy input never loses the series', () => {
  const clean = dailyCycle(24 * 21, 6);
  const spikeAt = 24 * 16 + 16; // 16:00, near the cycle's low (≈ 48)
  const spiked = clean.map((p, i) => (i === spikeAt ? { ...p, value: 170 } : p));
  const baseline = scoreSeries(spiked, options);
  const reversedOrder = [...spiked].reverse();

  const cases: { name: string; input: SeriesPoint[]; indexOf: (i: number) => number }[] = [
    // The input index of the point that was at index i of the tidy series.
    { name: 'points in reverse order', input: reversedOrder, indexOf: (i) => spiked.length - 1 - i },
    {
      name: 'adjacent points swapped',
      input: spiked.map((p, i) => spiked[i % 2 === 0 ? Math.min(i + 1, spiked.length - 1) : i - 1] ?? p),
      indexOf: (i) => (i % 2 === 0 ? (i + 1 < spiked.length ? i + 1 : i) : i - 1),
    },
  ];

  it.each(cases)('scores $name exactly as the tidy series, at each point\'s own index', ({ input, indexOf }) => {
    const scored = scoreSeries(input, options);
    expect(scored).toHaveLength(input.length);
    baseline.forEach((s, i) => expect(scored[indexOf(i)]).toEqual(s));
  });

  const duplicated = (hours: number[], value: (p: SeriesPoint) => number): SeriesPoint[] =>
    spiked.flatMap((p, i) => (hours.includes(i) ? [p, { ...p, value: value(p) }] : [p]));

  it.each([
    { name: 'an exact repeat of every point of one day', input: duplicated(Array.from({ length: 24 }, (_v, h) => 24 * 10 + h), (p) => p.value) },
    { name: 'a repeated hour of readings (NAB machine_temperature)', input: [...spiked.slice(0, 300), ...spiked.slice(290, 300), ...spiked.slice(300)] },
  ])('merges $name into one observation per timestamp and still flags the spike', ({ input }) => {
    const scored = scoreSeries(input, options);
    expect(scored).toHaveLength(input.length);
    const spikeIndex = input.findIndex((p) => p.value === 170);
    expect(isAnomalous(scored[spikeIndex]?.score ?? 0, 0.4)).toBe(true);
    // Points that share a timestamp share a result.
    input.forEach((p, i) => {
      const first = input.findIndex((q) => q.at === p.at);
      expect(scored[i]).toEqual(scored[first]);
    });
    expect(scored.filter((s) => isAnomalous(s.score, 0.4)).length).toBeLessThanOrEqual(3);
  });

  it('merges points that share a timestamp by their mean', () => {
    const withConflict = [...spiked.slice(0, 400), { at: spiked[399]?.at ?? 0, value: 0 }, ...spiked.slice(400)];
    const meanSeries = spiked.map((p, i) => (i === 399 ? { ...p, value: p.value / 2 } : p));
    const scored = scoreSeries(withConflict, options);
    expect(scored[399]).toEqual(scoreSeries(meanSeries, options)[399]);
    expect(scored[400]).toEqual(scored[399]);
  });

  it.each([
    { name: 'NaN value', bad: { value: Number.NaN } },
    { name: 'infinite value', bad: { value: Infinity } },
    { name: 'NaN timestamp', bad: { at: Number.NaN } },
  ])('marks a point with a non-finite field ($name) missing, scores the rest as if it were absent', ({ bad }) => {
    const input = spiked.map((p, i) => (i === 200 ? { ...p, ...bad } : p));
    const scored = scoreSeries(input, options);
    expect(scored[200]).toMatchObject({ missing: true, score: 0, alertScore: 0, pValue: 1 });
    const without = scoreSeries([...spiked.slice(0, 200), ...spiked.slice(201)], options);
    expect(scored.slice(201)).toEqual(without.slice(200));
  });

  it('treats a gap as missing periods: the daily cycle stays aligned after a missing day', () => {
    const gapped = spiked.filter((_p, i) => i < 24 * 12 || i >= 24 * 13);
    const scored = scoreSeries(gapped, options);
    const spikeIndex = gapped.findIndex((p) => p.value === 170);
    expect(isAnomalous(scored[spikeIndex]?.score ?? 0, 0.4)).toBe(true);
    expect(scored.filter((s) => isAnomalous(s.score, 0.4)).length).toBeLessThanOrEqual(3);
  });

  it('returns an empty result for an empty series and a missing one for a lone bad point', () => {
    expect(scoreSeries([], options)).toEqual([]);
    expect(scoreSeries([{ at: 1, value: Number.NaN }], options)).toEqual([expect.objectContaining({ missing: true })]);
  });
});

describe('anomaly scores on real data', () => {
  it('finds the labelled anomalies of NAB realTraffic/speed_7578 with a positive NAB score', () => {
    const fixture = loadNabFixture();
    const scores = scoreSeries(
      fixture.timestamps.map((t, i) => ({ at: epochMs(t), value: fixture.values[i] ?? 0 })),
      DEFAULT_ANOMALY_OPTIONS,
    );
    const points = sweepFile(fixture.file, fixture.timestamps, scores.map((s) => s.alertScore), fixture.windows, STANDARD_PROFILE);
    const best = optimiseThreshold([points], STANDARD_PROFILE);
    expect(best.tp).toBeGreaterThan(0);
    expect(normalisedScore(best.score, fixture.windows.length, STANDARD_PROFILE)).toBeGreaterThan(50);
  });
});

describe('neighbour outliers (history cleaning)', () => {
  /** Log return per cent of a steady channel: 20% noise around 0. */
  const noisyLogs = (n: number, seed = 3): number[] => {
    const rng = createRng(seed);
    return Array.from({ length: n }, () => 0.2 * rng.normal());
  };

  it('finds a broken-tracking spike and drop, even in the first periods, and nothing else', () => {
    const logs = noisyLogs(40);
    logs[1] = Math.log(4);
    logs[20] = Math.log(0.1);
    const outliers = neighbourOutliers(logs);
    expect(outliers.map((o) => o.index)).toEqual([1, 20]);
    expect(outliers[0]?.z).toBeGreaterThan(4);
    expect(outliers[1]?.z).toBeLessThan(-4);
    outliers.forEach((o) => {
      expect(Math.abs(o.expected)).toBeLessThan(0.3);
      expect(o.score).toBeGreaterThan(0.5);
    });
    // The streaming scores are still warming up at period 1: only the two-sided check can see it.
    const points = logs.map((value, i) => ({ at: i * 86_400_000, value }));
    expect(scoreSeries(points, anomalyOptionsForPeriods(86_400_000, 7))[1]?.warmingUp).toBe(true);
  });

  it('leaves a level shift and the newest two points alone', () => {
    const shifted = noisyLogs(40).map((v, i) => (i >= 25 ? v + Math.log(0.5) : v));
    expect(neighbourOutliers(shifted)).toEqual([]);
    const lateSpikes = noisyLogs(40);
    lateSpikes[37] = Math.log(4);
    lateSpikes[38] = Math.log(4);
    lateSpikes[39] = Math.log(4);
    expect(neighbourOutliers(lateSpikes).map((o) => o.index)).toEqual([37]);
    lateSpikes[37] = 0;
    expect(neighbourOutliers(lateSpikes)).toEqual([]);
  });

  it('needs seven points before it judges any', () => {
    expect(neighbourOutliers([0, 0, 0, 5, 0, 0])).toEqual([]);
    expect(neighbourOutliers([0, 0, 0, 5, 0, 0, 0]).map((o) => o.index)).toEqual([3]);
  });
});

describe('anomaly scores: a majority vote of option sets (the committed NAB detector)', () => {
  const pages = (scores: readonly number[]): number[] => scores.flatMap((s, i) => (s >= 0.5 ? [i] : []));

  it('pages where a majority of members page, and outvotes one member\'s lone alarms', () => {
    // 16:00 is near the cycle's low (≈ 48): 160 there is a spike.
    const spikeAt = 24 * 15 + 16;
    const series = dailyCycle(24 * 21, 7).map((p, i) => (i === spikeAt ? { ...p, value: 160 } : p));
    // A member that pages at p ≤ 10^−0.5 alarms on ordinary noise; the two at the budget level do not.
    const members = [{ halfScoreLog10: 0.5 }, {}, { sustainWindow: 6 }];
    const [loose, strict, short] = members.map((m) => pages(scoreSeries(series, { ...options, ...m }).map((s) => s.alertScore)));
    const vote = pages(voteAlertScores(series, members, options));
    expect(loose?.length).toBeGreaterThan(0);
    expect(loose?.some((i) => vote.includes(i))).toBe(false);
    expect(vote).toContain(spikeAt);
    expect(vote).toEqual(strict?.filter((i) => short?.includes(i)));
  });

  it('with the NAB members on a NAB series, flags a row exactly where at least two of the three members page', () => {
    const fixture = loadNabFixture();
    const series = fixture.timestamps.map((t, i) => ({ at: epochMs(t), value: fixture.values[i] ?? Number.NaN }));
    const memberScores = NAB_VOTE_MEMBERS.map((m) => scoreSeries(series, { ...DEFAULT_ANOMALY_OPTIONS, ...m }).map((s) => s.alertScore));
    const vote = voteAlertScores(series);
    const twoOfThree = series.flatMap((_p, i) => (memberScores.filter((s) => (s[i] ?? 0) >= 0.5).length >= 2 ? [i] : []));
    expect(pages(vote)).toEqual(twoOfThree);
    // Some member pages alone somewhere, and is outvoted there.
    expect(memberScores.some((s) => pages(s).some((i) => !twoOfThree.includes(i)))).toBe(true);
  });

  it('a single member is that member, and a vote needs a member', () => {
    const series = dailyCycle(24 * 10, 3);
    expect(voteAlertScores(series, [{}], options)).toEqual(scoreSeries(series, options).map((s) => s.alertScore));
    expect(() => voteAlertScores(series, [], options)).toThrow(RangeError);
  });
});
