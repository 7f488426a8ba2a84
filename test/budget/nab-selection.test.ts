import {
  NULL_FOLDER,
  asRuled,
  atLeast,
  combinedScores,
  falseAlarmBudgetThreshold,
  filesIn,
  meanMargin,
  nestedByMeanRank,
  nestedOverThresholdRules,
  nestedVote,
  nullCalibratedThreshold,
  oneStandardErrorPick,
  type FixedRule,
  type NabCorpus,
  type RuledConfiguration,
} from '../../bench/budget/nab-corpus';
import { STANDARD_PROFILE, type SweptPoint } from '../../bench/budget/nab-scorer';

describe('NAB nested selection: the one-standard-error rule', () => {
  const defaults = { name: 'defaults', inner: [0.5, -0.2, 0.8, 0.1, 0.0, 0.3] };

  it('keeps the defaults when a variant\'s larger total comes from one file (gain within one SE)', () => {
    const lucky = { name: 'lucky', inner: [0.5, -0.2, 2.3, 0.1, -0.3, 0.3] };
    expect(oneStandardErrorPick([defaults, lucky]).name).toBe('defaults');
  });

  it('takes a variant that gains on file after file, and the largest such gain', () => {
    const steady = { name: 'steady', inner: defaults.inner.map((s) => s + 0.1) };
    const steadier = { name: 'steadier', inner: defaults.inner.map((s, i) => s + 0.2 + 0.01 * i) };
    expect(oneStandardErrorPick([defaults, steady]).name).toBe('steady');
    expect(oneStandardErrorPick([defaults, steady, steadier]).name).toBe('steadier');
  });

  it('never picks a variant that loses on the training files', () => {
    const worse = { name: 'worse', inner: defaults.inner.map((s) => s - 0.1) };
    expect(oneStandardErrorPick([defaults, worse]).name).toBe('defaults');
  });
});

describe('NAB thresholds fixed in advance', () => {
  const file = (name: string, folder: string): NabCorpus['files'][number] => ({ name, folder, timestamps: [], values: [], windows: [] });
  const corpus: NabCorpus = {
    folders: [NULL_FOLDER, 'a', 'b'],
    files: [file('null/1', NULL_FOLDER), file('a/1', 'a'), file('b/1', 'b')],
    cost: STANDARD_PROFILE,
    publishedThresholds: {},
  };
  const outside = (scores: number[]): SweptPoint[] => scores.map((anomalyScore) => ({ anomalyScore, sweepScore: -0.11, window: null }));
  /** A file whose one window is found at the given score (a detection at its left edge) among quiet rows. */
  const withWindow = (windowScore: number, quiet: number[]): SweptPoint[] => [{ anomalyScore: windowScore, sweepScore: 1, window: 'w' }, ...outside(quiet)];

  it('calibrates on the null folder alone: at most the budget of its rows flagged, and the lowest such threshold', () => {
    // 2,000 null rows, 1 per 1,000 allowed: two rows may be flagged, the third-highest may not.
    const nullScores = Array.from({ length: 2000 }, (_v, i) => i / 4000);
    const perFile = [outside(nullScores), withWindow(0.1, [0.9]), withWindow(0.1, [])];
    const threshold = nullCalibratedThreshold(corpus, perFile, 1);
    expect(nullScores.filter((s) => s >= threshold)).toHaveLength(2);
    expect(threshold).toBeGreaterThan(1997 / 4000);
    expect(threshold).toBeLessThan(1998 / 4000);
    // The labelled folders' scores play no part.
    expect(nullCalibratedThreshold(corpus, [perFile[0] ?? [], outside([0.99]), outside([0.99])], 1)).toBe(threshold);
  });

  it('picks each held-out folder\'s configuration on the other folders only', () => {
    const perFileOf = (a: SweptPoint[], b: SweptPoint[]): SweptPoint[][] => [outside([0]), a, b];
    // "good on a" finds a's window and misses b's; "good on b" the opposite.
    const goodOnA = asRuled({ label: 'good on a', perFile: perFileOf(withWindow(0.6, []), withWindow(0.4, [])), threshold: 0.5 });
    const goodOnB = asRuled({ label: 'good on b', perFile: perFileOf(withWindow(0.4, []), withWindow(0.6, [])), threshold: 0.5 });
    const nested = nestedOverThresholdRules(corpus, [goodOnA, goodOnB]);
    // Holding out a, the choice is made on b (good on b), which misses a's window: and vice versa.
    expect(nested.labels).toEqual(['good on a', 'good on b', 'good on a']);
    expect(nested.picks.find((p) => p.folder === 'a')?.fold?.result.score).toBeLessThan(0);
    expect(nested.picks.find((p) => p.folder === 'b')?.fold?.result.score).toBeLessThan(0);
  });
});

describe('NAB thresholds chosen on the other folders (ninth round)', () => {
  const file = (name: string, folder: string): NabCorpus['files'][number] => ({ name, folder, timestamps: [], values: [], windows: [] });
  const corpus: NabCorpus = {
    folders: ['a', 'b', 'c'],
    files: [file('a/1', 'a'), file('b/1', 'b'), file('c/1', 'c')],
    cost: STANDARD_PROFILE,
    publishedThresholds: {},
  };
  const point = (anomalyScore: number, window: string | null): SweptPoint => ({ anomalyScore, sweepScore: window ? 1 : -0.11, window });

  it('spends a false-alarm budget on rows outside windows only, per 1,000 rows scored, after probation', () => {
    // 2,000 scored rows allow 2 false alarms at 1 per 1,000: the window's row and the probation's are not counted.
    const outside = Array.from({ length: 1998 }, (_v, i) => point(i / 4000, null));
    const rows = [...outside, point(0.99, 'w'), point(0.95, 'w'), { anomalyScore: 0.999, sweepScore: 0, window: 'probationary' }];
    const threshold = falseAlarmBudgetThreshold([rows], 1);
    expect(outside.filter((p) => p.anomalyScore >= threshold)).toHaveLength(2);
    expect(threshold).toBeGreaterThan(1995 / 4000);
    expect(threshold).toBeLessThan(1996 / 4000);
  });

  it('judges a fitted rule by how its threshold transfers inside the training folders, and never reads the held-out folder', () => {
    // Both configurations flag the windows of a and b at 0.5 and above; c's window scores 0.45 for "transfers" only.
    const transfers = [[point(0.6, 'w')], [point(0.6, 'w')], [point(0.45, 'w')]];
    const overfits = [[point(0.6, 'w')], [point(0.6, 'w')], [point(0.3, 'w')]];
    const seen: string[][] = [];
    const fittedRule = (label: string, perFile: SweptPoint[][]): RuledConfiguration => ({
      label,
      perFile,
      thresholdFrom: (folders) => {
        seen.push([...folders]);
        return Math.min(...filesIn(corpus, perFile, folders).flat().map((p) => p.anomalyScore));
      },
    });
    const fixedAtHalf: RuledConfiguration = { label: 'fixed 0.5', perFile: overfits, thresholdFrom: () => 0.5 };
    const nested = nestedOverThresholdRules(corpus, [fixedAtHalf, fittedRule('fitted', transfers)]);
    // Holding out a: on the inner folds the fitted rule finds b's window (threshold 0.45 from c) and misses c's (0.6 from
    // b), as the fixed rule does, so the tie keeps the first; likewise for b and c.
    expect(nested.labels).toEqual(['fixed 0.5', 'fixed 0.5', 'fixed 0.5']);
    // No threshold is ever fitted on every folder: the held-out one is always left out.
    expect(seen.every((folders) => folders.length < corpus.folders.length)).toBe(true);
    // A fitted rule that beats the fixed one on the training folders is picked; c's threshold is fitted on a and b (0.6), not on c's 0.45.
    const better = nestedOverThresholdRules(corpus, [{ ...fixedAtHalf, thresholdFrom: () => 0.9 }, fittedRule('fitted', transfers)]);
    expect(better.labels).toEqual(['fitted', 'fitted', 'fitted']);
    expect(better.picks.find((p) => p.folder === 'c')?.threshold).toBe(0.6);
  });
});

describe('NAB votes of fixed-threshold configurations (tenth round)', () => {
  const file = (name: string, folder: string): NabCorpus['files'][number] => ({ name, folder, timestamps: [], values: [], windows: [] });
  const corpusOf = (names: string[]): NabCorpus => ({
    folders: [...new Set(names.map((n) => n.split('/')[0] ?? ''))],
    files: names.map((n) => file(n, n.split('/')[0] ?? '')),
    cost: STANDARD_PROFILE,
    publishedThresholds: {},
  });
  const outside = (scores: number[]): SweptPoint[] => scores.map((anomalyScore) => ({ anomalyScore, sweepScore: -0.11, window: null }));
  const withWindow = (windowScore: number, quiet: number[] = []): SweptPoint[] => [{ anomalyScore: windowScore, sweepScore: 1, window: 'w' }, ...outside(quiet)];
  const rule = (label: string, perFile: SweptPoint[][], threshold = 0.5): FixedRule => ({ label, perFile, threshold });

  it('flags a row when enough members flag it, each at its own threshold', () => {
    // Margins on the one row: +0.1, −0.3 (0.2 against 0.5) and +0.1 (0.4 against 0.3).
    const members = [rule('x', [outside([0.6])]), rule('y', [outside([0.2])]), rule('z', [outside([0.4])], 0.3)];
    const score = (combine: (m: readonly number[]) => number): number | undefined => combinedScores(members, combine)[0]?.[0]?.anomalyScore;
    expect(score(atLeast(2))).toBeCloseTo(0.6);
    expect(score(atLeast(3))).toBeCloseTo(0.2);
    expect(score(meanMargin)).toBeCloseTo(0.5 - 0.1 / 3);
  });

  it('chooses the members on the other folders, and a false alarm of one member alone is not flagged', () => {
    const corpus = corpusOf(['a/1', 'b/1', 'c/1']);
    const rules = [
      rule('all, with a false alarm in c', [withWindow(0.6), withWindow(0.6), withWindow(0.6, [0.9])]),
      rule('a and b', [withWindow(0.6), withWindow(0.6), withWindow(0.4)]),
      rule('a and c', [withWindow(0.6), withWindow(0.4), withWindow(0.6)]),
      rule('nothing', [withWindow(0.4), withWindow(0.4), withWindow(0.4)]),
    ];
    const nested = nestedVote(corpus, rules, 3, atLeast(2));
    // Holding out b, "a and c" finds both training windows with no false alarm and ranks first.
    expect(nested.members).toEqual([
      ['all, with a false alarm in c', 'a and b', 'a and c'],
      ['a and c', 'all, with a false alarm in c', 'a and b'],
      ['all, with a false alarm in c', 'a and b', 'a and c'],
    ]);
    // Every window is found by two members; c's false alarm has one vote and is dropped.
    expect(nested.picks.map((p) => [p.fold?.result.tp, p.fold?.result.fp])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
  });

  it('by mean rank, a rule that wins on most training folders beats one carried by a single large folder', () => {
    const corpus = corpusOf(['a/1', 'a/2', 'a/3', 'a/4', 'b/1', 'c/1', 'd/1']);
    // "big" finds a's four windows and misses b's and c's (raw 2); "steady" finds one of a's, b's and c's (raw 0).
    const big = rule('big', [...[1, 2, 3, 4].map(() => withWindow(0.6)), withWindow(0.4), withWindow(0.4), withWindow(0.6)]);
    const steady = rule('steady', [withWindow(0.6), ...[2, 3, 4].map(() => withWindow(0.4)), withWindow(0.6), withWindow(0.6), withWindow(0.6)]);
    const bySum = nestedOverThresholdRules(
      corpus,
      [big, steady].map((r) => ({ ...r, thresholdFrom: () => r.threshold })),
    );
    const byRank = nestedByMeanRank(corpus, [big, steady]);
    expect(bySum.labels[3]).toBe('big');
    expect(byRank.labels[3]).toBe('steady');
  });
});
