/**
 * Anomaly detection on real and artificial data: every folder of NAB under ../shared/data/nab.
 *
 * 1. Verifies the scorer port: rescoring the published per-row outputs of Numenta HTM and windowed
 *    Gaussian at their published thresholds must give their published per-file scores and counts.
 * 2. Headline, leave-one-folder-out: for each folder, every detector's threshold is the one NAB's
 *    optimisation picks on the OTHER folders; the held-out folders' scores are added up and
 *    normalised over all their windows. Numenta HTM and windowed Gaussian (their published per-row
 *    scores) have nothing else to choose. Ours is nested: its options were chosen while looking at
 *    all folders, so for each held-out folder the option variant (VARIANTS below: the committed
 *    defaults and the alternatives that were weighed against them) AND the threshold are picked on
 *    the other folders. False alarms per 1,000 rows are the rows flagged outside every window per
 *    1,000 rows scored.
 * 3. Beside it, labelled: ours at the committed defaults (threshold still chosen on the other
 *    folders), and each folder at its own best threshold (optimistic).
 * 4. Every variant's own leave-one-folder-out score, to show how much the defaults matter.
 * Writes bench/results/budget-nab.md. Data: numenta/NAB (MIT); skipped if absent.
 *
 *   npx tsx bench/budget/nab.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ANOMALY_OPTIONS, pValueOfScore, scoreSeries, type AnomalyOptions } from '../../shared/budget/anomaly';
import {
  NAB_DIR,
  atThreshold,
  epochMs,
  leaveOneFolderOut,
  loadCorpus,
  nabAvailable,
  nestedLeaveOneFolderOut,
  perFolderOptimised,
  publishedScores,
  readCsv,
  sweep,
  type Evaluation,
  type NabCorpus,
} from './nab-corpus';
import { normalisedScore, scoreAtThreshold, type SweptPoint } from './nab-scorer';

const PUBLISHED = [
  { id: 'numenta', name: 'Numenta HTM' },
  { id: 'windowedGaussian', name: 'windowed Gaussian' },
] as const;

/**
 * The options that were chosen while looking at every folder, each with the alternatives weighed against it.
 * `ablation`: the defaults and each of the 2026-12-03 additions undone (the cycle check off, the burst test off,
 * the previous incident level); the other rows are neighbouring values of the same settings.
 */
const VARIANTS: { label: string; options: Partial<AnomalyOptions>; ablation?: true }[] = [
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

function ourScores(corpus: NabCorpus, options: AnomalyOptions): number[][] {
  return corpus.files.map((file) => scoreSeries(file.timestamps.map((t, i) => ({ at: epochMs(t), value: file.values[i] ?? Number.NaN })), options).map((s) => s.alertScore));
}

function scorerCheck(corpus: NabCorpus, lines: string[]): void {
  lines.push(
    '### Scorer check against the published per-file results (standard profile)',
    '',
    '| detector | files | threshold | max abs score difference | counts (TP, TN, FP, FN) identical | published total | rescored total |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: |',
  );
  for (const { id } of PUBLISHED) {
    const threshold = corpus.publishedThresholds[id] ?? Number.NaN;
    const rows = readCsv(join(NAB_DIR, 'results', id, `${id}_standard_scores.csv`)).filter((r) => corpus.files.some((f) => f.name === r[2]));
    let maxDifference = 0;
    let countsMatch = true;
    let rescored = 0;
    for (const row of rows) {
      const file = corpus.files.find((f) => f.name === row[2]);
      const scores = file && publishedScores(id, file);
      if (!file || !scores) throw new Error(`${id}: no results for ${row[2] ?? '?'}`);
      const points = sweep({ ...corpus, files: [file] }, [scores])[0] ?? [];
      const result = scoreAtThreshold(points, corpus.cost, threshold);
      maxDifference = Math.max(maxDifference, Math.abs(result.score - Number(row[4])));
      countsMatch &&= [result.tp, result.tn, result.fp, result.fn].every((v, i) => v === Number(row[5 + i]));
      rescored += result.score;
    }
    const published = rows.reduce((s, r) => s + Number(r[4]), 0);
    lines.push(`| ${id} | ${rows.length} | ${threshold} | ${maxDifference.toExponential(2)} | ${countsMatch ? 'yes' : 'NO'} | ${published.toFixed(4)} | ${rescored.toFixed(4)} |`);
  }
  lines.push('', '(NAB publishes per-file score rows only for some folders; the others are rescored from the published per-row outputs in the same way.)', '');
}

function main(): void {
  if (!nabAvailable()) {
    console.log(`NAB data not found at ${NAB_DIR}: skipping the anomaly benchmark.`);
    return;
  }
  const corpus = loadCorpus();
  const windowCount = corpus.files.reduce((s, f) => s + f.windows.length, 0);
  const rowCount = corpus.files.reduce((s, f) => s + f.values.length, 0);
  const lines: string[] = [
    `## Anomaly detection: NAB, ${corpus.folders.length} folders, leave-one-folder-out`,
    '',
    `Generated by \`npx tsx bench/budget/nab.ts\` on ${new Date().toISOString().slice(0, 10)} (machine shared with other jobs: the timing is not a speed claim).`,
    '',
  ];
  lines.push(
    `Folders: ${corpus.folders.map((folder) => `${folder} (${corpus.files.filter((f) => f.folder === folder).length} files, ${corpus.files.filter((f) => f.folder === folder).reduce((s, f) => s + f.windows.length, 0)} windows)`).join(', ')}; ${corpus.files.length} files, ${rowCount.toLocaleString('en')} rows, ${windowCount} anomaly windows. Standard profile.`,
    '',
  );
  scorerCheck(corpus, lines);

  const started = Date.now();
  const ours = ourScores(corpus, DEFAULT_ANOMALY_OPTIONS);
  const detectionMs = Date.now() - started;
  const variantSweeps = VARIANTS.map((v, k) => (k === 0 ? sweep(corpus, ours) : sweep(corpus, ourScores(corpus, { ...DEFAULT_ANOMALY_OPTIONS, ...v.options }))));
  const nestedOneSe = nestedLeaveOneFolderOut(corpus, variantSweeps, 'one-se');
  const nested = nestedLeaveOneFolderOut(corpus, variantSweeps, 'inner-lofo');
  const nestedFit = nestedLeaveOneFolderOut(corpus, variantSweeps, 'training-fit');
  const ablationIndex = VARIANTS.flatMap((v, k) => (v.ablation ? [k] : []));
  const nestedAblation = nestedLeaveOneFolderOut(
    corpus,
    ablationIndex.map((k) => variantSweeps[k] ?? []),
    'inner-lofo',
  );
  const contenders: { name: string; perFile: SweptPoint[][]; publishedThreshold?: number }[] = [
    { name: 'ours at the committed defaults', perFile: variantSweeps[0] ?? [] },
    ...PUBLISHED.map(({ id, name }) => {
      const scores = corpus.files.map((f) => publishedScores(id, f));
      if (scores.some((s) => !s)) throw new Error(`${id}: a file has no published output`);
      return { name, perFile: sweep(corpus, scores as number[][]), publishedThreshold: corpus.publishedThresholds[id] };
    }),
  ];
  const evaluated = contenders.map((c) => ({
    ...c,
    lofo: leaveOneFolderOut(corpus, c.perFile),
    perFolder: perFolderOptimised(corpus, c.perFile),
    atPublished: c.publishedThreshold === undefined ? undefined : atThreshold(corpus, c.perFile, c.publishedThreshold),
  }));
  const cells = (e: Evaluation, bold: boolean): string => `${bold ? `**${e.normalised.toFixed(1)}**` : e.normalised.toFixed(1)} | ${e.raw.toFixed(2)} | ${e.tp} / ${e.fp} / ${e.fn} | ${e.falseAlarmsPer1000.toFixed(2)}`;
  lines.push(
    '### Headline: leave-one-folder-out (each folder at the threshold chosen on the other folders)',
    '',
    'Ours is nested: its defaults were chosen while looking at all five folders, so for each held-out folder the option variant',
    `(one of the ${VARIANTS.length} in the variant table below) and the threshold are both picked on the other four. The headline judges each`,
    'variant by its leave-one-folder-out score within those four (nested cross-validation: does its threshold transfer?) and keeps',
    'the committed defaults unless a variant beats them there by more than one standard error of the paired per-file differences',
    '(the one-SE rule, written down before it was run: see the fourth round below). The next row takes the best inner score',
    'without that rule (the previous headline); the one after picks the variant whose best threshold fits those four best. The',
    'committed defaults had their threshold chosen on the other folders too, but their options were picked seeing every folder:',
    'labelled, not the headline.',
    '',
    'Normalised as NAB does: 0 = the null detector, 100 = a detector that fires once at the start of every window; the held-out',
    'folders\' raw scores are added and normalised over all windows. Counts are rows (TP = flagged rows in a window, FP = flagged rows',
    'outside every window, FN = unflagged rows in a window). False alarms per 1,000 = FP rows per 1,000 rows scored (after NAB\'s probationary period).',
    '',
    '| detector | normalised | raw | TP / FP / FN rows | false alarms per 1,000 rows |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| **ours, nested: options and threshold chosen on the other folders (variant by inner leave-one-folder-out, one-SE rule)** | **${nestedOneSe.normalised.toFixed(1)}** | ${nestedOneSe.raw.toFixed(2)} | ${nestedOneSe.tp} / ${nestedOneSe.fp} / ${nestedOneSe.fn} | ${nestedOneSe.falseAlarmsPer1000.toFixed(2)} |`,
    `| ours, nested, variant by the best inner leave-one-folder-out score (no one-SE rule; the previous headline) | ${nested.normalised.toFixed(1)} | ${nested.raw.toFixed(2)} | ${nested.tp} / ${nested.fp} / ${nested.fn} | ${nested.falseAlarmsPer1000.toFixed(2)} |`,
    `| ours, nested, variant by its fit to the training folders | ${nestedFit.normalised.toFixed(1)} | ${nestedFit.raw.toFixed(2)} | ${nestedFit.tp} / ${nestedFit.fp} / ${nestedFit.fn} | ${nestedFit.falseAlarmsPer1000.toFixed(2)} |`,
    `| ours, nested over the ablations only (variants ${ablationIndex.map((k) => k + 1).join(', ')}; set chosen after the full table was seen: labelled, not the headline) | ${nestedAblation.normalised.toFixed(1)} | ${nestedAblation.raw.toFixed(2)} | ${nestedAblation.tp} / ${nestedAblation.fp} / ${nestedAblation.fn} | ${nestedAblation.falseAlarmsPer1000.toFixed(2)} |`,
    // Our committed defaults saw every folder: shown beside the baselines, not in bold like a headline.
    ...evaluated.map((e, k) => `| ${e.name}${k === 0 ? ' (options chosen seeing all folders)' : ''} | ${cells(e.lofo, k !== 0)} |`),
    '',
    '### Per held-out folder (normalised score; threshold chosen on the other folders; false alarms per 1,000 rows)',
    '',
    `| held-out folder | windows | rows | ${evaluated.map((e) => `${e.name}: threshold | score | FA/1k`).join(' | ')} |`,
    `| --- | ---: | ---: | ${evaluated.map(() => '---: | ---: | ---:').join(' | ')} |`,
  );
  corpus.folders.forEach((folder, k) => {
    const fold = evaluated[0]?.lofo.folds[k];
    const cellsOf = evaluated.map((e) => {
      const f = e.lofo.folds[k];
      if (!f) return '— | — | —';
      const norm = f.windows > 0 ? (100 * (f.result.score + f.windows * corpus.cost.fnWeight)) / (f.windows * (corpus.cost.tpWeight + corpus.cost.fnWeight)) : undefined;
      return `${f.threshold.toFixed(4)} | ${norm === undefined ? `raw ${f.result.score.toFixed(2)}` : norm.toFixed(1)} | ${((1000 * f.result.fp) / f.rows).toFixed(2)}`;
    });
    lines.push(`| ${folder} | ${fold?.windows ?? 0} | ${fold?.rows ?? 0} | ${cellsOf.join(' | ')} |`);
  });
  const [oursEval, htm] = evaluated;
  if (!oursEval || !htm) throw new Error('unreachable: every detector was scored');
  const views = [
    { name: 'ours, nested (one-SE rule, the headline)', folds: nestedOneSe.picks.flatMap((p) => (p.fold ? [p.fold] : [])), corpusWide: nestedOneSe.normalised },
    ...evaluated.map((e) => ({ name: e.name, folds: e.lofo.folds, corpusWide: e.lofo.normalised })),
  ];
  const withWindows = corpus.folders.filter((folder) => corpus.files.some((f) => f.folder === folder && f.windows.length > 0));
  lines.push(
    '',
    '### Per-file-count-weighted view (held-out, as the headline)',
    '',
    'NAB normalises a corpus over its windows, so the folder with the most windows weighs most. Here each held-out folder with',
    'windows is normalised on its own and the folders are averaged with weights equal to their file counts',
    `(${withWindows.map((folder) => `${folder} ${corpus.files.filter((f) => f.folder === folder).length}`).join(', ')}): closer to how a new folder of`,
    'many short files would count. Folders without windows cannot be normalised; their false alarms per 1,000 rows are shown.',
    '',
    '| detector | file-weighted normalised | corpus-wide normalised (as the headline) | artificialNoAnomaly: false alarms per 1,000 rows |',
    '| --- | ---: | ---: | ---: |',
    ...views.map((v) => {
      const weighted = withWindows.reduce(
        (acc, folder) => {
          const fold = v.folds.find((f) => f.folder === folder);
          if (!fold) return acc;
          return { sum: acc.sum + fold.files * normalisedScore(fold.result.score, fold.windows, corpus.cost), files: acc.files + fold.files };
        },
        { sum: 0, files: 0 },
      );
      const quiet = v.folds.filter((f) => f.windows === 0);
      const quietFa = quiet.reduce((sum, f) => sum + f.result.fp, 0) / Math.max(1, quiet.reduce((sum, f) => sum + f.rows, 0));
      return `| ${v.name} | ${(weighted.sum / weighted.files).toFixed(1)} | ${v.corpusWide.toFixed(1)} | ${(1000 * quietFa).toFixed(2)} |`;
    }),
  );
  const ourThresholds = oursEval.lofo.folds.map((f) => f.threshold);
  lines.push(
    '',
    `Our thresholds across the five training sets: ${Math.min(...ourThresholds).toFixed(4)}–${Math.max(...ourThresholds).toFixed(4)}, i.e. p-values ${pValueOfScore(Math.max(...ourThresholds)).toExponential(1)}–${pValueOfScore(Math.min(...ourThresholds)).toExponential(1)} (score ↔ p-value: \`pValueOfScore\`). A folder with no windows (artificialNoAnomaly) can only lose points, for false alarms; its raw score is shown.`,
    '',
    '### Beside it: other ways of choosing the threshold (not out-of-sample)',
    '',
    '"Per folder" re-optimises the threshold on each folder itself (it has seen the labels it is scored on). "Published" is NAB\'s own threshold, optimised on its full 58-file corpus, which contains these folders.',
    '',
    '| detector | per folder: normalised | raw | TP / FP / FN | FA/1k | published threshold: normalised | raw | TP / FP / FN | FA/1k |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...evaluated.map((e) => `| ${e.name} | ${cells(e.perFolder, true)} | ${e.atPublished ? cells(e.atPublished, true) : '— | — | — | —'} |`),
  );

  lines.push(
    '',
    '### Our option variants, each leave-one-folder-out (threshold chosen on the other folders)',
    '',
    'Chosen by looking at all five folders, these rows compare variants; they are not hold-out scores of the best one (the nested row is).',
    '',
    '| variant | options | normalised | FA/1k | per folder: normalised |',
    '| --- | --- | ---: | ---: | ---: |',
    ...VARIANTS.map((v, k) => {
      const perFile = variantSweeps[k] ?? [];
      const lofo = leaveOneFolderOut(corpus, perFile);
      return `| ${k + 1}. ${v.label} | \`${JSON.stringify(v.options)}\` | ${lofo.normalised.toFixed(1)} | ${lofo.falseAlarmsPer1000.toFixed(2)} | ${perFolderOptimised(corpus, perFile).normalised.toFixed(1)} |`;
    }),
    ...[
      { name: 'Nested picks (headline, variant by inner leave-one-folder-out, one-SE rule)', evaluation: nestedOneSe },
      { name: 'Nested picks (variant by the best inner leave-one-folder-out score, no one-SE rule)', evaluation: nested },
      { name: 'Nested picks (variant by fit to the training folders)', evaluation: nestedFit },
      { name: 'Nested picks over the ablations only', evaluation: { ...nestedAblation, picks: nestedAblation.picks.map((p) => ({ ...p, variant: ablationIndex[p.variant] ?? p.variant })) } },
    ].flatMap(({ name, evaluation }) => [
      '',
        `${name}: ` +
        evaluation.picks
          .map((p) => {
            const f = p.fold;
            const shown = f && f.windows > 0 ? normalisedScore(f.result.score, f.windows, corpus.cost).toFixed(1) : `raw ${f?.result.score.toFixed(2) ?? '—'}`;
            const gain = p.gain ? ` (inner gain over the defaults ${p.gain.raw.toFixed(2)} raw, one SE ${p.gain.standardError.toFixed(2)})` : '';
            return `${p.folder}: variant ${p.variant + 1}${gain} at ${p.threshold.toFixed(4)}, ${shown}, ${f ? ((1000 * f.result.fp) / f.rows).toFixed(2) : '—'} FA/1k`;
          })
          .join('; ') +
        '.',
    ]),
  );

  const verdict = (score: number, falseAlarms: number): string => {
    const margin = score - htm.lofo.normalised;
    const fewerAlarms = falseAlarms <= htm.lofo.falseAlarmsPer1000;
    const gaps = [margin > 0 ? '' : 'score below HTM', fewerAlarms ? '' : 'more false alarms'].filter((g) => g).join(', ');
    return `${margin >= 0 ? '+' : ''}${margin.toFixed(1)} normalised points; false alarms ${falseAlarms.toFixed(2)} vs ${htm.lofo.falseAlarmsPer1000.toFixed(2)} per 1,000 rows; target (above HTM with no more false alarms) ${gaps ? `not met (${gaps})` : 'met'}`;
  };
  lines.push(
    '',
    `Ours (nested, one-SE rule, the headline) − Numenta HTM, leave-one-folder-out: ${verdict(nestedOneSe.normalised, nestedOneSe.falseAlarmsPer1000)}.`,
    `Ours (nested, best inner score, no one-SE rule) − Numenta HTM: ${verdict(nested.normalised, nested.falseAlarmsPer1000)}.`,
    `Ours (nested, variant by fit to the training folders) − Numenta HTM: ${verdict(nestedFit.normalised, nestedFit.falseAlarmsPer1000)}.`,
    `Ours (nested over the ablations only, labelled) − Numenta HTM: ${verdict(nestedAblation.normalised, nestedAblation.falseAlarmsPer1000)}.`,
    `Ours at the committed defaults (options chosen seeing all folders) − Numenta HTM: ${verdict(oursEval.lofo.normalised, oursEval.lofo.falseAlarmsPer1000)}.`,
    `Our detector (committed defaults) scored ${rowCount.toLocaleString('en')} rows in ${detectionMs.toLocaleString('en')} ms.`,
    'Data: Numenta Anomaly Benchmark (github.com/numenta/NAB, MIT licence).',
    '',
  );
  const markdown = lines.join('\n');
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'budget-nab.md'), markdown);
  console.log(markdown);
}

main();
