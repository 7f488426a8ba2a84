/** The option variants of our detector that the nested NAB selection chooses among (nab.ts, nab-context.ts). */
import { type AnomalyOptions } from '../../shared/budget/anomaly';

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
