/**
 * The NAB corpus as the benchmark reads it, and leave-one-folder-out evaluation: every threshold a
 * detector uses on a folder is chosen on the other folders only.
 * Data: ../shared/data/nab (numenta/NAB, MIT), or NAB_DIR.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  normalisedScore,
  optimiseThreshold,
  scoreAtThreshold,
  sweepFile,
  type CostMatrix,
  type SweptPoint,
  type ThresholdScore,
  type WindowLimits,
} from './nab-scorer';

export const NAB_DIR = process.env.NAB_DIR ?? resolve(__dirname, '..', '..', '..', 'shared', 'data', 'nab');

export interface NabFile {
  /** "folder/file.csv", as NAB names it. */
  readonly name: string;
  readonly folder: string;
  readonly timestamps: string[];
  readonly values: number[];
  readonly windows: WindowLimits[];
}

export interface NabCorpus {
  readonly folders: string[];
  readonly files: NabFile[];
  readonly cost: CostMatrix;
  /** NAB's corpus-wide thresholds (config/thresholds.json, standard profile) per detector. */
  readonly publishedThresholds: Record<string, number>;
}

export function nabAvailable(): boolean {
  return existsSync(join(NAB_DIR, 'data'));
}

export function readCsv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}

/** NAB timestamps are naive UTC ("2011-07-01 00:00:01"). */
export function epochMs(timestamp: string): number {
  return Date.parse(`${timestamp.replace(' ', 'T')}Z`);
}

/** Every folder under data/ (or only `only`), files sorted by name. */
export function loadCorpus(only?: readonly string[]): NabCorpus {
  const profiles = JSON.parse(readFileSync(join(NAB_DIR, 'config', 'profiles.json'), 'utf8')) as Record<string, { CostMatrix: CostMatrix }>;
  const cost = profiles.standard?.CostMatrix;
  if (!cost) throw new Error('config/profiles.json has no standard profile');
  const thresholds = JSON.parse(readFileSync(join(NAB_DIR, 'config', 'thresholds.json'), 'utf8')) as Record<string, { standard?: { threshold: number } }>;
  const windows = JSON.parse(readFileSync(join(NAB_DIR, 'labels', 'combined_windows.json'), 'utf8')) as Record<string, WindowLimits[]>;
  const folders = readdirSync(join(NAB_DIR, 'data'))
    .filter((f) => !only || only.includes(f))
    .sort();
  const files = folders.flatMap((folder) =>
    readdirSync(join(NAB_DIR, 'data', folder))
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((file) => {
        const rows = readCsv(join(NAB_DIR, 'data', folder, file));
        const name = `${folder}/${file}`;
        return { name, folder, timestamps: rows.map((r) => r[0] ?? ''), values: rows.map((r) => Number(r[1])), windows: windows[name] ?? [] };
      }),
  );
  const publishedThresholds = Object.fromEntries(
    Object.entries(thresholds).flatMap(([detector, t]) => (t.standard ? [[detector, t.standard.threshold] as const] : [])),
  );
  return { folders, files, cost, publishedThresholds };
}

/** A published detector's per-row scores for a file, or undefined when NAB has none. */
export function publishedScores(detector: string, file: NabFile): number[] | undefined {
  const base = file.name.slice(file.folder.length + 1);
  const path = join(NAB_DIR, 'results', detector, file.folder, `${detector}_${base}`);
  if (!existsSync(path)) return undefined;
  return readCsv(path).map((r) => Number(r[2]));
}

export function sweep(corpus: NabCorpus, scores: readonly (readonly number[])[]): SweptPoint[][] {
  return corpus.files.map((file, i) => sweepFile(file.name, file.timestamps, scores[i] ?? [], file.windows, corpus.cost));
}

export interface FoldResult {
  readonly folder: string;
  readonly files: number;
  readonly windows: number;
  /** Rows scored (after NAB's probationary period). */
  readonly rows: number;
  readonly threshold: number;
  readonly result: ThresholdScore;
}

export interface Evaluation {
  readonly folds: FoldResult[];
  readonly raw: number;
  readonly normalised: number;
  readonly windows: number;
  readonly rows: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  /** Flagged rows outside every window per 1,000 scored rows. */
  readonly falseAlarmsPer1000: number;
}

function sumResults(rows: readonly ThresholdScore[], threshold: number): ThresholdScore {
  return rows.reduce((s, r) => ({ threshold, score: s.score + r.score, tp: s.tp + r.tp, tn: s.tn + r.tn, fp: s.fp + r.fp, fn: s.fn + r.fn }), {
    threshold,
    score: 0,
    tp: 0,
    tn: 0,
    fp: 0,
    fn: 0,
  });
}

/**
 * Score each folder at a threshold chosen by `thresholdFor(folder)` and add the folds up; the total
 * is normalised over all windows, as NAB normalises a corpus.
 */
export function evaluate(corpus: NabCorpus, perFile: readonly SweptPoint[][], thresholdFor: (folder: string) => number): Evaluation {
  const folds = corpus.folders.map((folder) => {
    const indices = corpus.files.flatMap((f, i) => (f.folder === folder ? [i] : []));
    const threshold = thresholdFor(folder);
    const result = sumResults(
      indices.map((i) => scoreAtThresholdOrAbove(perFile[i] ?? [], corpus.cost, threshold)),
      threshold,
    );
    return {
      folder,
      files: indices.length,
      windows: indices.reduce((s, i) => s + (corpus.files[i]?.windows.length ?? 0), 0),
      rows: result.tp + result.tn + result.fp + result.fn,
      threshold,
      result,
    };
  });
  const windows = folds.reduce((s, f) => s + f.windows, 0);
  const raw = folds.reduce((s, f) => s + f.result.score, 0);
  const rows = folds.reduce((s, f) => s + f.rows, 0);
  const fp = folds.reduce((s, f) => s + f.result.fp, 0);
  return {
    folds,
    raw,
    normalised: normalisedScore(raw, windows, corpus.cost),
    windows,
    rows,
    tp: folds.reduce((s, f) => s + f.result.tp, 0),
    fp,
    fn: folds.reduce((s, f) => s + f.result.fn, 0),
    falseAlarmsPer1000: (1000 * fp) / rows,
  };
}

/** scoreAtThreshold, but a threshold above every score of a file means "nothing flagged" rather than an error. */
function scoreAtThresholdOrAbove(points: readonly SweptPoint[], cost: CostMatrix, threshold: number): ThresholdScore {
  const top = points.reduce((m, p) => (p.window === 'probationary' ? m : Math.max(m, p.anomalyScore)), -Infinity);
  return scoreAtThreshold(points, cost, threshold > top ? 1.1 : threshold);
}

/** Leave-one-folder-out: each folder at the threshold that NAB's optimisation picks on the other folders. */
export function leaveOneFolderOut(corpus: NabCorpus, perFile: readonly SweptPoint[][]): Evaluation {
  return evaluate(corpus, perFile, (folder) => optimiseThreshold(perFile.filter((_p, i) => corpus.files[i]?.folder !== folder), corpus.cost).threshold);
}

/** Each folder at its own best threshold: optimistic, shown only beside the leave-one-folder-out figure. */
export function perFolderOptimised(corpus: NabCorpus, perFile: readonly SweptPoint[][]): Evaluation {
  return evaluate(corpus, perFile, (folder) => optimiseThreshold(perFile.filter((_p, i) => corpus.files[i]?.folder === folder), corpus.cost).threshold);
}

/** One threshold for every folder. */
export function atThreshold(corpus: NabCorpus, perFile: readonly SweptPoint[][], threshold: number): Evaluation {
  return evaluate(corpus, perFile, () => threshold);
}

export interface NestedEvaluation {
  /** Per held-out folder: the variant (index into the variants scored) and threshold chosen on the other folders. */
  readonly picks: { folder: string; variant: number; threshold: number; fold: FoldResult | undefined; gain?: { raw: number; standardError: number } }[];
  readonly raw: number;
  readonly normalised: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly rows: number;
  readonly falseAlarmsPer1000: number;
}

/**
 * Nested leave-one-folder-out: for each held-out folder, the variant (a set of options) and its
 * threshold are chosen on the other folders only; the held-out folders are then scored with their
 * picks, so defaults chosen by looking at every folder cannot inflate the figure. How the variant is
 * chosen on the training folders:
 * - 'training-fit': the variant whose best threshold scores highest on the training folders (the
 *   variant is judged on the same labels its threshold was fitted to);
 * - 'inner-lofo': the variant with the best leave-one-folder-out score WITHIN the training folders
 *   (each training folder at the threshold chosen on the other training folders): textbook nested
 *   cross-validation, which judges a variant by how well its threshold transfers, as the outer loop does.
 * - 'one-se': inner leave-one-folder-out with a one-standard-error rule: variant 0 (the committed
 *   defaults) is kept unless another variant's inner score beats it by more than one standard error of
 *   the paired per-file differences (D = Σ d_i > √n · sd(d_i) over the n training files); among those
 *   that do, the largest gain wins.
 * Either way the threshold is then the one NAB's optimisation picks on all the training folders.
 */
export function nestedLeaveOneFolderOut(
  corpus: NabCorpus,
  variants: readonly (readonly SweptPoint[][])[],
  selectBy: 'training-fit' | 'inner-lofo' | 'one-se' = 'training-fit',
): NestedEvaluation {
  const of = (perFile: readonly SweptPoint[][], folders: readonly string[]): SweptPoint[][] => perFile.filter((_p, i) => folders.includes(corpus.files[i]?.folder ?? ''));
  const picks = corpus.folders.map((folder) => {
    const training = corpus.folders.filter((f) => f !== folder);
    const judged = variants.map((perFile, variant) => {
      const fit = optimiseThreshold(of(perFile, training), corpus.cost);
      const inner = selectBy === 'training-fit' ? [] : innerFileScores(corpus, perFile, training);
      const merit = selectBy === 'training-fit' ? fit.score : inner.reduce((sum, s) => sum + s, 0);
      return { variant, threshold: fit.threshold, merit, inner };
    });
    const best = selectBy === 'one-se' ? oneStandardErrorPick(judged) : judged.reduce((a, b) => (b.merit > a.merit ? b : a));
    const fold = evaluate(corpus, variants[best.variant] ?? [], () => best.threshold).folds.find((f) => f.folder === folder);
    const gain = selectBy === 'one-se' && best.variant !== 0 ? pairedGain(best.inner, judged[0]?.inner ?? []) : undefined;
    return { folder, variant: best.variant, threshold: best.threshold, fold, gain };
  });
  const raw = picks.reduce((sum, p) => sum + (p.fold?.result.score ?? 0), 0);
  const fp = picks.reduce((sum, p) => sum + (p.fold?.result.fp ?? 0), 0);
  const rows = picks.reduce((sum, p) => sum + (p.fold?.rows ?? 0), 0);
  const windows = picks.reduce((sum, p) => sum + (p.fold?.windows ?? 0), 0);
  const tp = picks.reduce((sum, p) => sum + (p.fold?.result.tp ?? 0), 0);
  const fn = picks.reduce((sum, p) => sum + (p.fold?.result.fn ?? 0), 0);
  return { picks, raw, normalised: normalisedScore(raw, windows, corpus.cost), tp, fp, fn, rows, falseAlarmsPer1000: (1000 * fp) / rows };
}

/**
 * Each training file's raw score at the threshold the variant's optimisation picks on the other
 * training folders (the inner leave-one-folder-out, file by file; training files in corpus order).
 */
function innerFileScores(corpus: NabCorpus, perFile: readonly SweptPoint[][], training: readonly string[]): number[] {
  const thresholds = new Map(
    training.map((inner) => {
      const others = perFile.filter((_p, i) => corpus.files[i]?.folder !== inner && training.includes(corpus.files[i]?.folder ?? ''));
      return [inner, optimiseThreshold(others, corpus.cost).threshold] as const;
    }),
  );
  return corpus.files.flatMap((file, i) => {
    const threshold = thresholds.get(file.folder);
    return threshold === undefined ? [] : [scoreAtThresholdOrAbove(perFile[i] ?? [], corpus.cost, threshold).score];
  });
}

/**
 * The one-standard-error rule over paired per-file inner scores: variant 0 stays unless another's gain
 * D = Σ d_i over it exceeds SE = √n · sd(d_i); the largest such gain wins.
 */
export function oneStandardErrorPick<T extends { inner: readonly number[] }>(judged: readonly T[]): T {
  const base = judged[0];
  if (!base) throw new Error('no variants to choose from');
  let best = base;
  let bestGain = 0;
  for (const candidate of judged.slice(1)) {
    const { raw, standardError } = pairedGain(candidate.inner, base.inner);
    if (raw > standardError && raw > bestGain) {
      best = candidate;
      bestGain = raw;
    }
  }
  return best;
}

/** D = Σ (scores_i − base_i) and its standard error √n · sd of the differences (infinite below two pairs). */
function pairedGain(scores: readonly number[], base: readonly number[]): { raw: number; standardError: number } {
  const d = scores.map((s, i) => s - (base[i] ?? 0));
  const n = d.length;
  const raw = d.reduce((sum, x) => sum + x, 0);
  if (n < 2) return { raw, standardError: Infinity };
  const mean = raw / n;
  return { raw, standardError: Math.sqrt(n) * Math.sqrt(d.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1)) };
}

/** The folder of series without anomalies that a threshold calibrated on the null reads (scores only, no labels). */
export const NULL_FOLDER = 'artificialNoAnomaly';

/**
 * The lowest threshold at which the null folder's flagged rows (after NAB's probationary period) stay
 * within a stated false-alarm budget per 1,000 rows. Reads no label, so it is chosen on no scored window.
 */
export function nullCalibratedThreshold(corpus: NabCorpus, perFile: readonly SweptPoint[][], budgetPer1000: number): number {
  return falseAlarmBudgetThreshold(
    perFile.filter((_p, i) => corpus.files[i]?.folder === NULL_FOLDER),
    budgetPer1000,
  );
}

/**
 * The lowest threshold at which the flagged rows outside every window (false alarms) are at most
 * `budgetPer1000` per 1,000 rows scored (after NAB's probationary period) over the given files.
 */
export function falseAlarmBudgetThreshold(files: readonly SweptPoint[][], budgetPer1000: number): number {
  const scored = files.flatMap((points) => points.filter((p) => p.window !== 'probationary'));
  const outside = scored
    .filter((p) => p.window === null)
    .map((p) => p.anomalyScore)
    .sort((a, b) => b - a);
  const allowed = Math.floor((budgetPer1000 * scored.length) / 1000);
  const firstUnflagged = outside[allowed];
  if (firstUnflagged === undefined) return 0;
  // Strictly above the first score that must stay unflagged (flags are scores ≥ the threshold).
  return firstUnflagged + Math.max(Math.abs(firstUnflagged) * 1e-12, 1e-15);
}

/** The held-out folds of a nested selection added up, normalised over all their windows as NAB normalises a corpus. */
function summarisePicks(corpus: NabCorpus, picks: NestedEvaluation['picks']): NestedEvaluation {
  const total = (part: (f: FoldResult) => number): number => picks.reduce((s, p) => s + (p.fold ? part(p.fold) : 0), 0);
  const rows = total((f) => f.rows);
  const fp = total((f) => f.result.fp);
  return {
    picks,
    raw: total((f) => f.result.score),
    normalised: normalisedScore(total((f) => f.result.score), total((f) => f.windows), corpus.cost),
    tp: total((f) => f.result.tp),
    fp,
    fn: total((f) => f.result.fn),
    rows,
    falseAlarmsPer1000: (1000 * fp) / rows,
  };
}

/**
 * A detector's scores with a rule that gives its threshold from a set of folders: a fixed threshold ignores them;
 * a fitted one reads only their files (labels included).
 */
export interface RuledConfiguration {
  readonly label: string;
  readonly perFile: readonly SweptPoint[][];
  thresholdFrom(folders: readonly string[]): number;
}

/** A detector's scores at a threshold fixed in advance (the headline's configurations). */
export interface FixedRule {
  readonly label: string;
  readonly perFile: readonly SweptPoint[][];
  readonly threshold: number;
}

/** A fixed threshold as a threshold rule (it ignores the folders it is given). */
export function asRuled(rule: FixedRule): RuledConfiguration {
  return { ...rule, thresholdFrom: () => rule.threshold };
}

/** The files of `perFile` in the given folders. */
export function filesIn(corpus: NabCorpus, perFile: readonly SweptPoint[][], folders: readonly string[]): SweptPoint[][] {
  return perFile.filter((_p, i) => folders.includes(corpus.files[i]?.folder ?? ''));
}

/** Each folder at the threshold its rule gives from the other folders (for a fixed rule, simply its threshold). */
export function leaveOneFolderOutByRule(corpus: NabCorpus, configuration: RuledConfiguration): Evaluation {
  return evaluate(corpus, configuration.perFile, (folder) => configuration.thresholdFrom(corpus.folders.filter((f) => f !== folder)));
}

/**
 * Nested leave-one-folder-out over configurations with threshold rules, fixed or fitted alike. For each held-out
 * folder F, a configuration's merit is its inner leave-one-folder-out raw score on the other folders: each training
 * folder G at the threshold its rule gives from the folders other than F and G (for a fixed rule, its summed raw score
 * on the other folders: the seventh round's merit). The best is picked (ties by list order), and F is scored at the
 * threshold its rule gives from the folders other than F.
 */
export function nestedOverThresholdRules(corpus: NabCorpus, configurations: readonly RuledConfiguration[]): NestedEvaluation & { labels: string[] } {
  // Every folder of a configuration at one threshold, computed once (a fixed rule has a single threshold).
  const evaluations = configurations.map(() => new Map<number, Evaluation>());
  const foldAt = (k: number, threshold: number, folder: string): FoldResult | undefined => {
    const cache = evaluations[k];
    const configuration = configurations[k];
    if (!cache || !configuration) return undefined;
    let evaluation = cache.get(threshold);
    if (!evaluation) {
      evaluation = evaluate(corpus, configuration.perFile, () => threshold);
      cache.set(threshold, evaluation);
    }
    return evaluation.folds.find((f) => f.folder === folder);
  };
  const picks = corpus.folders.map((folder) => {
    const training = corpus.folders.filter((f) => f !== folder);
    const merits = configurations.map((c, k) =>
      training.reduce((sum, inner) => sum + (foldAt(k, c.thresholdFrom(training.filter((f) => f !== inner)), inner)?.result.score ?? 0), 0),
    );
    const variant = merits.reduce((best, m, k) => (m > (merits[best] ?? -Infinity) ? k : best), 0);
    const threshold = configurations[variant]?.thresholdFrom(training) ?? Number.NaN;
    return { folder, variant, threshold, fold: foldAt(variant, threshold, folder) };
  });
  return { ...summarisePicks(corpus, picks), labels: picks.map((p) => configurations[p.variant]?.label ?? '?') };
}

/** The threshold at which a vote's combined score flags: members' margins are measured from their own thresholds. */
export const VOTE_THRESHOLD = 0.5;

/** At least `m` members flag a row: the m-th largest margin is ≥ 0. */
export function atLeast(m: number): (margins: readonly number[]) => number {
  return (margins) => [...margins].sort((a, b) => b - a)[m - 1] ?? -Infinity;
}

export function meanMargin(margins: readonly number[]): number {
  return margins.reduce((s, x) => s + x, 0) / margins.length;
}

/**
 * Members' scores combined row by row: each row's score is `combine` of the members' margins above their own thresholds
 * (alert score − threshold), plus VOTE_THRESHOLD, so flagging at VOTE_THRESHOLD means "the combined margin is ≥ 0".
 * The members score the same files, so their rows (windows, sweep weights) align.
 */
export function combinedScores(members: readonly FixedRule[], combine: (margins: readonly number[]) => number): SweptPoint[][] {
  const [first] = members;
  if (!first) throw new Error('a vote needs members');
  return first.perFile.map((points, f) =>
    points.map((p, r) => ({ ...p, anomalyScore: VOTE_THRESHOLD + combine(members.map((m) => (m.perFile[f]?.[r]?.anomalyScore ?? -Infinity) - m.threshold)) })),
  );
}

/** Summed raw score of a fixed rule over the given folders. */
function rawOver(corpus: NabCorpus, rule: FixedRule, folders: readonly string[]): number {
  return atThreshold(corpus, rule.perFile, rule.threshold).folds.filter((f) => folders.includes(f.folder)).reduce((s, f) => s + f.result.score, 0);
}

/** The `k` rules with the best summed raw score over `folders` (the headline's merit; ties by list order). */
export function topRules<T extends FixedRule>(corpus: NabCorpus, rules: readonly T[], folders: readonly string[], k: number): T[] {
  return rules
    .map((rule, order) => ({ rule, order, merit: rawOver(corpus, rule, folders) }))
    .sort((a, b) => b.merit - a.merit || a.order - b.order)
    .slice(0, k)
    .map((r) => r.rule);
}

/**
 * Bagging the headline's selection (tenth round): for each held-out folder, the `k` fixed rules with the best summed raw
 * score on the other folders vote row by row (`combine` of their margins, flagged at VOTE_THRESHOLD), so no single
 * detector is bet on. Only the other folders' labels choose the members; `fixed` rules (chosen on no folder) join every
 * fold's vote (the twelfth round's fourth voter).
 */
export function nestedVote(
  corpus: NabCorpus,
  rules: readonly FixedRule[],
  k: number,
  combine: (margins: readonly number[]) => number,
  fixed: readonly FixedRule[] = [],
): NestedEvaluation & { members: string[][] } {
  const picks = corpus.folders.map((folder) => {
    const members = [
      ...topRules(
        corpus,
        rules,
        corpus.folders.filter((f) => f !== folder),
        k,
      ),
      ...fixed,
    ];
    const fold = atThreshold(corpus, combinedScores(members, combine), VOTE_THRESHOLD).folds.find((f) => f.folder === folder);
    return { pick: { folder, variant: -1, threshold: VOTE_THRESHOLD, fold }, members: members.map((m) => m.label) };
  });
  return { ...summarisePicks(corpus, picks.map((p) => p.pick)), members: picks.map((p) => p.members) };
}

/**
 * The headline's selection by mean rank instead of summed raw score: for each held-out folder, each rule is ranked on
 * each training folder by its raw score there (ties share their mean rank) and the lowest mean rank wins (ties by list
 * order), so one large folder cannot carry the choice.
 */
export function nestedByMeanRank(corpus: NabCorpus, rules: readonly FixedRule[]): NestedEvaluation & { labels: string[] } {
  const folds = rules.map((rule) => atThreshold(corpus, rule.perFile, rule.threshold).folds);
  const rawOn = (k: number, folder: string): number => folds[k]?.find((f) => f.folder === folder)?.result.score ?? -Infinity;
  const picks = corpus.folders.map((folder) => {
    const training = corpus.folders.filter((f) => f !== folder);
    const meanRank = rules.map((_r, k) => {
      const ranks = training.map((g) => {
        const own = rawOn(k, g);
        const better = rules.filter((_q, j) => rawOn(j, g) > own).length;
        const tied = rules.filter((_q, j) => rawOn(j, g) === own).length;
        return better + (tied + 1) / 2;
      });
      return ranks.reduce((s, r) => s + r, 0) / ranks.length;
    });
    const variant = meanRank.reduce((best, r, k) => (r < (meanRank[best] ?? Infinity) ? k : best), 0);
    return { folder, variant, threshold: rules[variant]?.threshold ?? Number.NaN, fold: folds[variant]?.find((f) => f.folder === folder) };
  });
  return { ...summarisePicks(corpus, picks), labels: picks.map((p) => rules[p.variant]?.label ?? '?') };
}

/** The seventh round's headline (one configuration of eight per held-out folder): the bar of rounds 9 and 10. */
export const SEVENTH_ROUND_HEADLINE = { normalised: 65.0, rawByFolder: [0.0, 5.03, 5.76, 1.25, 3.89] } as const;

/**
 * Rules 1 and 2 of the ninth and tenth rounds' adoption: above the bar's normalised score with at most `maxFalseAlarmsPer1000`;
 * `held` counts the folders whose raw score is at least the bar's − 0.05 (4 of 5 needed).
 */
export function adoptionRules(
  nested: NestedEvaluation,
  maxFalseAlarmsPer1000: number,
  bar: { readonly normalised: number; readonly rawByFolder: readonly number[] } = SEVENTH_ROUND_HEADLINE,
): { rule1: boolean; held: number } {
  return {
    rule1: nested.normalised > bar.normalised && nested.falseAlarmsPer1000 <= maxFalseAlarmsPer1000,
    held: nested.picks.filter((p, k) => (p.fold?.result.score ?? 0) >= (bar.rawByFolder[k] ?? 0) - 0.05).length,
  };
}

/** A published per-file score row: file ("folder/file.csv"), raw score, TP, FP, FN rows (NAB's `<detector>_standard_scores.csv`). */
export type PublishedFileScore = readonly [name: string, score: number, tp: number, fp: number, fn: number];

/**
 * A re-implementation's per-file scores at a published threshold against the published per-file rows: how many files
 * are within 0.05 raw, how many have identical TP/FP/FN counts, both totals, and the files that differ, as one sentence.
 */
export function publishedPerFileCheck(corpus: NabCorpus, files: readonly SweptPoint[][], published: readonly PublishedFileScore[], threshold: number, detector: string): string {
  let publishedTotal = 0;
  let ourTotal = 0;
  let sameCounts = 0;
  let within = 0;
  const differing: string[] = [];
  for (const [name, score, tp, fp, fn] of published) {
    const points = files[corpus.files.findIndex((f) => f.name === name)];
    if (!points) throw new Error(`${name}: not in the corpus`);
    const r = scoreAtThreshold(points, corpus.cost, threshold);
    publishedTotal += score;
    ourTotal += r.score;
    if (r.tp === tp && r.fp === fp && r.fn === fn) sameCounts += 1;
    if (Math.abs(r.score - score) < 0.05) within += 1;
    else differing.push(`${name.split('/')[1] ?? name} ${score.toFixed(2)} → ${r.score.toFixed(2)}`);
  }
  return `Per file at ${threshold} against NAB's published per-file ${detector} scores: ${within} of ${published.length} files within 0.05 raw, ${sameCounts} with identical TP/FP/FN counts; total ${publishedTotal.toFixed(2)} published, ${ourTotal.toFixed(2)} ours. Files that differ (published → ours): ${differing.join('; ') || 'none'}.`;
}
