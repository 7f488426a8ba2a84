/**
 * NAB, twelfth round (rule committed in bench/results/budget-nab.md before the first run): the multiscale scan of the
 * sustained-shift test (`scanScales` [2, 4, 8] beside `sustainWindow` 24), as S (the largest span statistic under its own
 * tail) and S_B (Bonferroni across the spans). Each candidate's four detectors join the headline's eight configurations
 * and the headline's rule is unchanged (B3 over the 16). Beside it: the check (B3 over the eight), each candidate detector
 * at the incident level on every folder, what it changes window by window, and the held-out windows found and first-flag
 * positions against the headline and Numenta HTM. Prints markdown (pasted into budget-nab.md's twelfth round; nab.ts would
 * overwrite the file). Data: numenta/NAB (MIT); skipped if absent.
 *
 *   npx tsx bench/budget/nab-scan.ts
 */
import type { AnomalyOptions } from '../../shared/budget/anomaly';
import { VOTE_THRESHOLD } from './nab-corpus';
import {
  b3,
  detectorRow,
  detectorTableHeader,
  differingWindows,
  earliness,
  earlinessTable,
  figureLines,
  firstFlags,
  headlineBaseline,
  membersByFold,
  nestedVoteFiles,
  runRound,
  summary,
  windowChanges,
  withCandidate,
} from './nab-round';
import { FIXED_THRESHOLD_DETECTORS, fixedThresholdRules, INCIDENT_LEVEL } from './nab-variant-list';

/** The spans and the two ways of combining them, fixed in the pre-registration. */
const CANDIDATES: { tag: string; options: Partial<AnomalyOptions> }[] = [
  { tag: 'S', options: { scanScales: [2, 4, 8], scanCombine: 'max' } },
  { tag: 'S_B', options: { scanScales: [2, 4, 8], scanCombine: 'bonferroni' } },
];

runRound((corpus) => {
  const started = Date.now();
  const eight = fixedThresholdRules(corpus, FIXED_THRESHOLD_DETECTORS);
  const byCandidate = CANDIDATES.map((c) => ({ ...c, rules: fixedThresholdRules(corpus, withCandidate(c.tag, c.options)) }));
  const detectorsMs = Date.now() - started;

  const { bar, heldOut, headlineFiles, headlineFlags, checkLine } = headlineBaseline(corpus, eight);
  const all = [...eight, ...byCandidate.flatMap((c) => c.rules)];
  const allVote = b3(corpus, all);

  const out: string[] = [checkLine, ''];
  for (const c of byCandidate) {
    const rules = [...eight, ...c.rules];
    const round = b3(corpus, rules);
    const files = nestedVoteFiles(corpus, rules);
    out.push(
      `#### ${c.tag} (\`${JSON.stringify(c.options)}\`)`,
      '',
      ...figureLines(c.tag, `B3 over the 16 (the eight and ${c.tag}'s eight)`, round, bar, earliness(files, VOTE_THRESHOLD)),
      `Each ${c.tag} detector at the incident level on every folder (compares detectors; not a hold-out score):`,
      '',
      ...detectorTableHeader(corpus),
      ...c.rules.filter((r) => r.threshold === INCIDENT_LEVEL).map((r) => detectorRow(corpus, r)),
      '',
      `What ${c.tag} changes, window by window, at the incident level (all five folders; against the same detector without it):`,
      '',
      '| detector | windows gained | windows lost | first flag earlier | first flag later |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...FIXED_THRESHOLD_DETECTORS.map((_d, k) => {
        const base = eight[2 * k];
        const withIt = c.rules[2 * k];
        return base && withIt ? windowChanges(base, withIt) : '';
      }),
      '',
      ...differingWindows(c.tag, headlineFlags, firstFlags(files, VOTE_THRESHOLD), heldOut.flags),
    );
  }
  out.push(
    ...earlinessTable([
      ['the headline (B3 over the eight)', earliness(headlineFiles, VOTE_THRESHOLD)],
      ['B3 over all 24 (labelled, not adoptable)', earliness(nestedVoteFiles(corpus, all), VOTE_THRESHOLD)],
      ['Numenta HTM (threshold chosen on the other folders)', heldOut.early],
    ]),
    '',
    `Labelled, not adoptable: B3 over all 24: ${summary(allVote)}. Members: ${membersByFold(allVote)}.`,
    '',
    `Numenta HTM (published outputs), leave-one-folder-out: ${summary(heldOut.htm)}. The twelve detectors scored ${corpus.files.reduce((s, f) => s + f.values.length, 0).toLocaleString('en')} rows each in ${detectorsMs.toLocaleString('en')} ms in all (shared machine: not a speed claim).`,
  );
  return out;
});
