/**
 * NAB, tenth round (rule committed in bench/results/budget-nab.md before the first run): bagging the headline's selection.
 * The headline picks one of eight configurations (FIXED_THRESHOLD_DETECTORS × {the incident level, 0.54 FA/1k on
 * artificialNoAnomaly}) per held-out folder by its summed raw score on the other folders. B3, the candidate: the top
 * three by that merit vote row by row (flagged when at least two of the three flag). Labelled beside it: the same members'
 * mean margin, the four detectors at the incident level voting two of four (no selection), and the selection by mean rank.
 * Prints markdown (pasted into budget-nab.md's tenth round; nab.ts would overwrite the file).
 * Data: numenta/NAB (MIT); skipped if absent.
 *
 *   npx tsx bench/budget/nab-ensemble.ts
 */
import {
  adoptionRules,
  asRuled,
  atLeast,
  atThreshold,
  combinedScores,
  leaveOneFolderOut,
  loadCorpus,
  meanMargin,
  nabAvailable,
  nestedByMeanRank,
  nestedOverThresholdRules,
  nestedVote,
  publishedScores,
  SEVENTH_ROUND_HEADLINE,
  sweep,
  topRules,
  VOTE_THRESHOLD,
  type Evaluation,
  type NestedEvaluation,
} from './nab-corpus';
import { FIXED_THRESHOLD_DETECTORS, fixedThresholdRules, INCIDENT_LEVEL, VOTE_MAJORITY as MAJORITY, VOTE_SIZE as MEMBERS } from './nab-variant-list';

/** Numenta HTM's false alarms per 1,000 rows on these folders (leave-one-folder-out): the bound. */
const HTM_FALSE_ALARMS_PER_1000 = 0.54;

function summary(e: Pick<Evaluation, 'normalised' | 'raw' | 'tp' | 'fp' | 'fn' | 'falseAlarmsPer1000'>): string {
  return `${e.normalised.toFixed(1)} with ${e.falseAlarmsPer1000.toFixed(2)} FA/1k (raw ${e.raw.toFixed(2)}, TP / FP / FN rows ${e.tp} / ${e.fp} / ${e.fn})`;
}

function byFold(nested: NestedEvaluation, chosen: (k: number) => string): string {
  return nested.picks.map((p, k) => `${p.folder}: ${chosen(k)}, raw ${p.fold?.result.score.toFixed(2) ?? '—'} (${p.fold?.result.fp ?? '—'} FP)`).join('; ');
}

function main(): void {
  if (!nabAvailable()) {
    console.log('NAB data not found: nothing to run.');
    return;
  }
  const corpus = loadCorpus();
  const started = Date.now();
  const rules = fixedThresholdRules(corpus, FIXED_THRESHOLD_DETECTORS);
  const detectorsMs = Date.now() - started;
  const incidentLevel = rules.filter((r) => r.threshold === INCIDENT_LEVEL);

  const headline = nestedOverThresholdRules(corpus, rules.map(asRuled));
  const b3 = nestedVote(corpus, rules, MEMBERS, atLeast(MAJORITY));
  const b3Mean = nestedVote(corpus, rules, MEMBERS, meanMargin);
  const v4 = atThreshold(corpus, combinedScores(incidentLevel, atLeast(2)), VOTE_THRESHOLD);
  const meanRank = nestedByMeanRank(corpus, rules);
  const forNewFolder = topRules(corpus, rules, corpus.folders, MEMBERS);
  const forNewFolderScore = atThreshold(corpus, combinedScores(forNewFolder, atLeast(MAJORITY)), VOTE_THRESHOLD);
  const htmScores = corpus.files.map((f) => publishedScores('numenta', f));
  if (htmScores.some((s) => !s)) throw new Error('numenta: a file has no published output');
  const htm = leaveOneFolderOut(corpus, sweep(corpus, htmScores as number[][]));

  const { rule1, held } = adoptionRules(b3, HTM_FALSE_ALARMS_PER_1000);
  const members = (k: number): string => `${b3.members[k]?.join(' + ') ?? '?'}`;
  const perFolder = (e: Evaluation): string => e.folds.map((f) => `${f.folder} ${f.result.score.toFixed(2)} (${f.result.fp} FP)`).join('; ');
  const out = [
    `**Check, the headline's selection over the eight:** ${summary(headline)}. Picks: ${byFold(headline, (k) => headline.labels[k] ?? '?')}.`,
    '',
    `**B3, the round's result (nested: members chosen on the other folders, ${MAJORITY} of ${MEMBERS} must flag):** ${summary(b3)}. Members and held-out scores: ${byFold(b3, members)}.`,
    '',
    `Adoption rule: rule 1 (above ${SEVENTH_ROUND_HEADLINE.normalised.toFixed(1)}, at most ${HTM_FALSE_ALARMS_PER_1000} FA/1k) ${rule1 ? 'met' : 'not met'}; rule 2 (at least the current headline's raw − 0.05 in 4 of 5 folders) ${held >= 4 ? 'met' : 'not met'} (${held} of 5).`,
    '',
    'Labelled beside it (not adoptable):',
    `- B3's members, mean margin instead of the majority (nested): ${summary(b3Mean)}; ${byFold(b3Mean, () => 'mean')}.`,
    `- The four detectors at the incident level, two of four must flag (no selection; all five folders): ${summary(v4)}; ${perFolder(v4)}.`,
    `- The headline's selection by mean rank over the training folders (nested; its inputs were in the record before this round): ${summary(meanRank)}. Picks: ${byFold(meanRank, (k) => meanRank.labels[k] ?? '?')}.`,
    `- B3 for a new folder (members chosen on all five: ${forNewFolder.map((r) => r.label).join(' + ')}), scored on the same five folders (in-sample, labelled): ${summary(forNewFolderScore)}; ${perFolder(forNewFolderScore)}.`,
    '',
    `Numenta HTM (published outputs), leave-one-folder-out: ${summary(htm)}. The four detectors scored ${corpus.files.reduce((s, f) => s + f.values.length, 0).toLocaleString('en')} rows each in ${detectorsMs.toLocaleString('en')} ms in all (shared machine: not a speed claim).`,
  ];
  console.log(out.join('\n'));
}

main();
