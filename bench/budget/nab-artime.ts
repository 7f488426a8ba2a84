/**
 * NAB, thirteenth round (rule committed in bench/results/budget-nab.md before the run): ARTime (bench/budget/artime.ts),
 * with its author's defaults.
 * 1. The check: AN (the whole file's range and length, as NAB's harness gives them; not causal) per file at the threshold
 *    of NAB's published per-file scores, against those scores; AN over the 31 files; AN leave-one-folder-out (labelled).
 * 2. The candidates, held out folder by folder: AP (the probationary rows' range) and AS (the range seen so far) alone,
 *    leave-one-folder-out; V, B3 over the headline's eight and AP and AS at two thresholds fixed in advance.
 * Prints markdown (pasted into budget-nab.md). `--check-only` prints step 1 alone. Data: numenta/NAB (MIT); skipped if absent.
 *
 *   npx tsx bench/budget/nab-artime.ts [--check-only]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtimeDetector, artimeProbationaryRows, artimeSeries, type ArtimeRange } from './artime';
import { atThreshold, epochMs, leaveOneFolderOut, nullCalibratedThreshold, publishedPerFileCheck, sweep, VOTE_THRESHOLD, type FixedRule, type NabFile, type PublishedFileScore } from './nab-corpus';
import { b3, detectorRow, detectorTableHeader, earliness, earlinessTable, figureLines, foldsLine, headlineBaseline, heldOutAdoption, nestedVoteFiles, runRound, summary } from './nab-round';
import { FIXED_THRESHOLD_DETECTORS, fixedThresholdRules, NULL_FALSE_ALARM_BUDGET_PER_1000 } from './nab-variant-list';

/** The threshold of NAB's published per-file ARTime scores and its corpus threshold (config/thresholds.json, standard). */
const NAB_THRESHOLD = 0.317486;
/** NAB's published per-file ARTime standard scores at NAB_THRESHOLD for these folders (numenta/NAB, MIT). */
const PUBLISHED_PER_FILE = (JSON.parse(readFileSync(join(__dirname, 'artime-published-scores.json'), 'utf8')) as { rows: PublishedFileScore[] }).rows;

/** The author's rule: every ARTime alarm (score > 0) is a flag. */
const ANY_ALARM = Number.MIN_VALUE;

/** AN: every row in file order with the whole file's range and length, as NAB's harness feeds the reference. */
function asNab(file: NabFile): { scores: number[]; categories: number; capReached: boolean } {
  const range: ArtimeRange = { kind: 'given', min: Math.min(...file.values), max: Math.max(...file.values) };
  const detector = new ArtimeDetector({ probationaryRows: artimeProbationaryRows(file.values.length), range });
  const scores = file.values.map((v) => detector.push(v));
  return { scores, categories: detector.categories, capReached: detector.capReached };
}

/** A causal candidate through the product's path (untidy input policy), p from the file's length as NAB's harness. */
function causal(file: NabFile, range: ArtimeRange): number[] {
  const points = file.timestamps.map((t, i) => ({ at: epochMs(t), value: file.values[i] ?? Number.NaN }));
  return artimeSeries(points, { probationaryRows: artimeProbationaryRows(file.values.length), range });
}


runRound((corpus) => {
  const started = Date.now();
  const nab = corpus.files.map(asNab);
  const anFiles = sweep(
    corpus,
    nab.map((n) => n.scores),
  );
  const anMs = Date.now() - started;
  const check = [
    '**1. The check: AN (the whole file\'s range and length, as NAB\'s harness gives them; not causal)**',
    '',
    publishedPerFileCheck(corpus, anFiles, PUBLISHED_PER_FILE, NAB_THRESHOLD, 'ARTime'),
    '',
    `AN at ${NAB_THRESHOLD} over the 31 files: ${summary(atThreshold(corpus, anFiles, NAB_THRESHOLD))}.`,
    '',
    `AN scored ${corpus.files.reduce((s, f) => s + f.values.length, 0).toLocaleString('en')} rows in ${anMs.toLocaleString('en')} ms (shared machine: not a speed claim); categories at the end of a file: at most ${Math.max(...nab.map((n) => n.categories))}, cap reached: ${nab.some((n) => n.capReached) ? 'yes' : 'no'}.`,
    '',
  ];
  if (process.argv.includes('--check-only')) return check;

  const anLofo = leaveOneFolderOut(corpus, anFiles);
  const candidates = [
    { tag: 'AP', label: 'AP (ARTime, the probationary rows\' range)', range: { kind: 'probationary' } as const },
    { tag: 'AS', label: 'AS (ARTime, the range seen so far)', range: { kind: 'seen' } as const },
  ].map((c) => ({ ...c, files: sweep(corpus, corpus.files.map((f) => causal(f, c.range))) }));
  const rules: FixedRule[] = candidates.flatMap((c) => [
    { label: `${c.label}, every alarm (score > 0)`, perFile: c.files, threshold: ANY_ALARM },
    { label: `${c.label} at ${NULL_FALSE_ALARM_BUDGET_PER_1000} FA/1k on artificialNoAnomaly`, perFile: c.files, threshold: nullCalibratedThreshold(corpus, c.files, NULL_FALSE_ALARM_BUDGET_PER_1000) },
  ]);

  const eight = fixedThresholdRules(corpus, FIXED_THRESHOLD_DETECTORS);
  const { bar, heldOut, headlineFiles, checkLine } = headlineBaseline(corpus, eight);
  const twelve = [...eight, ...rules];
  const v = b3(corpus, twelve);
  const vFiles = nestedVoteFiles(corpus, twelve);
  const htmBar = { normalised: heldOut.htm.normalised, rawByFolder: bar.rawByFolder };

  return [
    ...check,
    `AN leave-one-folder-out (look-ahead range: labelled, not adoptable): ${summary(anLofo)}; held out by folder: ${foldsLine(anLofo)}.`,
    '',
    '**2. The candidates, held out**',
    '',
    checkLine,
    '',
    ...candidates.flatMap((c) => {
      const lofo = leaveOneFolderOut(corpus, c.files);
      return [`**${c.tag} alone, leave-one-folder-out:** ${summary(lofo)}; held out by folder: ${foldsLine(lofo)}.`, '', `Adoption rule: ${heldOutAdoption(lofo, heldOut.htm, bar.rawByFolder)}.`, ''];
    }),
    ...figureLines('V', 'B3 over the twelve (the eight, and AP and AS each at its two fixed thresholds)', v, htmBar, earliness(vFiles, VOTE_THRESHOLD)),
    'AP and AS on every folder at their fixed thresholds (compares detectors; not a hold-out score):',
    '',
    ...detectorTableHeader(corpus),
    ...rules.map((r) => detectorRow(corpus, r)),
    '',
    ...earlinessTable([
      ['the headline (B3 over the eight)', earliness(headlineFiles, VOTE_THRESHOLD)],
      ['V', earliness(vFiles, VOTE_THRESHOLD)],
      ['Numenta HTM (threshold chosen on the other folders)', heldOut.early],
    ]),
    '',
    `Numenta HTM (published outputs), leave-one-folder-out: ${summary(heldOut.htm)}. The whole run took ${(Date.now() - started).toLocaleString('en')} ms (shared machine: not a speed claim).`,
  ];
});
