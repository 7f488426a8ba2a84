/**
 * Off-policy evaluation: the value a candidate policy would have had, estimated from decisions logged
 * under another policy with their propensities (Dudík, Langford & Li 2011; Swaminathan & Joachims
 * 2015; the estimators of Open Bandit Pipeline):
 *
 * - IPS:   V̂ = (1/n) Σ w_i r_i,                      w_i = π_e(a_i | x_i) / p_i
 * - SNIPS: V̂ = Σ w_i r_i / Σ w_i
 * - DR:    V̂ = (1/n) Σ [ Σ_a π_e(a | x_i) q̂(x_i, a) + w_i (r_i − q̂(x_i, a_i)) ]
 *
 * each with a 95% interval (analytic normal approximation, or a seeded percentile Poisson bootstrap
 * over the logged rows) and Kish's effective sample size (Σw)²/Σw².
 */
import { createRng } from '../budget/random';
import { vectorFromLogged } from './features';
import type { LearningState } from './learning';
import { contextualProbabilities, banditProbabilities, contextualScores, prepareLearning, withFloor, type PreparedLearning } from './policy';
import type { CandidatePolicy, DecisionLogRecord, Estimate, EstimatorName, EvaluateRequest, EvaluateResponse, Experiment, Interval } from './schemas';

/** One logged row reduced to what the estimators need. */
export interface OpeTerms {
  /** Importance weights π_e(a_i | x_i) / p_i. */
  readonly w: Float64Array;
  readonly reward: Float64Array;
  /** q̂(x_i, a_i): the reward model at the logged action. */
  readonly qLogged: Float64Array;
  /** Σ_a π_e(a | x_i) q̂(x_i, a): the direct-method value of row i. */
  readonly qTarget: Float64Array;
}

const Z95 = 1.959963984540054;

function pointEstimates(t: OpeTerms): Record<EstimatorName | 'dm', number> & { sumW: number; sumW2: number } {
  let sumW = 0;
  let sumW2 = 0;
  let sumWR = 0;
  let sumDr = 0;
  let sumDm = 0;
  const n = t.w.length;
  for (let i = 0; i < n; i += 1) {
    const w = t.w[i] as number;
    const r = t.reward[i] as number;
    sumW += w;
    sumW2 += w * w;
    sumWR += w * r;
    sumDm += t.qTarget[i] as number;
    sumDr += (t.qTarget[i] as number) + w * (r - (t.qLogged[i] as number));
  }
  return { ips: sumWR / n, snips: sumW > 0 ? sumWR / sumW : 0, dr: sumDr / n, dm: sumDm / n, sumW, sumW2 };
}

/** Analytic 95% half-widths: sample sd of the per-row terms / √n (SNIPS by the delta method). */
function analyticHalfWidths(t: OpeTerms, point: Record<EstimatorName, number>): Record<EstimatorName, number> {
  const n = t.w.length;
  let ssIps = 0;
  let ssSnips = 0;
  let ssDr = 0;
  let meanW = 0;
  for (let i = 0; i < n; i += 1) meanW += t.w[i] as number;
  meanW /= n;
  for (let i = 0; i < n; i += 1) {
    const w = t.w[i] as number;
    const r = t.reward[i] as number;
    const ips = w * r - point.ips;
    const snips = (w * (r - point.snips)) / (meanW || 1);
    const dr = (t.qTarget[i] as number) + w * (r - (t.qLogged[i] as number)) - point.dr;
    ssIps += ips * ips;
    ssSnips += snips * snips;
    ssDr += dr * dr;
  }
  const half = (ss: number) => (Z95 * Math.sqrt(ss / Math.max(n - 1, 1))) / Math.sqrt(n);
  return { ips: half(ssIps), snips: half(ssSnips), dr: half(ssDr) };
}

export interface OpeOptions {
  /** Bootstrap resamples; 0 = analytic intervals. */
  readonly bootstrapResamples?: number;
  readonly seed?: number;
}

export interface OpeResult {
  readonly n: number;
  readonly estimates: readonly Estimate[];
  /** The direct method (reward model alone), for reference. */
  readonly directMethod: number;
  /** Bootstrap replicates per estimator (empty with analytic intervals), for spread statistics. */
  readonly replicates: Record<EstimatorName, Float64Array>;
}

/**
 * Decisions × bootstrap resamples one evaluation may spend: the bootstrap is one pass over the rows
 * per resample, and this many row visits take about 1.3 s of CPU on one core here, so about 2.2 s on a
 * 1,024 MB Lambda (`bench/results/decisions-ope-bootstrap.md`): 200,000 decisions would still get 250
 * resamples, and the most a request reads (`decisionsWithinBudget`: 115,384) gets 433, well inside
 * API Gateway's 30 s next to reading the decisions.
 */
export const BOOTSTRAP_WORK_BUDGET = 50_000_000;

/**
 * Estimated CPU microseconds per decision, on one core here, to put a candidate's distribution over
 * `arms` eligible arms (`bench/results/decisions-ope-cost.md` measures it against this estimate): the
 * frozen contextual model's Thompson probabilities are a probability of being best per arm by
 * quadrature over the others, O(arms²) per decision; greedy is O(arms) scores; a fixed arm or the
 * uniform policy costs next to nothing.
 */
export function candidateMicrosPerDecision(policy: CandidatePolicy, arms: number): number {
  if (policy.type !== 'contextual-frozen') return 2;
  return policy.mode === 'greedy' ? 15 + 1.5 * arms : 40 + 0.12 * arms * arms;
}

/**
 * CPU microseconds per decision, on one core here, to read it: the SDK's unmarshalling of the log item
 * and the record's schema parse (about 1.5 KB an item; `bench/results/decisions-ope-cost.md`).
 */
export const READ_MICROS_PER_DECISION = 50;

/**
 * CPU microseconds one evaluation may spend reading its decisions and scoring its candidate: 6 s here,
 * about 10 s on a 1,024 MB Lambda, which leaves the bootstrap and DynamoDB's own latency room inside
 * API Gateway's 30 s (and keeps the parsed decisions, ~1.8 KB each in memory, well inside 1,024 MB).
 */
export const EVALUATION_WORK_BUDGET_MICROS = 6_000_000;

/** The decisions a request reads: `maxDecisions`, or as many as can be read and scored within the budget. */
export function decisionsWithinBudget(policy: CandidatePolicy, arms: number, requested: number): number {
  return Math.min(requested, Math.max(1, Math.floor(EVALUATION_WORK_BUDGET_MICROS / (READ_MICROS_PER_DECISION + candidateMicrosPerDecision(policy, arms)))));
}

/** The resamples a request gets: what it asked for, or as many as `n` decisions fit in the budget. */
export function bootstrapResamplesWithin(requested: number, n: number, workBudget: number = BOOTSTRAP_WORK_BUDGET): number {
  return Math.min(requested, Math.floor(workBudget / Math.max(n, 1)));
}

/**
 * P(K ≤ k) for K ~ Poisson(1), k = 0‥12 (the remaining mass, ~1e-10, counts as 13): inverting one
 * uniform through it draws a row's weight in a resample.
 */
const POISSON1_CDF = (() => {
  const cdf = new Float64Array(13);
  let term = Math.exp(-1);
  let total = 0;
  for (let k = 0; k < cdf.length; k += 1) {
    total += term;
    cdf[k] = total;
    term /= k + 1;
  }
  return cdf;
})();

function poisson1(u: number): number {
  let k = 0;
  while (k < POISSON1_CDF.length && u >= (POISSON1_CDF[k] as number)) k += 1;
  return k;
}

/**
 * Bootstrap replicates of IPS, SNIPS and DR. Each resample gives every row a Poisson(1) count (the
 * Poisson bootstrap, Hanley & MacGibbon 2006; Chamandy et al. 2012: the multinomial counts of the
 * classical bootstrap, made independent), so a resample is one sequential pass with no allocation:
 * the estimators are ratios of weighted sums. A resample that draws no row at all (likely only for a
 * handful of rows) is drawn again.
 */
function bootstrapReplicates(t: OpeTerms, resamples: number, seed: number): Record<EstimatorName, Float64Array> {
  const n = t.w.length;
  const wr = new Float64Array(n);
  const dr = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const w = t.w[i] as number;
    const r = t.reward[i] as number;
    wr[i] = w * r;
    dr[i] = (t.qTarget[i] as number) + w * (r - (t.qLogged[i] as number));
  }
  const replicates: Record<EstimatorName, Float64Array> = { ips: new Float64Array(resamples), snips: new Float64Array(resamples), dr: new Float64Array(resamples) };
  const rng = createRng(seed);
  for (let b = 0; b < resamples; ) {
    let count = 0;
    let sumW = 0;
    let sumWR = 0;
    let sumDr = 0;
    for (let i = 0; i < n; i += 1) {
      const c = poisson1(rng.uniform());
      if (c === 0) continue;
      count += c;
      sumW += c * (t.w[i] as number);
      sumWR += c * (wr[i] as number);
      sumDr += c * (dr[i] as number);
    }
    if (count === 0) continue;
    replicates.ips[b] = sumWR / count;
    replicates.snips[b] = sumW > 0 ? sumWR / sumW : 0;
    replicates.dr[b] = sumDr / count;
    b += 1;
  }
  return replicates;
}

/** Runs IPS, SNIPS and DR over prepared terms, with percentile-bootstrap or analytic 95% intervals. */
export function offPolicyEstimates(terms: OpeTerms, options: OpeOptions = {}): OpeResult {
  const n = terms.w.length;
  if (n === 0) throw new RangeError('no logged decisions to evaluate');
  const point = pointEstimates(terms);
  const ess = (point.sumW * point.sumW) / Math.max(point.sumW2, 1e-300);
  const resamples = options.bootstrapResamples ?? 0;
  const replicates = resamples > 0 ? bootstrapReplicates(terms, resamples, options.seed ?? 1) : { ips: new Float64Array(0), snips: new Float64Array(0), dr: new Float64Array(0) };
  const intervals = new Map<EstimatorName, Interval>();
  if (resamples > 0) {
    for (const name of ['ips', 'snips', 'dr'] as const) {
      const sorted = Float64Array.from(replicates[name]).sort();
      intervals.set(name, { lower: quantileOfSorted(sorted, 0.025), upper: quantileOfSorted(sorted, 0.975) });
    }
  } else {
    const half = analyticHalfWidths(terms, point);
    for (const name of ['ips', 'snips', 'dr'] as const) intervals.set(name, { lower: point[name] - half[name], upper: point[name] + half[name] });
  }
  const estimates = (['ips', 'snips', 'dr'] as const).map((estimator) => ({
    estimator,
    value: point[estimator],
    interval: intervals.get(estimator) as Interval,
    intervalMethod: resamples > 0 ? ('bootstrap' as const) : ('analytic' as const),
    effectiveSampleSize: ess,
  }));
  return { n, estimates, directMethod: point.dm, replicates };
}

export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = q * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (position - lo);
}

/** A logged decision whose reward window has closed, with its final reward. */
export interface MaturedDecision {
  readonly record: DecisionLogRecord;
  readonly reward: number;
}

/** The candidate's distribution over the record's logged actions. */
function candidateDistribution(candidate: CandidatePolicy, record: DecisionLogRecord, learning: PreparedLearning | undefined, floor: number): Float64Array {
  const armIds = record.actions.map((action) => action.armId);
  const k = armIds.length;
  const out = new Float64Array(k);
  if (candidate.type === 'fixed') {
    const index = armIds.indexOf(candidate.armId);
    if (index >= 0) out[index] = 1;
    return out;
  }
  if (candidate.type === 'uniform') {
    out.fill(1 / k);
    return out;
  }
  const prepared = learning as PreparedLearning;
  const x = vectorFromLogged(record.features);
  if (candidate.mode === 'greedy') {
    const { means } = record.personalised ? contextualScores(armIds, prepared, x) : { means: banditMeans(armIds, prepared) };
    let best = 0;
    for (let i = 1; i < k; i += 1) if ((means[i] as number) > (means[best] as number)) best = i;
    out[best] = 1;
    return out;
  }
  const raw = record.personalised ? contextualProbabilities(armIds, prepared, x) : banditProbabilities(armIds, prepared);
  return withFloor(raw, floor);
}

function banditMeans(armIds: readonly string[], learning: PreparedLearning): Float64Array {
  return Float64Array.from(armIds.map((armId) => (learning.contextFree.get(armId) ?? learning.contextFreePrior).mean));
}

/**
 * `POST /v1/experiments/{id}/evaluate`: the candidate's value on the experiment's matured, non-holdout
 * decisions. The reward model for DR is each arm's mean reward over the same decisions (smoothed
 * toward the overall mean by one pseudo-decision). The frozen contextual candidate is the current
 * learning state's posterior (Thompson probabilities with the experiment's floor, or greedy). The
 * bootstrap gets the resamples asked for, or as many as fit `BOOTSTRAP_WORK_BUDGET` (the response's
 * `bootstrapResamples` and a note say so).
 */
export function evaluateCandidate(
  experiment: Pick<Experiment, 'experimentId' | 'objective' | 'minExplorationProbability'>,
  state: LearningState | undefined,
  decisions: readonly MaturedDecision[],
  request: Pick<EvaluateRequest, 'policy' | 'bootstrapResamples'> & { readonly seed?: number; readonly workBudget?: number },
): EvaluateResponse {
  const rows = decisions.filter((d) => !d.record.holdout && d.record.chosenArmId !== null && d.record.actions.length > 0);
  const notes: string[] = [];
  if (decisions.length !== rows.length) notes.push(`${decisions.length - rows.length} holdout decision(s) left out: no policy chose their arm.`);
  if (rows.length === 0) {
    return { experimentId: experiment.experimentId, policy: request.policy, decisions: 0, bootstrapResamples: 0, estimates: [], loggedValue: 0, notes: [...notes, 'no matured decisions to evaluate yet'] };
  }
  const learning = request.policy.type === 'contextual-frozen' ? prepareLearning(state, experiment.objective) : undefined;
  let total = 0;
  const sums = new Map<string, { n: number; sum: number }>();
  for (const { record, reward } of rows) {
    total += reward;
    const entry = sums.get(record.chosenArmId as string) ?? { n: 0, sum: 0 };
    entry.n += 1;
    entry.sum += reward;
    sums.set(record.chosenArmId as string, entry);
  }
  const overall = total / rows.length;
  const q = (armId: string) => {
    const entry = sums.get(armId);
    return entry ? (entry.sum + overall) / (entry.n + 1) : overall;
  };
  const n = rows.length;
  const terms: OpeTerms = { w: new Float64Array(n), reward: new Float64Array(n), qLogged: new Float64Array(n), qTarget: new Float64Array(n) };
  rows.forEach(({ record, reward }, i) => {
    const target = candidateDistribution(request.policy, record, learning, experiment.minExplorationProbability);
    const chosen = record.actions.findIndex((action) => action.armId === record.chosenArmId);
    let qTarget = 0;
    record.actions.forEach((action, a) => {
      qTarget += (target[a] as number) * q(action.armId);
    });
    terms.w[i] = chosen >= 0 ? (target[chosen] as number) / record.propensity : 0;
    terms.reward[i] = reward;
    terms.qLogged[i] = q(record.chosenArmId as string);
    terms.qTarget[i] = qTarget;
  });
  const resamples = bootstrapResamplesWithin(request.bootstrapResamples, n, request.workBudget);
  if (resamples < request.bootstrapResamples) {
    notes.push(
      `${request.bootstrapResamples} bootstrap resamples requested, ${resamples} used: decisions × resamples is capped at ${request.workBudget ?? BOOTSTRAP_WORK_BUDGET} per request so the answer fits the API's time limit (lower maxDecisions for more resamples).`,
    );
  }
  const result = offPolicyEstimates(terms, { bootstrapResamples: resamples, seed: request.seed ?? 1 });
  if (request.policy.type === 'fixed' && !rows.some((d) => d.record.actions.some((a) => a.armId === (request.policy as { armId: string }).armId))) {
    notes.push(`arm '${request.policy.armId}' was never an eligible action in these decisions: every weight is 0.`);
  }
  notes.push('DR reward model: per-arm mean reward over the same decisions (no cross-fitting).');
  return {
    experimentId: experiment.experimentId,
    policy: request.policy,
    decisions: n,
    bootstrapResamples: resamples,
    estimates: result.estimates,
    loggedValue: overall,
    ...(learning ? { modelVersion: learning.version } : {}),
    notes,
  };
}
