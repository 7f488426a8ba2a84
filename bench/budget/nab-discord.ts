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
import { adoptionRules, loadCorpus, nabAvailable, VOTE_THRESHOLD } from './nab-corpus';
import {
  b3,
  detectorRow,
  earliness,
  earlinessTable,
  htmHeldOut,
  HTM_FALSE_ALARMS_PER_1000,
  membersByFold,
  nestedVoteFiles,
  summary,
  windowChanges,
  withCandidate,
} from './nab-round';
import { FIXED_THRESHOLD_DETECTORS, fixedThresholdRules, INCIDENT_LEVEL, VOTE_MAJORITY as MAJORITY, VOTE_SIZE as MEMBERS } from './nab-variant-list';

/** M's subsequence length, fixed in the pre-registration: the sustained test's span. */
const DISCORD_WINDOW = DEFAULT_ANOMALY_OPTIONS.sustainWindow;

function main(): void {
  if (!nabAvailable()) {
    console.log('NAB data not found: nothing to run.');
    return;
  }
  const corpus = loadCorpus();
  const detectors = [...FIXED_THRESHOLD_DETECTORS, ...withCandidate('M', { discordWindow: DISCORD_WINDOW })];
  const started = Date.now();
  const rules = fixedThresholdRules(corpus, detectors);
  const detectorsMs = Date.now() - started;
  const eight = rules.slice(0, 2 * FIXED_THRESHOLD_DETECTORS.length);

  const check = b3(corpus, eight);
  const round = b3(corpus, rules);
  const bar = { normalised: check.normalised, rawByFolder: check.picks.map((p) => p.fold?.result.score ?? 0) };
  const { rule1, held } = adoptionRules(round, HTM_FALSE_ALARMS_PER_1000, bar);
  const { htm, early: htmEarly } = htmHeldOut(corpus);

  const mRows = rules.filter((r) => r.threshold === INCIDENT_LEVEL).map((r) => detectorRow(corpus, r));
  const out = [
    `**Check, B3 over the headline's eight:** ${summary(check)}. Members: ${membersByFold(check)}.`,
    '',
    `**The round's figure, B3 over the 16 (nested: members chosen on the other folders, ${MAJORITY} of ${MEMBERS} must flag):** ${summary(round)}. Members and held-out scores: ${membersByFold(round)}.`,
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
    ...earlinessTable([
      ['the headline (B3 over the eight)', earliness(nestedVoteFiles(corpus, eight), VOTE_THRESHOLD)],
      ["the round's figure (B3 over the 16)", earliness(nestedVoteFiles(corpus, rules), VOTE_THRESHOLD)],
      ['Numenta HTM (threshold chosen on the other folders)', htmEarly],
    ]),
    '',
    `Numenta HTM (published outputs), leave-one-folder-out: ${summary(htm)}. The eight detectors scored ${corpus.files.reduce((s, f) => s + f.values.length, 0).toLocaleString('en')} rows each in ${detectorsMs.toLocaleString('en')} ms in all (shared machine: not a speed claim).`,
  ];
  console.log(out.join('\n'));
}

main();
