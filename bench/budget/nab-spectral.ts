/**
 * NAB, twelfth round, second set (rule committed in bench/results/budget-nab.md before the run): the spectral residual
 * voter SR (`spectralWindow` 251, `spectralOnly`: the saliency under its own tail is the only test; shared/budget/spectral.ts).
 * V1 offers SR's two configurations to the headline's unchanged rule (B3 over the ten); V2 adds SR at the incident level
 * as a fixed fourth voter to each fold's three members (2 of 4 must flag). Beside them: the check, SR alone on every
 * folder, the held-out windows found and first-flag positions, and the windows where V1 or V2 differ from the headline.
 * Prints markdown (pasted into budget-nab.md). Data: numenta/NAB (MIT); skipped if absent.
 *
 *   npx tsx bench/budget/nab-spectral.ts
 */
import { runRound, summary, voterRound } from './nab-round';
import { FIXED_THRESHOLD_DETECTORS, fixedThresholdRules } from './nab-variant-list';

/** The SR voter, fixed in the pre-registration: the reference's settings, a 251-value window (256 with the extension). */
const SR_VOTER = { label: 'SR (spectral residual saliency alone)', options: { spectralWindow: 251, spectralOnly: true } };

runRound((corpus) => {
  const started = Date.now();
  const eight = fixedThresholdRules(corpus, FIXED_THRESHOLD_DETECTORS);
  const sr = fixedThresholdRules(corpus, [SR_VOTER]);
  const detectorsMs = Date.now() - started;
  const { lines, heldOut } = voterRound(corpus, eight, sr, 'SR', 'SR on every folder at its two thresholds (compares detectors; not a hold-out score):');
  return [
    ...lines,
    `Numenta HTM (published outputs), leave-one-folder-out: ${summary(heldOut.htm)}. The five detectors scored ${corpus.files.reduce((s, f) => s + f.values.length, 0).toLocaleString('en')} rows each in ${detectorsMs.toLocaleString('en')} ms in all (shared machine: not a speed claim).`,
  ];
});
