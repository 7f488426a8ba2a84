/**
 * Experiment: option variants of our detector on NAB, each scored leave-one-folder-out exactly as the
 * headline of nab.ts (threshold chosen on the other folders). Each argument is a JSON object of
 * AnomalyOptions overriding the defaults; with none, the variants tried on 2026-12-02 are run.
 * Choosing a variant by these per-variant figures looks at every folder, so the last row is the honest
 * one: for each held-out folder the variant AND its threshold are chosen on the other folders
 * (nested leave-one-folder-out), the variant picked by its inner leave-one-folder-out score (as the
 * headline of nab.ts) and by its fit to the training folders. Prints to stdout.
 *
 *   npx tsx bench/budget/nab-variants.ts ['{"dedupeWindow":96}' …]
 */
import { DEFAULT_ANOMALY_OPTIONS, scoreSeries, type AnomalyOptions } from '../../shared/budget/anomaly';
import { epochMs, leaveOneFolderOut, loadCorpus, nabAvailable, nestedLeaveOneFolderOut, perFolderOptimised, sweep } from './nab-corpus';
import { type SweptPoint } from './nab-scorer';

const HOUR_MS = 3_600_000;
const TRIED: Partial<AnomalyOptions>[] = [{}, { seasonMs: 7 * 24 * HOUR_MS, bucketMs: HOUR_MS, seasonsBack: 4 }, { dedupeWindow: 96 }, { dedupeWindow: 288 }];

function main(): void {
  if (!nabAvailable()) {
    console.log('NAB data not found: nothing to run.');
    return;
  }
  const corpus = loadCorpus();
  const variants = process.argv.length > 2 ? process.argv.slice(2).map((a) => JSON.parse(a) as Partial<AnomalyOptions>) : TRIED;
  console.log('| variant | leave-one-folder-out | FA/1k | per folder (in-sample) | held-out raw score by folder |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  const swept: SweptPoint[][][] = [];
  for (const variant of variants) {
    const options: AnomalyOptions = { ...DEFAULT_ANOMALY_OPTIONS, ...variant };
    const perFile = sweep(
      corpus,
      corpus.files.map((file) => scoreSeries(file.timestamps.map((t, i) => ({ at: epochMs(t), value: file.values[i] ?? Number.NaN })), options).map((s) => s.alertScore)),
    );
    swept.push(perFile);
    const lofo = leaveOneFolderOut(corpus, perFile);
    const folds = lofo.folds.map((f) => `${f.folder} ${f.result.score.toFixed(2)} (${f.result.fp} FP)`).join(', ');
    console.log(`| \`${JSON.stringify(variant)}\` | ${lofo.normalised.toFixed(1)} | ${lofo.falseAlarmsPer1000.toFixed(2)} | ${perFolderOptimised(corpus, perFile).normalised.toFixed(1)} | ${folds} |`);
  }
  for (const selectBy of ['one-se', 'inner-lofo', 'training-fit'] as const) {
    const nested = nestedLeaveOneFolderOut(corpus, swept, selectBy);
    const picks = nested.picks.map((f) => `${f.folder}: variant ${f.variant + 1}, ${f.fold?.result.score.toFixed(2)} (${f.fold?.result.fp} FP)`).join(', ');
    console.log(`| nested (${selectBy}): variant and threshold chosen on the training folders | ${nested.normalised.toFixed(1)} | ${nested.falseAlarmsPer1000.toFixed(2)} | — | ${picks} |`);
  }
}

main();
