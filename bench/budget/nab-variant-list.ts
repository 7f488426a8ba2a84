/** The option variants of our detector that the nested NAB selection chooses among (nab.ts, nab-context.ts). */
import { DEFAULT_ANOMALY_OPTIONS, scoreSeries, type AnomalyOptions } from '../../shared/budget/anomaly';
import { epochMs, nullCalibratedThreshold, sweep, type FixedRule, type NabCorpus } from './nab-corpus';

/**
 * The options that were chosen while looking at every folder, each with the alternatives weighed against it.
 * `ablation`: the defaults and each of the 2026-12-03 additions undone (the cycle check off, the burst test off,
 * the previous incident level); the other rows are neighbouring values of the same settings.
 */
export const VARIANTS: { label: string; options: Partial<AnomalyOptions>; ablation?: true }[] = [
  { label: 'committed defaults', options: {}, ablation: true },
  { label: 'no cycle check (`minSeasonalAutocorrelation` 0)', options: { minSeasonalAutocorrelation: 0 }, ablation: true },
  { label: '`minSeasonalAutocorrelation` 0.2', options: { minSeasonalAutocorrelation: 0.2 } },
  { label: '`minSeasonalAutocorrelation` 0.5', options: { minSeasonalAutocorrelation: 0.5 } },
  { label: '`seasonalCheckCycles` 2', options: { seasonalCheckCycles: 2 } },
  { label: '`seasonalCheckCycles` 5', options: { seasonalCheckCycles: 5 } },
  { label: '`sustainWindow` 12', options: { sustainWindow: 12 } },
  { label: '`sustainWindow` 48', options: { sustainWindow: 48 } },
  { label: 'no burst test (`burstWindow` 0)', options: { burstWindow: 0 }, ablation: true },
  { label: '`burstWindow` 6', options: { burstWindow: 6 } },
  { label: '`burstWindow` 24', options: { burstWindow: 24 } },
  { label: 'incident at p = 1e-2 (`halfScoreLog10` 2)', options: { halfScoreLog10: 2 } },
  { label: 'incident at p = 1e-3 (`halfScoreLog10` 3)', options: { halfScoreLog10: 3 } },
  { label: 'incident at p = 1e-4 (`halfScoreLog10` 4, the previous default)', options: { halfScoreLog10: 4 }, ablation: true },
  { label: '`dedupeWindow` 12', options: { dedupeWindow: 12 } },
  { label: '`dedupeWindow` 48', options: { dedupeWindow: 48 } },
  { label: '`dedupeWindow` 96', options: { dedupeWindow: 96 } },
];

/**
 * The seventh round's detectors, each scored at thresholds fixed in advance (bench/results/budget-nab.md):
 * R, the value's own range as a fourth test, is the committed default; D is the detector without it; P adds
 * the predictive tail.
 */
export const FIXED_THRESHOLD_DETECTORS: { label: string; options: Partial<AnomalyOptions> }[] = [
  { label: 'D (no value test)', options: { valueTest: false } },
  { label: 'R (value test: the committed defaults)', options: {} },
  { label: 'P (predictive tail, no value test)', options: { valueTest: false, predictiveTail: true } },
  { label: 'R + P', options: { predictiveTail: true } },
];

/** The incident level: an alert that opens an incident (p ≤ 10^−halfScoreLog10 outside an incident's dedupe window). */
export const INCIDENT_LEVEL = 0.5;
/** The stated false-alarm budget of the null-calibrated threshold: Numenta HTM's rate on these folders, the target. */
export const NULL_FALSE_ALARM_BUDGET_PER_1000 = 0.54;
/** The headline's vote (tenth round): the top VOTE_SIZE configurations on the other folders, VOTE_MAJORITY of them must flag. */
export const VOTE_SIZE = 3;
export const VOTE_MAJORITY = 2;

/**
 * Each detector's alert scores on every file, as two rules at thresholds fixed in advance: the incident level, and the
 * lowest threshold that flags at most NULL_FALSE_ALARM_BUDGET_PER_1000 rows per 1,000 on artificialNoAnomaly.
 */
export function fixedThresholdRules(corpus: NabCorpus, detectors: readonly { label: string; options: Partial<AnomalyOptions> }[]): FixedRule[] {
  return detectors.flatMap((detector) => {
    const options = { ...DEFAULT_ANOMALY_OPTIONS, ...detector.options };
    const alerts = sweep(
      corpus,
      corpus.files.map((file) => scoreSeries(file.timestamps.map((t, i) => ({ at: epochMs(t), value: file.values[i] ?? Number.NaN })), options).map((p) => p.alertScore)),
    );
    return [
      { label: `${detector.label} at the incident level`, perFile: alerts, threshold: INCIDENT_LEVEL },
      { label: `${detector.label} at ${NULL_FALSE_ALARM_BUDGET_PER_1000} FA/1k on artificialNoAnomaly`, perFile: alerts, threshold: nullCalibratedThreshold(corpus, alerts, NULL_FALSE_ALARM_BUDGET_PER_1000) },
    ];
  });
}
