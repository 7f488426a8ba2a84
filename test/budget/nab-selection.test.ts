import { NULL_FOLDER, atThreshold, nestedFixedThresholds, nullCalibratedThreshold, oneStandardErrorPick, type NabCorpus } from '../../bench/budget/nab-corpus';
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
    const goodOnA = { label: 'good on a', evaluation: atThreshold(corpus, perFileOf(withWindow(0.6, []), withWindow(0.4, [])), 0.5) };
    const goodOnB = { label: 'good on b', evaluation: atThreshold(corpus, perFileOf(withWindow(0.4, []), withWindow(0.6, [])), 0.5) };
    const nested = nestedFixedThresholds(corpus, [goodOnA, goodOnB]);
    // Holding out a, the choice is made on b (good on b), which misses a's window: and vice versa.
    expect(nested.labels).toEqual(['good on a', 'good on b', 'good on a']);
    expect(nested.picks.find((p) => p.folder === 'a')?.fold?.result.score).toBeLessThan(0);
    expect(nested.picks.find((p) => p.folder === 'b')?.fold?.result.score).toBeLessThan(0);
  });
});
