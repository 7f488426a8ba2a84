/**
 * NAB, eleventh round (rule committed in bench/results/budget-nab.md before the first run): the discord test M (the left
 * matrix profile's nearest-neighbour distance of the last `discordWindow` = 24 values, one more test in the Bonferroni
 * product; shared/budget/discord.ts). The headline's rule is unchanged, B3 (per held-out folder the three configurations
 * best on the other folders vote, two must flag), offered the eight configurations of the headline plus the same four
 * detectors with M at the same two threshold rules (16). Beside it: the check (B3 over the eight), each M detector at the
 * incident level on every folder, and windows found with the mean first-flag position for the headline, the round's
 * figure and Numenta HTM. Prints markdown (pasted into budget-nab.md's eleventh round; nab.ts would overwrite the file).
 * Data: numenta/NAB (MIT); skipped if absent.
 *
 *   npx tsx bench/budget/nab-discord.ts
 */
import { DEFAULT_ANOMALY_OPTIONS } from '../../shared/budget/anomaly';
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
import { FIXED_THRESHOLD_DETECTORS, fixedThresholdRules, INCIDENT_LEVEL, VOTE_MAJORITY as MAJORITY, VOTE_SIZE as MEMBERS } from './nab-variant-list';

/** Numenta HTM's false alarms per 1,000 rows on these folders (leave-one-folder-out): the bound. */
const HTM_FALSE_ALARMS_PER_1000 = 0.54;
/** M's subsequence length, fixed in the pre-registration: the sustained test's span. */
const DISCORD_WINDOW = DEFAULT_ANOMALY_OPTIONS.sustainWindow;

function summary(e: Pick<Evaluation, 'normalised' | 'raw' | 'tp' | 'fp' | 'fn' | 'falseAlarmsPer1000'>): string {
  return `${e.normalised.toFixed(1)} with ${e.falseAlarmsPer1000.toFixed(2)} FA/1k (raw ${e.raw.toFixed(2)}, TP / FP / FN rows ${e.tp} / ${e.fp} / ${e.fn})`;
}

/** Each window's first flagged position (0 = left edge, 1 = right edge), undefined where nothing is flagged. */
function firstFlags(files: readonly SweptPoint[][], threshold: number): Map<string, number | undefined> {
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

/** Windows with at least one flagged row, and the mean position of each found window's first flag (0 = left edge, 1 = right). */
function earliness(files: readonly SweptPoint[][], threshold: number): { windows: number; found: number; meanFirst: number } {
  const flags = [...firstFlags(files, threshold).values()];
  const found = flags.filter((f): f is number => f !== undefined);
  return { windows: flags.length, found: found.length, meanFirst: found.reduce((s, f) => s + f, 0) / Math.max(1, found.length) };
}

/** How M changes a detector's windows: gained, lost, and, among windows both find, first flagged earlier or later. */
function windowChanges(base: FixedRule, withM: FixedRule): string {
  const before = firstFlags(base.perFile, base.threshold);
  const after = firstFlags(withM.perFile, withM.threshold);
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
  return `| ${withM.label} | ${gained} | ${lost} | ${earlier} | ${later} |`;
}

/** B3's held-out rows, folder by folder (each folder voted by the three rules best on the other folders). */
function nestedVoteFiles(corpus: NabCorpus, rules: readonly FixedRule[]): SweptPoint[][] {
  const byFolder = new Map(corpus.folders.map((folder) => [folder, combinedScores(topRules(corpus, rules, corpus.folders.filter((f) => f !== folder), MEMBERS), atLeast(MAJORITY))]));
  return corpus.files.map((file, i) => byFolder.get(file.folder)?.[i] ?? []);
}

function earlinessLine(label: string, e: { windows: number; found: number; meanFirst: number }): string {
  return `| ${label} | ${e.found} of ${e.windows} | ${e.meanFirst.toFixed(3)} |`;
}

function main(): void {
  if (!nabAvailable()) {
    console.log('NAB data not found: nothing to run.');
    return;
  }
  const corpus = loadCorpus();
  const detectors = [
    ...FIXED_THRESHOLD_DETECTORS,
    ...FIXED_THRESHOLD_DETECTORS.map((d) => ({ label: `${d.label} + M`, options: { ...d.options, discordWindow: DISCORD_WINDOW } })),
  ];
  const started = Date.now();
  const rules = fixedThresholdRules(corpus, detectors);
  const detectorsMs = Date.now() - started;
  const eight = rules.slice(0, 2 * FIXED_THRESHOLD_DETECTORS.length);

  const check = nestedVote(corpus, eight, MEMBERS, atLeast(MAJORITY));
  const round = nestedVote(corpus, rules, MEMBERS, atLeast(MAJORITY));
  const bar = { normalised: check.normalised, rawByFolder: check.picks.map((p) => p.fold?.result.score ?? 0) };
  const { rule1, held } = adoptionRules(round, HTM_FALSE_ALARMS_PER_1000, bar);
  const htmScores = corpus.files.map((f) => publishedScores('numenta', f));
  if (htmScores.some((s) => !s)) throw new Error('numenta: a file has no published output');
  const htmFiles = sweep(corpus, htmScores as number[][]);
  const htm = leaveOneFolderOut(corpus, htmFiles);
  const htmEarly = corpus.folders.map((folder) => {
    const threshold = htm.folds.find((f) => f.folder === folder)?.threshold ?? 1;
    return earliness(htmFiles.filter((_p, i) => corpus.files[i]?.folder === folder), threshold);
  });
  const htmTotal = htmEarly.reduce(
    (t, e) => ({ windows: t.windows + e.windows, found: t.found + e.found, meanFirst: t.meanFirst + e.meanFirst * e.found }),
    { windows: 0, found: 0, meanFirst: 0 },
  );

  const byFold = (nested: NestedEvaluation & { members: string[][] }): string =>
    nested.picks.map((p, k) => `${p.folder}: ${nested.members[k]?.join(' + ') ?? '?'}, raw ${p.fold?.result.score.toFixed(2) ?? '—'} (${p.fold?.result.fp ?? '—'} FP)`).join('; ');
  const perFolder = (e: Evaluation): string => e.folds.map((f) => `${f.result.score.toFixed(2)} (${f.result.fp})`).join(', ');
  const mRows = rules
    .filter((r) => r.threshold === INCIDENT_LEVEL)
    .map((r) => {
      const e = atThreshold(corpus, r.perFile, r.threshold);
      const early = earliness(r.perFile, r.threshold);
      return `| ${r.label} | ${e.normalised.toFixed(1)} | ${e.falseAlarmsPer1000.toFixed(2)} | ${early.found} of ${early.windows}, ${early.meanFirst.toFixed(3)} | ${perFolder(e)} |`;
    });
  const out = [
    `**Check, B3 over the headline's eight:** ${summary(check)}. Members: ${byFold(check)}.`,
    '',
    `**The round's figure, B3 over the 16 (nested: members chosen on the other folders, ${MAJORITY} of ${MEMBERS} must flag):** ${summary(round)}. Members and held-out scores: ${byFold(round)}.`,
    '',
    `Adoption rule: rule 1 (above ${bar.normalised.toFixed(1)}, at most ${HTM_FALSE_ALARMS_PER_1000} FA/1k) ${rule1 ? 'met' : 'not met'}; rule 2 (at least the headline's raw − 0.05 in 4 of 5 folders) ${held >= 4 ? 'met' : 'not met'} (${held} of 5).`,
    '',
    'Each detector at the incident level on every folder (compares detectors; not a hold-out score):',
    '',
    '| detector | normalised | FA/1k | windows found, mean first flag | raw (FP rows) by folder: ' + corpus.folders.join(', ') + ' |',
    '| --- | ---: | ---: | ---: | --- |',
    ...mRows,
    '',
    'What M changes, window by window, at the incident level (all five folders; against the same detector without M):',
    '',
    '| detector | windows gained | windows lost | first flag earlier | first flag later |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...FIXED_THRESHOLD_DETECTORS.map((_d, k) => {
      const base = rules[2 * k];
      const withM = rules[2 * (k + FIXED_THRESHOLD_DETECTORS.length)];
      return base && withM ? windowChanges(base, withM) : '';
    }),
    '',
    'Windows found and the mean first-flag position inside a found window (0 = left edge; NAB labels the anomaly at 0.5), held out:',
    '',
    '| detector | windows found | mean first flag |',
    '| --- | ---: | ---: |',
    earlinessLine('the headline (B3 over the eight)', earliness(nestedVoteFiles(corpus, eight), VOTE_THRESHOLD)),
    earlinessLine("the round's figure (B3 over the 16)", earliness(nestedVoteFiles(corpus, rules), VOTE_THRESHOLD)),
    earlinessLine('Numenta HTM (threshold chosen on the other folders)', { ...htmTotal, meanFirst: htmTotal.meanFirst / Math.max(1, htmTotal.found) }),
    '',
    `Numenta HTM (published outputs), leave-one-folder-out: ${summary(htm)}. The eight detectors scored ${corpus.files.reduce((s, f) => s + f.values.length, 0).toLocaleString('en')} rows each in ${detectorsMs.toLocaleString('en')} ms in all (shared machine: not a speed claim).`,
  ];
  console.log(out.join('\n'));
}

main();
