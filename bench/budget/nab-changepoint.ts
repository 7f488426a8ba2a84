/**
 * NAB, fourteenth round (rule committed in bench/results/budget-nab.md before the run): the Bayesian online changepoint
 * voter C (bench/budget/changepoint.ts: Adams & MacKay's run-length posterior over R's robust z, p-value of the point
 * under the run-length mixture predictive). V1 offers C's two configurations to the headline's unchanged rule (B3 over the
 * ten); V2 adds C at the incident level as a fixed fourth voter to each fold's three members (2 of 4 must flag). Beside
 * them: the check, C alone on every folder, the held-out windows found and first-flag positions, and the windows where V1
 * or V2 differ from the headline. Prints markdown (pasted into budget-nab.md). Data: numenta/NAB (MIT); skipped if absent.
 *
 * `--fitted` prints the second set only (rule committed before its run): C alone, each held-out folder at the threshold NAB's
 * optimisation picks on the other four folders, as HTM's 67.7 is measured.
 *
 *   npx tsx bench/budget/nab-changepoint.ts [--fitted]
 */
import { changepointAlertScores } from './changepoint';
import { epochMs, leaveOneFolderOut, nullCalibratedThreshold, sweep, type FixedRule, type NabCorpus } from './nab-corpus';
import { earliness, foldsLine, headlineBaseline, heldOutAdoption, runRound, summary, voterRound } from './nab-round';
import { FIXED_THRESHOLD_DETECTORS, fixedThresholdRules, INCIDENT_LEVEL, NULL_FALSE_ALARM_BUDGET_PER_1000 } from './nab-variant-list';

const C_LABEL = "C (Bayesian online changepoint over R's z)";

/** C's alert scores on every file, at the two thresholds every detector of the headline gets. */
function changepointRules(corpus: NabCorpus): FixedRule[] {
  const alerts = sweep(
    corpus,
    corpus.files.map((file) => changepointAlertScores(file.timestamps.map((t, i) => ({ at: epochMs(t), value: file.values[i] ?? Number.NaN })))),
  );
  return [
    { label: `${C_LABEL} at the incident level`, perFile: alerts, threshold: INCIDENT_LEVEL },
    { label: `${C_LABEL} at ${NULL_FALSE_ALARM_BUDGET_PER_1000} FA/1k on artificialNoAnomaly`, perFile: alerts, threshold: nullCalibratedThreshold(corpus, alerts, NULL_FALSE_ALARM_BUDGET_PER_1000) },
  ];
}

/** The second set: C@fit, each held-out folder at the threshold NAB's optimisation picks on the other folders. */
function fittedSet(corpus: NabCorpus): string[] {
  const eight = fixedThresholdRules(corpus, FIXED_THRESHOLD_DETECTORS);
  const [cIncident] = changepointRules(corpus);
  if (!cIncident) throw new Error('C: no configuration');
  const { bar, heldOut } = headlineBaseline(corpus, eight);
  const lofo = leaveOneFolderOut(corpus, cIncident.perFile);
  const byFolder = corpus.folders.map((folder) => {
    const threshold = lofo.folds.find((f) => f.folder === folder)?.threshold ?? 1;
    return earliness(
      cIncident.perFile.filter((_p, i) => corpus.files[i]?.folder === folder),
      threshold,
    );
  });
  const found = byFolder.reduce((s, e) => s + e.found, 0);
  const first = byFolder.reduce((s, e) => s + e.meanFirst * e.found, 0) / Math.max(1, found);
  return [
    `**C@fit, leave-one-folder-out (threshold chosen on the other folders):** ${summary(lofo)}; held out by folder: ${foldsLine(lofo)}.`,
    '',
    `Adoption rule: ${heldOutAdoption(lofo, heldOut.htm, bar.rawByFolder)}.`,
    '',
    `C@fit, held out: ${found} of ${byFolder.reduce((s, e) => s + e.windows, 0)} windows found, first flag at ${first.toFixed(3)} of a window on average (HTM: ${heldOut.early.found} of ${heldOut.early.windows} at ${heldOut.early.meanFirst.toFixed(3)}).`,
    '',
    `Numenta HTM (published outputs), leave-one-folder-out: ${summary(heldOut.htm)}.`,
  ];
}

if (process.argv.includes('--fitted')) runRound(fittedSet);
else runRound((corpus) => {
  const started = Date.now();
  const eight = fixedThresholdRules(corpus, FIXED_THRESHOLD_DETECTORS);
  const eightMs = Date.now() - started;
  const c = changepointRules(corpus);
  const cMs = Date.now() - started - eightMs;
  const cNull = c[1];
  if (!cNull) throw new Error('C: no configuration');
  const { lines, heldOut } = voterRound(corpus, eight, c, 'C', `C on every folder at its two thresholds (the second: ${cNull.threshold.toFixed(4)}; compares detectors, not a hold-out score):`);
  return [
    ...lines,
    `Numenta HTM (published outputs), leave-one-folder-out: ${summary(heldOut.htm)}. ${corpus.files.reduce((s, f) => s + f.values.length, 0).toLocaleString('en')} rows: the four members in ${eightMs.toLocaleString('en')} ms, C (R's z and the changepoint recursion) in ${cMs.toLocaleString('en')} ms (shared machine: not a speed claim).`,
  ];
});
