/**
 * NAB, ninth round (rule committed in bench/results/budget-nab.md before the first run): 24 configurations, nested.
 * - The seventh round's eight: four detectors (FIXED_THRESHOLD_DETECTORS) × {the incident level 0.5, 0.54 FA/1k on
 *   artificialNoAnomaly} on `alertScore`.
 * - Idea 1: NAB's anomaly likelihood (bench/budget/anomaly-likelihood.ts, NuPIC's settings) on each detector's
 *   per-point `score`, at NAB's red zone (0.5, fixed) and at the threshold chosen on the other folders.
 * - Idea 2: each detector's `alertScore` at the lowest threshold with at most HTM's 0.54 false-alarm rows per 1,000 on
 *   the other folders, and at the threshold NAB's optimisation picks on the other folders.
 * The round's result is the nested selection over all 24 (inner leave-one-folder-out merit); the adoption rule is
 * checked and printed. First, the port is checked: fed HTM's published raw scores, it must give HTM's published
 * likelihood scores (on the files whose published output has a raw_score column). Prints markdown (pasted into budget-nab.md's ninth round; nab.ts would overwrite the file).
 * Data: numenta/NAB (MIT); skipped if absent.
 *
 *   npx tsx bench/budget/nab-likelihood.ts
 */
import { DEFAULT_ANOMALY_OPTIONS, scoreSeries } from '../../shared/budget/anomaly';
import { anomalyLikelihoodScores } from './anomaly-likelihood';
import {
  adoptionRules,
  epochMs,
  falseAlarmBudgetThreshold,
  filesIn,
  leaveOneFolderOut,
  leaveOneFolderOutByRule,
  loadCorpus,
  NAB_DIR,
  nabAvailable,
  nestedOverThresholdRules,
  nullCalibratedThreshold,
  publishedScores,
  readCsv,
  SEVENTH_ROUND_HEADLINE,
  sweep,
  type Evaluation,
  type NabCorpus,
  type RuledConfiguration,
} from './nab-corpus';
import { optimiseThreshold, type SweptPoint } from './nab-scorer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXED_THRESHOLD_DETECTORS, INCIDENT_LEVEL, NULL_FALSE_ALARM_BUDGET_PER_1000 } from './nab-variant-list';

/** NAB's red zone on the likelihood's log score: a tail probability of 10⁻⁵. */
const RED_ZONE = 0.5;
/** Numenta HTM's false alarms per 1,000 rows on these folders (leave-one-folder-out): the budget of idea 2. */
const HTM_FALSE_ALARMS_PER_1000 = 0.54;

const fixed = (label: string, perFile: SweptPoint[][], threshold: number): RuledConfiguration => ({ label, perFile, thresholdFrom: () => threshold });

/** A rule fitted on the folders it is given, each set of folders fitted once. */
function fitted(corpus: NabCorpus, label: string, perFile: SweptPoint[][], fit: (files: SweptPoint[][]) => number): RuledConfiguration {
  const memo = new Map<string, number>();
  return {
    label,
    perFile,
    thresholdFrom(folders) {
      const key = [...folders].sort().join('|');
      let threshold = memo.get(key);
      if (threshold === undefined) {
        threshold = fit(filesIn(corpus, perFile, folders));
        memo.set(key, threshold);
      }
      return threshold;
    },
  };
}

function row(label: string, e: Pick<Evaluation, 'normalised' | 'raw' | 'tp' | 'fp' | 'fn' | 'falseAlarmsPer1000'>, byFolder: string): string {
  return `| ${label} | ${e.normalised.toFixed(1)} | ${e.raw.toFixed(2)} | ${e.tp} / ${e.fp} / ${e.fn} | ${e.falseAlarmsPer1000.toFixed(2)} | ${byFolder} |`;
}

/**
 * The port against NAB's published HTM outputs: where a file's output has HTM's raw score, the likelihood of it must
 * be the published anomaly score, except on rows NAB's detector set to 1 for a value outside the range seen so far.
 */
function portCheck(corpus: NabCorpus): string {
  let files = 0;
  let rows = 0;
  let spatial = 0;
  let maxDifference = 0;
  const without: string[] = [];
  for (const file of corpus.files) {
    const path = join(NAB_DIR, 'results', 'numenta', file.folder, `numenta_${file.name.slice(file.folder.length + 1)}`);
    const [header] = readFileSync(path, 'utf8').split('\n', 1);
    const rawColumn = header?.split(',').indexOf('raw_score') ?? -1;
    if (rawColumn < 0) {
      without.push(file.folder);
      continue;
    }
    const published = readCsv(path);
    const ours = anomalyLikelihoodScores(file.values, published.map((r) => Number(r[rawColumn])));
    files += 1;
    published.forEach((r, i) => {
      const score = Number(r[2]);
      if (score === 1) spatial += 1;
      else {
        rows += 1;
        maxDifference = Math.max(maxDifference, Math.abs(score - (ours[i] ?? Number.NaN)));
      }
    });
  }
  const folders = [...new Set(without)].join(', ');
  return `**Port check.** Fed HTM's published raw scores, the likelihood gives HTM's published anomaly scores on ${files} files (${rows.toLocaleString('en')} rows; ${spatial} rows that NAB's detector set to 1 for a value outside the range seen so far are left out): largest difference ${maxDifference.toExponential(1)}. The published outputs of ${folders} have no raw_score column.`;
}

function main(): void {
  if (!nabAvailable()) {
    console.log('NAB data not found: nothing to run.');
    return;
  }
  const corpus = loadCorpus();
  const old: RuledConfiguration[] = [];
  const added: RuledConfiguration[] = [];
  let likelihoodMs = 0;
  for (const detector of FIXED_THRESHOLD_DETECTORS) {
    const options = { ...DEFAULT_ANOMALY_OPTIONS, ...detector.options };
    const scored = corpus.files.map((file) => scoreSeries(file.timestamps.map((t, i) => ({ at: epochMs(t), value: file.values[i] ?? Number.NaN })), options));
    const alerts = sweep(corpus, scored.map((s) => s.map((p) => p.alertScore)));
    const started = Date.now();
    const likelihoods = corpus.files.map((file, i) => anomalyLikelihoodScores(file.values, (scored[i] ?? []).map((p) => p.score)));
    likelihoodMs += Date.now() - started;
    const likelihood = sweep(corpus, likelihoods);
    old.push(
      fixed(`${detector.label} at the incident level`, alerts, INCIDENT_LEVEL),
      fixed(`${detector.label} at ${NULL_FALSE_ALARM_BUDGET_PER_1000} FA/1k on artificialNoAnomaly`, alerts, nullCalibratedThreshold(corpus, alerts, NULL_FALSE_ALARM_BUDGET_PER_1000)),
    );
    added.push(
      fixed(`L@red: likelihood of ${detector.label} at the red zone ${RED_ZONE}`, likelihood, RED_ZONE),
      fitted(corpus, `L@fit: likelihood of ${detector.label}, threshold chosen on the other folders`, likelihood, (files) => optimiseThreshold(files, corpus.cost).threshold),
      fitted(corpus, `A@budget: ${detector.label}, ${HTM_FALSE_ALARMS_PER_1000} FA/1k on the other folders`, alerts, (files) => falseAlarmBudgetThreshold(files, HTM_FALSE_ALARMS_PER_1000)),
      fitted(corpus, `A@fit: ${detector.label}, threshold chosen on the other folders`, alerts, (files) => optimiseThreshold(files, corpus.cost).threshold),
    );
  }
  const all = [...old, ...added];
  const byFolder = (e: Evaluation): string =>
    `${e.folds.map((f) => f.result.score.toFixed(2)).join(', ')}; ${e.folds.map((f) => f.result.fp).join(', ')}; ${e.folds.map((f) => f.threshold.toFixed(4)).join(', ')}`;
  const out: string[] = [
    portCheck(corpus),
    '',
    `**Every configuration, each folder at the threshold its rule gives from the other folders** (for a fixed rule, its threshold on all five; looked at on all five folders: labelled, not a hold-out score of the best). Folders: ${corpus.folders.join(', ')}.`,
    '',
    '| configuration | normalised | raw | TP / FP / FN rows | FA/1k | raw by folder; FP rows by folder; threshold by folder |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...all.map((c) => {
      const e = leaveOneFolderOutByRule(corpus, c);
      return row(c.label, e, byFolder(e));
    }),
  ];
  const htmScores = corpus.files.map((f) => publishedScores('numenta', f));
  if (htmScores.some((s) => !s)) throw new Error('numenta: a file has no published output');
  const htm = leaveOneFolderOut(corpus, sweep(corpus, htmScores as number[][]));
  out.push(row('Numenta HTM (published outputs), threshold chosen on the other folders', htm, byFolder(htm)), '');

  const passes = [
    { name: `all ${all.length} (the round's result)`, configurations: all },
    { name: `the seventh round's ${old.length} (check: the current headline)`, configurations: old },
    { name: `the ${added.length} new ones only (labelled)`, configurations: added },
  ];
  let verdict = '';
  for (const pass of passes) {
    const nested = nestedOverThresholdRules(corpus, pass.configurations);
    out.push(
      `**Nested over ${pass.name}:** ${nested.normalised.toFixed(1)} with ${nested.falseAlarmsPer1000.toFixed(2)} FA/1k (raw ${nested.raw.toFixed(2)}, TP / FP / FN ${nested.tp} / ${nested.fp} / ${nested.fn}). Picks: ` +
        nested.picks.map((p, k) => `${p.folder}: ${nested.labels[k] ?? '?'} at ${p.threshold.toFixed(4)}, raw ${p.fold?.result.score.toFixed(2) ?? '—'} (${p.fold?.result.fp ?? '—'} FP)`).join('; ') +
        '.',
      '',
    );
    if (pass === passes[0]) {
      const { rule1, held } = adoptionRules(nested, HTM_FALSE_ALARMS_PER_1000);
      verdict = `Adoption rule on the nested figure over all ${all.length}: rule 1 (above ${SEVENTH_ROUND_HEADLINE.normalised.toFixed(1)}, at most ${HTM_FALSE_ALARMS_PER_1000} FA/1k) ${rule1 ? 'met' : 'not met'}; rule 2 (4 of 5 folders at least the current headline's raw − 0.05) ${held >= 4 ? 'met' : 'not met'} (${held} of 5).`;
    }
  }
  out.push(verdict, '', `HTM (published outputs), leave-one-folder-out: ${htm.normalised.toFixed(1)} with ${htm.falseAlarmsPer1000.toFixed(2)} FA/1k. The likelihood post-processing of four detectors' scores took ${likelihoodMs.toLocaleString('en')} ms for ${corpus.files.reduce((s, f) => s + f.values.length, 0).toLocaleString('en')} rows each.`);
  console.log(out.join('\n'));
}

main();
