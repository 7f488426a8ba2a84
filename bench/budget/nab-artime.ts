/**
 * NAB, thirteenth round (rule committed in bench/results/budget-nab.md before the run): ARTime (shared/budget/artime.ts),
 * with its author's defaults.
 * 1. The check: AN (the whole file's range and length, as NAB's harness gives them; not causal) per file at the threshold
 *    of NAB's published per-file scores, against those scores; AN over the 31 files; AN leave-one-folder-out (labelled).
 * 2. The candidates, held out folder by folder: AP (the probationary rows' range) and AS (the range seen so far) alone,
 *    leave-one-folder-out; V, B3 over the headline's eight and AP and AS at two thresholds fixed in advance.
 * Prints markdown (pasted into budget-nab.md). `--check-only` prints step 1 alone. Data: numenta/NAB (MIT); skipped if absent.
 *
 *   npx tsx bench/budget/nab-artime.ts [--check-only]
 */
import { ArtimeDetector, artimeProbationaryRows, artimeSeries, type ArtimeRange } from '../../shared/budget/artime';
import { atThreshold, epochMs, leaveOneFolderOut, nullCalibratedThreshold, sweep, VOTE_THRESHOLD, type Evaluation, type FixedRule, type NabCorpus, type NabFile } from './nab-corpus';
import { b3, detectorRow, detectorTableHeader, earliness, earlinessTable, figureLines, headlineBaseline, HTM_FALSE_ALARMS_PER_1000, nestedVoteFiles, runRound, summary } from './nab-round';
import { scoreAtThreshold, type SweptPoint } from './nab-scorer';
import { FIXED_THRESHOLD_DETECTORS, fixedThresholdRules, NULL_FALSE_ALARM_BUDGET_PER_1000 } from './nab-variant-list';

/** The threshold of NAB's published per-file ARTime scores and its corpus threshold (config/thresholds.json, standard). */
const NAB_THRESHOLD = 0.317486;
/** NAB's published per-file ARTime standard scores at NAB_THRESHOLD for these folders: file, score, TP, FP, FN (numenta/NAB, MIT). */
const PUBLISHED_PER_FILE: readonly (readonly [string, number, number, number, number])[] = [
  ['artificialNoAnomaly/art_daily_no_noise.csv', -0.11, 0, 1, 0],
  ['artificialNoAnomaly/art_daily_perfect_square_wave.csv', 0.0, 0, 0, 0],
  ['artificialNoAnomaly/art_daily_small_noise.csv', 0.0, 0, 0, 0],
  ['artificialNoAnomaly/art_flatline.csv', 0.0, 0, 0, 0],
  ['artificialNoAnomaly/art_noisy.csv', 0.0, 0, 0, 0],
  ['artificialWithAnomaly/art_daily_flatmiddle.csv', 0.8039739326751801, 1, 1, 402],
  ['artificialWithAnomaly/art_daily_jumpsdown.csv', 0.9934530536103384, 2, 0, 401],
  ['artificialWithAnomaly/art_daily_jumpsup.csv', 0.8589086704377245, 1, 0, 402],
  ['artificialWithAnomaly/art_daily_nojump.csv', -1.11, 0, 1, 403],
  ['artificialWithAnomaly/art_increase_spike_density.csv', 0.846035950698122, 2, 0, 401],
  ['artificialWithAnomaly/art_load_balancer_spikes.csv', 0.0493832824805146, 2, 8, 401],
  ['realAdExchange/exchange-2_cpc_results.csv', 0.5319830425923286, 1, 3, 162],
  ['realAdExchange/exchange-2_cpm_results.csv', -0.14465135576188293, 2, 0, 160],
  ['realAdExchange/exchange-3_cpc_results.csv', 2.7007622427413946, 3, 0, 150],
  ['realAdExchange/exchange-3_cpm_results.csv', 0.6422052124689215, 1, 2, 152],
  ['realAdExchange/exchange-4_cpc_results.csv', 2.046652209252552, 3, 3, 162],
  ['realAdExchange/exchange-4_cpm_results.csv', 1.2574684165754575, 3, 3, 161],
  ['realKnownCause/ambient_temperature_system_failure.csv', 1.6577326504395065, 2, 1, 724],
  ['realKnownCause/cpu_utilization_asg_misconfiguration.csv', -0.257470331859453, 4, 11, 1495],
  ['realKnownCause/ec2_request_latency_system_failure.csv', 1.3905835377463662, 4, 4, 342],
  ['realKnownCause/machine_temperature_system_failure.csv', 2.5563301921824606, 9, 10, 2259],
  ['realKnownCause/nyc_taxi.csv', 3.775210013719179, 7, 3, 1028],
  ['realKnownCause/rogue_agent_key_hold.csv', -1.280892312855327, 1, 7, 189],
  ['realKnownCause/rogue_agent_key_updown.csv', -2.567650916046798, 0, 7, 530],
  ['realTraffic/TravelTime_387.csv', 1.9284703309998337, 5, 5, 244],
  ['realTraffic/TravelTime_451.csv', 0.8548083738085046, 1, 0, 216],
  ['realTraffic/occupancy_6005.csv', 0.3602790466645597, 2, 5, 237],
  ['realTraffic/occupancy_t4013.csv', 1.6144604483793383, 2, 1, 248],
  ['realTraffic/speed_6005.csv', 0.8393187159363497, 1, 0, 238],
  ['realTraffic/speed_7578.csv', 3.1077313980278403, 7, 4, 109],
  ['realTraffic/speed_t4013.csv', 1.6144604483793383, 4, 1, 246],
];

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

function perFileCheck(corpus: NabCorpus, files: readonly SweptPoint[][]): string {
  let publishedTotal = 0;
  let ourTotal = 0;
  let sameCounts = 0;
  let within = 0;
  const differing: string[] = [];
  for (const [name, score, tp, fp, fn] of PUBLISHED_PER_FILE) {
    const points = files[corpus.files.findIndex((f) => f.name === name)];
    if (!points) throw new Error(`${name}: not in the corpus`);
    const r = scoreAtThreshold(points, corpus.cost, NAB_THRESHOLD);
    publishedTotal += score;
    ourTotal += r.score;
    if (r.tp === tp && r.fp === fp && r.fn === fn) sameCounts += 1;
    if (Math.abs(r.score - score) < 0.05) within += 1;
    else differing.push(`${name.split('/')[1] ?? name} ${score.toFixed(2)} (${tp}/${fp}/${fn}) → ${r.score.toFixed(2)} (${r.tp}/${r.fp}/${r.fn})`);
  }
  return `Per file at ${NAB_THRESHOLD} against NAB's published per-file ARTime scores: ${within} of ${PUBLISHED_PER_FILE.length} files within 0.05 raw, ${sameCounts} with identical TP/FP/FN counts; total ${publishedTotal.toFixed(2)} published, ${ourTotal.toFixed(2)} ours. Files that differ (published (TP/FP/FN) → ours): ${differing.join('; ') || 'none'}.`;
}

/** Rules 1 and 2 of this round for a leave-one-folder-out evaluation: above HTM with no more false alarms; 4 of 5 folders held. */
function adoption(e: Evaluation, htm: Evaluation, rawByFolder: readonly number[]): string {
  const rule1 = e.normalised > htm.normalised && e.falseAlarmsPer1000 <= HTM_FALSE_ALARMS_PER_1000;
  const held = e.folds.filter((f, k) => f.result.score >= (rawByFolder[k] ?? 0) - 0.05).length;
  return `rule 1 (above HTM's ${htm.normalised.toFixed(1)}, at most ${HTM_FALSE_ALARMS_PER_1000} FA/1k) ${rule1 ? 'met' : 'not met'}; rule 2 (at least the headline's raw − 0.05 in 4 of 5 folders) ${held >= 4 ? 'met' : 'not met'} (${held} of 5)`;
}

function byFolder(e: Evaluation): string {
  return e.folds.map((f) => `${f.folder} ${f.result.score.toFixed(2)} (${f.result.fp} FP, threshold ${f.threshold.toFixed(4)})`).join('; ');
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
    perFileCheck(corpus, anFiles),
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
    `AN leave-one-folder-out (look-ahead range: labelled, not adoptable): ${summary(anLofo)}; held out by folder: ${byFolder(anLofo)}.`,
    '',
    '**2. The candidates, held out**',
    '',
    checkLine,
    '',
    ...candidates.flatMap((c) => {
      const lofo = leaveOneFolderOut(corpus, c.files);
      return [`**${c.tag} alone, leave-one-folder-out:** ${summary(lofo)}; held out by folder: ${byFolder(lofo)}.`, '', `Adoption rule: ${adoption(lofo, heldOut.htm, bar.rawByFolder)}.`, ''];
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
