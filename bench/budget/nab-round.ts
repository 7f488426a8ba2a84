/**
 * What the later NAB rounds (eleventh: nab-discord.ts; twelfth: nab-scan.ts) share: a candidate's detectors offered to the
 * headline's unchanged rule B3 (per held-out folder the three configurations best on the other folders vote, two must flag),
 * and the diagnostics of the gap to HTM (windows found, where in a window the first flag falls, window by window).
 */
import type { AnomalyOptions } from '../../shared/budget/anomaly';
import {
  adoptionRules,
  atLeast,
  atThreshold,
  combinedScores,
  leaveOneFolderOut,
  loadCorpus,
  nabAvailable,
  nestedVote,
  publishedScores,
  sweep,
  topRules,
  VOTE_THRESHOLD,
  type Evaluation,
  type FixedRule,
  type NabCorpus,
  type NestedEvaluation,
} from './nab-corpus';
import type { SweptPoint } from './nab-scorer';
import { FIXED_THRESHOLD_DETECTORS, VOTE_MAJORITY, VOTE_SIZE } from './nab-variant-list';

/** Numenta HTM's false alarms per 1,000 rows on these folders (leave-one-folder-out): the bound. */
export const HTM_FALSE_ALARMS_PER_1000 = 0.54;

export function summary(e: Pick<Evaluation, 'normalised' | 'raw' | 'tp' | 'fp' | 'fn' | 'falseAlarmsPer1000'>): string {
  return `${e.normalised.toFixed(1)} with ${e.falseAlarmsPer1000.toFixed(2)} FA/1k (raw ${e.raw.toFixed(2)}, TP / FP / FN rows ${e.tp} / ${e.fp} / ${e.fn})`;
}

/** The headline's four detectors with a candidate's options added, labelled `<detector> + <tag>`. */
export function withCandidate(tag: string, options: Partial<AnomalyOptions>): { label: string; options: Partial<AnomalyOptions> }[] {
  return FIXED_THRESHOLD_DETECTORS.map((d) => ({ label: `${d.label} + ${tag}`, options: { ...d.options, ...options } }));
}

/** B3 over `rules`: the headline's rule; `fixed` voters join every fold's three, and `majority` of them all must flag. */
export function b3(corpus: NabCorpus, rules: readonly FixedRule[], fixed: readonly FixedRule[] = [], majority = VOTE_MAJORITY): NestedEvaluation & { members: string[][] } {
  return nestedVote(corpus, rules, VOTE_SIZE, atLeast(majority), fixed);
}

/** Each window's first flagged position (0 = left edge, 1 = right edge), undefined where nothing is flagged. */
export function firstFlags(files: readonly SweptPoint[][], threshold: number): Map<string, number | undefined> {
  const rows = new Map<string, { rows: number; at: number | undefined }>();
  for (const points of files)
    for (const p of points) {
      if (p.window === null || p.window === 'probationary') continue;
      const w = rows.get(p.window) ?? { rows: 0, at: undefined };
      if (w.at === undefined && p.anomalyScore >= threshold) w.at = w.rows;
      w.rows += 1;
      rows.set(p.window, w);
    }
  return new Map([...rows].map(([name, w]) => [name, w.at === undefined ? undefined : w.at / Math.max(1, w.rows - 1)]));
}

export interface Earliness {
  readonly windows: number;
  readonly found: number;
  readonly meanFirst: number;
}

/** Windows with at least one flagged row, and the mean position of each found window's first flag (0 = left edge, 1 = right). */
export function earliness(files: readonly SweptPoint[][], threshold: number): Earliness {
  const flags = [...firstFlags(files, threshold).values()];
  const found = flags.filter((f): f is number => f !== undefined);
  return { windows: flags.length, found: found.length, meanFirst: found.reduce((s, f) => s + f, 0) / Math.max(1, found.length) };
}

/** How a candidate changes a detector's windows: gained, lost, and, among windows both find, first flagged earlier or later. */
export function windowChanges(base: FixedRule, withCandidateRule: FixedRule): string {
  const before = firstFlags(base.perFile, base.threshold);
  const after = firstFlags(withCandidateRule.perFile, withCandidateRule.threshold);
  let gained = 0;
  let lost = 0;
  let earlier = 0;
  let later = 0;
  for (const [name, b] of before) {
    const a = after.get(name);
    if (b === undefined && a !== undefined) gained += 1;
    else if (b !== undefined && a === undefined) lost += 1;
    else if (a !== undefined && b !== undefined && a < b) earlier += 1;
    else if (a !== undefined && b !== undefined && a > b) later += 1;
  }
  return `| ${withCandidateRule.label} | ${gained} | ${lost} | ${earlier} | ${later} |`;
}

/** B3's held-out rows, folder by folder (each folder voted by the three rules best on the other folders, and `fixed`). */
export function nestedVoteFiles(corpus: NabCorpus, rules: readonly FixedRule[], fixed: readonly FixedRule[] = [], majority = VOTE_MAJORITY): SweptPoint[][] {
  const byFolder = new Map(
    corpus.folders.map((folder) => [folder, combinedScores([...topRules(corpus, rules, corpus.folders.filter((f) => f !== folder), VOTE_SIZE), ...fixed], atLeast(majority))]),
  );
  return corpus.files.map((file, i) => byFolder.get(file.folder)?.[i] ?? []);
}

function earlinessLine(label: string, e: Earliness): string {
  return `| ${label} | ${e.found} of ${e.windows} | ${e.meanFirst.toFixed(3)} |`;
}

/** The held-out windows found and mean first-flag positions of several detectors, as a markdown table. */
export function earlinessTable(rows: readonly (readonly [label: string, early: Earliness])[]): string[] {
  return [
    'Windows found and the mean first-flag position inside a found window (0 = left edge; NAB labels the anomaly at 0.5), held out:',
    '',
    '| detector | windows found | mean first flag |',
    '| --- | ---: | ---: |',
    ...rows.map(([label, early]) => earlinessLine(label, early)),
  ];
}

/** Numenta HTM's published outputs, leave-one-folder-out, with its held-out windows found and first-flag positions. */
export function htmHeldOut(corpus: NabCorpus): { htm: Evaluation; files: SweptPoint[][]; early: Earliness; flags: Map<string, number | undefined> } {
  const htmScores = corpus.files.map((f) => publishedScores('numenta', f));
  if (htmScores.some((s) => !s)) throw new Error('numenta: a file has no published output');
  const files = sweep(corpus, htmScores as number[][]);
  const htm = leaveOneFolderOut(corpus, files);
  const flags = new Map<string, number | undefined>();
  const perFolder = corpus.folders.map((folder) => {
    const threshold = htm.folds.find((f) => f.folder === folder)?.threshold ?? 1;
    const inFolder = files.filter((_p, i) => corpus.files[i]?.folder === folder);
    for (const [name, at] of firstFlags(inFolder, threshold)) flags.set(name, at);
    return earliness(inFolder, threshold);
  });
  const total = perFolder.reduce((t, e) => ({ windows: t.windows + e.windows, found: t.found + e.found, meanFirst: t.meanFirst + e.meanFirst * e.found }), { windows: 0, found: 0, meanFirst: 0 });
  return { htm, files, early: { ...total, meanFirst: total.meanFirst / Math.max(1, total.found) }, flags };
}

/** Members and held-out raw score (FP rows) of a nested vote, fold by fold. */
export function membersByFold(nested: NestedEvaluation & { members: string[][] }): string {
  return nested.picks.map((p, k) => `${p.folder}: ${nested.members[k]?.join(' + ') ?? '?'}, raw ${p.fold?.result.score.toFixed(2) ?? '—'} (${p.fold?.result.fp ?? '—'} FP)`).join('; ');
}

const position = (at: number | undefined): string => (at === undefined ? 'missed' : at.toFixed(3));

/** Rules 1 and 2 of the thirteenth and fourteenth rounds for a leave-one-folder-out evaluation: above HTM with no more false alarms; 4 of 5 folders held. */
export function heldOutAdoption(e: Evaluation, htm: Evaluation, rawByFolder: readonly number[]): string {
  const rule1 = e.normalised > htm.normalised && e.falseAlarmsPer1000 <= HTM_FALSE_ALARMS_PER_1000;
  const held = e.folds.filter((f, k) => f.result.score >= (rawByFolder[k] ?? 0) - 0.05).length;
  return `rule 1 (above HTM's ${htm.normalised.toFixed(1)}, at most ${HTM_FALSE_ALARMS_PER_1000} FA/1k) ${rule1 ? 'met' : 'not met'}; rule 2 (at least the headline's raw − 0.05 in 4 of 5 folders) ${held >= 4 ? 'met' : 'not met'} (${held} of 5)`;
}

/** Each held-out folder's raw score, false-alarm rows and threshold. */
export function foldsLine(e: Evaluation): string {
  return e.folds.map((f) => `${f.folder} ${f.result.score.toFixed(2)} (${f.result.fp} FP, threshold ${f.threshold.toFixed(4)})`).join('; ');
}

/** A candidate figure's line, its adoption rules 1 and 2 against the headline (`bar`), and its held-out earliness. */
export function figureLines(
  tag: string,
  what: string,
  round: NestedEvaluation & { members: string[][] },
  bar: { readonly normalised: number; readonly rawByFolder: readonly number[] },
  early: Earliness,
): string[] {
  const { rule1, held } = adoptionRules(round, HTM_FALSE_ALARMS_PER_1000, bar);
  return [
    `**${tag}'s figure, ${what}:** ${summary(round)}. Members and held-out scores: ${membersByFold(round)}.`,
    '',
    `Adoption rule: rule 1 (above ${bar.normalised.toFixed(1)}, at most ${HTM_FALSE_ALARMS_PER_1000} FA/1k) ${rule1 ? 'met' : 'not met'}; rule 2 (at least the headline's raw − 0.05 in 4 of 5 folders) ${held >= 4 ? 'met' : 'not met'} (${held} of 5).`,
    '',
    `${tag}'s figure, held out: ${early.found} of ${early.windows} windows found, first flag at ${early.meanFirst.toFixed(3)} of a window on average.`,
    '',
  ];
}

/** The held-out windows where a candidate's figure and the headline differ, with HTM's first flag beside them. */
export function differingWindows(tag: string, headline: Map<string, number | undefined>, candidate: Map<string, number | undefined>, htm: Map<string, number | undefined>): string[] {
  const differing = [...headline].filter(([name, at]) => candidate.get(name) !== at);
  return [
    `Held out, the windows where ${tag}'s figure and the headline differ (first-flag position in the window; HTM at its leave-one-folder-out threshold):`,
    '',
    `| window | headline | ${tag}'s figure | HTM |`,
    '| --- | ---: | ---: | ---: |',
    ...differing.map(([name, at]) => `| ${name} | ${position(at)} | ${position(candidate.get(name))} | ${position(htm.get(name))} |`),
    '',
  ];
}

/** A detector's row on every folder at its own threshold (in-sample: compares detectors, not a hold-out score). */
export function detectorRow(corpus: NabCorpus, rule: FixedRule): string {
  const e = atThreshold(corpus, rule.perFile, rule.threshold);
  const early = earliness(rule.perFile, rule.threshold);
  const byFolder = e.folds.map((f) => `${f.result.score.toFixed(2)} (${f.result.fp})`).join(', ');
  return `| ${rule.label} | ${e.normalised.toFixed(1)} | ${e.falseAlarmsPer1000.toFixed(2)} | ${early.found} of ${early.windows}, ${early.meanFirst.toFixed(3)} | ${byFolder} |`;
}

export function detectorTableHeader(corpus: NabCorpus): string[] {
  return [`| detector | normalised | FA/1k | windows found, mean first flag | raw (FP rows) by folder: ${corpus.folders.join(', ')} |`, '| --- | ---: | ---: | ---: | --- |'];
}

/** A round's entry point: prints `run`'s lines for the corpus, or says that the data are absent. */
export function runRound(run: (corpus: NabCorpus) => string[]): void {
  if (!nabAvailable()) {
    console.log('NAB data not found: nothing to run.');
    return;
  }
  console.log(run(loadCorpus()).join('\n'));
}

/** What a round compares with: the headline (B3 over `eight`), its figures as the adoption bar, its held-out first flags, and HTM's. */
export function headlineBaseline(corpus: NabCorpus, eight: readonly FixedRule[]) {
  const check = b3(corpus, eight);
  const headlineFiles = nestedVoteFiles(corpus, eight);
  return {
    check,
    bar: { normalised: check.normalised, rawByFolder: check.picks.map((p) => p.fold?.result.score ?? 0) },
    heldOut: htmHeldOut(corpus),
    headlineFiles,
    headlineFlags: firstFlags(headlineFiles, VOTE_THRESHOLD),
    checkLine: `**Check, B3 over the headline's eight:** ${summary(check)}. Members: ${membersByFold(check)}.`,
  };
}

/**
 * A voter's round (twelfth round's SR, fourteenth round's C): V1 offers the voter's two configurations (its incident level
 * first) to the headline's unchanged rule (B3 over the ten); V2 adds it at the incident level as a fixed fourth voter to each
 * fold's three members (VOTE_MAJORITY of 4 must flag). Lines from the check to the earliness table, and HTM held out.
 */
export function voterRound(corpus: NabCorpus, eight: readonly FixedRule[], voter: readonly FixedRule[], name: string, detectorsIntro: string): { lines: string[]; heldOut: ReturnType<typeof htmHeldOut> } {
  const [incident] = voter;
  if (!incident) throw new Error(`${name}: no configuration`);
  const { bar, heldOut, headlineFiles, headlineFlags, checkLine } = headlineBaseline(corpus, eight);
  const ten = [...eight, ...voter];
  const v1 = b3(corpus, ten);
  const v1Files = nestedVoteFiles(corpus, ten);
  const v2 = b3(corpus, eight, [incident], VOTE_MAJORITY);
  const v2Files = nestedVoteFiles(corpus, eight, [incident], VOTE_MAJORITY);
  const lines = [
    checkLine,
    '',
    ...figureLines('V1', `B3 over the ten (the eight and ${name} at its two thresholds)`, v1, bar, earliness(v1Files, VOTE_THRESHOLD)),
    ...figureLines('V2', `each fold's three members and ${name} at the incident level, ${VOTE_MAJORITY} of 4 must flag`, v2, bar, earliness(v2Files, VOTE_THRESHOLD)),
    detectorsIntro,
    '',
    ...detectorTableHeader(corpus),
    ...voter.map((r) => detectorRow(corpus, r)),
    '',
    ...differingWindows('V1', headlineFlags, firstFlags(v1Files, VOTE_THRESHOLD), heldOut.flags),
    ...differingWindows('V2', headlineFlags, firstFlags(v2Files, VOTE_THRESHOLD), heldOut.flags),
    ...earlinessTable([
      ['the headline (B3 over the eight)', earliness(headlineFiles, VOTE_THRESHOLD)],
      ['V1', earliness(v1Files, VOTE_THRESHOLD)],
      ['V2', earliness(v2Files, VOTE_THRESHOLD)],
      ['Numenta HTM (threshold chosen on the other folders)', heldOut.early],
    ]),
    '',
  ];
  return { lines, heldOut };
}
