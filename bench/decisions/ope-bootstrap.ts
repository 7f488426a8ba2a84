/**
 * Cost of `POST /v1/experiments/{id}/evaluate`'s bootstrap at the largest request the API accepts
 * (200,000 matured decisions, 2,000 resamples asked for), against the implementation it replaced in
 * the same run on the same decisions: the classical bootstrap that draws n row indices per resample and
 * re-sums through them (kept below as the baseline). The current code draws a Poisson(1) count per row
 * in one sequential pass and caps decisions × resamples at `BOOTSTRAP_WORK_BUDGET`. Also compares the
 * two bootstraps' intervals at the same number of resamples, and both with the analytic intervals.
 * One core of this machine; a 1,024 MB Lambda gets about 0.58 of a vCPU (1,769 MB = one vCPU).
 * Writes bench/results/decisions-ope-bootstrap.md.
 *
 *   npx tsx bench/decisions/ope-bootstrap.ts [decisions=200000] [requested=2000]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { createRng } from '../../shared/budget/random';
import {
  BOOTSTRAP_WORK_BUDGET,
  ExperimentConfigSchema,
  choose,
  coldStartFeatures,
  decisionLogRecord,
  evaluateCandidate,
  newExperiment,
  offPolicyEstimates,
  quantileOfSorted,
  type MaturedDecision,
  type OpeTerms,
} from '../../shared/decisions';

const N = Number(process.argv[2] ?? 200_000);
const REQUESTED = Number(process.argv[3] ?? 2000);
const ARMS = 10;
const experiment = newExperiment('bench', ExperimentConfigSchema.parse({ arms: Array.from({ length: ARMS }, (_, i) => ({ armId: `offer-${i}` })), policy: 'bandit' }), '2026-01-01T00:00:00.000Z');
const rng = createRng(1);
const at = new Date('2026-01-01T00:00:00Z');
const decisions: MaturedDecision[] = Array.from({ length: N }, (_, i) => {
  const choice = choose({ experiment, pseudonym: `u${i}`, features: coldStartFeatures(), personalisedMarketingAllowed: true, seed: `d${i}` });
  const record = decisionLogRecord({ choice, decisionId: `dec-${i}`, experiment, pseudonym: `u${i}`, at });
  const rate = 0.02 + 0.01 * Number((choice.armId ?? 'offer-0').slice(6));
  return { record, reward: rng.uniform() < rate ? 1 : 0 };
});
const policy = { type: 'fixed' as const, armId: 'offer-7' };
// The terms evaluateCandidate builds for this candidate: DR's reward model is each arm's mean reward
// smoothed toward the overall mean by one pseudo-decision.
const overall = decisions.reduce((sum, d) => sum + d.reward, 0) / N;
const armSums = new Map<string, { n: number; sum: number }>();
for (const { record, reward } of decisions) {
  const entry = armSums.get(record.chosenArmId as string) ?? { n: 0, sum: 0 };
  entry.n += 1;
  entry.sum += reward;
  armSums.set(record.chosenArmId as string, entry);
}
const q = (armId: string) => {
  const entry = armSums.get(armId);
  return entry ? (entry.sum + overall) / (entry.n + 1) : overall;
};
const terms: OpeTerms = {
  w: Float64Array.from(decisions, ({ record }) => (record.chosenArmId === policy.armId ? 1 / record.propensity : 0)),
  reward: Float64Array.from(decisions, (d) => d.reward),
  qLogged: Float64Array.from(decisions, ({ record }) => q(record.chosenArmId as string)),
  qTarget: new Float64Array(N).fill(q(policy.armId)),
};

/** The replaced implementation: n uniform row indices per resample, then the estimators through them. */
function classicalBootstrap(t: OpeTerms, resamples: number, seed: number): Record<'ips' | 'snips' | 'dr', { lower: number; upper: number }> {
  const n = t.w.length;
  const random = createRng(seed);
  const rows = new Uint32Array(n);
  const reps = { ips: new Float64Array(resamples), snips: new Float64Array(resamples), dr: new Float64Array(resamples) };
  for (let b = 0; b < resamples; b += 1) {
    for (let k = 0; k < n; k += 1) rows[k] = Math.floor(random.uniform() * n);
    let sumW = 0;
    let sumWR = 0;
    let sumDr = 0;
    for (let k = 0; k < n; k += 1) {
      const i = rows[k] as number;
      const wi = t.w[i] as number;
      const r = t.reward[i] as number;
      sumW += wi;
      sumWR += wi * r;
      sumDr += (t.qTarget[i] as number) + wi * (r - (t.qLogged[i] as number));
    }
    reps.ips[b] = sumWR / n;
    reps.snips[b] = sumW > 0 ? sumWR / sumW : 0;
    reps.dr[b] = sumDr / n;
  }
  const interval = (xs: Float64Array) => {
    const sorted = Float64Array.from(xs).sort();
    return { lower: quantileOfSorted(sorted, 0.025), upper: quantileOfSorted(sorted, 0.975) };
  };
  return { ips: interval(reps.ips), snips: interval(reps.snips), dr: interval(reps.dr) };
}

/** Wall-clock seconds and this process's CPU seconds (user + system): the machine is shared, CPU time is the steadier figure. */
function seconds<T>(run: () => T): { value: T; s: number; cpu: number } {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const value = run();
  const cpu = process.cpuUsage(cpuStart);
  return { value, s: Number(process.hrtime.bigint() - start) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
}

const load = loadavg()[0] as number;
const baseline = seconds(() => classicalBootstrap(terms, REQUESTED, 1));
const poissonFull = seconds(() => offPolicyEstimates(terms, { bootstrapResamples: REQUESTED, seed: 1 }));
const request = seconds(() => evaluateCandidate(experiment, undefined, decisions, { policy, bootstrapResamples: REQUESTED }));
const analytic = seconds(() => evaluateCandidate(experiment, undefined, decisions, { policy, bootstrapResamples: 0 }));
const used = request.value.bootstrapResamples;
const classicalAtUsed = classicalBootstrap(terms, used, 1);
const poissonAtUsed = offPolicyEstimates(terms, { bootstrapResamples: used, seed: 1 });
const analyticTerms = offPolicyEstimates(terms, {});

const fmt = (x: number) => x.toFixed(5);
const lines = [
  '## Decisions: the off-policy evaluation bootstrap inside one API request',
  '',
  `${N.toLocaleString('en')} matured decisions (10 arms, uniform logging, a fixed-arm candidate), ${REQUESTED.toLocaleString('en')} resamples requested.`,
  'Baseline in the same run on the same decisions: the classical bootstrap the evaluate route ran before (n row indices drawn',
  'per resample, then a gather over them). Current: one Poisson(1) count per row per resample in a sequential pass, and',
  `decisions × resamples capped at ${BOOTSTRAP_WORK_BUDGET.toLocaleString('en')} per request (\`BOOTSTRAP_WORK_BUDGET\`), the response saying how many`,
  `resamples were used. Seconds on one core of this machine, which other work shared (load average ${load.toFixed(2)} at the start):`,
  "wall clock, and this process's CPU time. A 1,024 MB Lambda gets about 0.58 of a vCPU, so expect roughly 1.7× the CPU",
  'seconds there. API Gateway answers 503 after 30 s whatever the function does, and the request also reads the decisions from',
  'DynamoDB first (not measured here).',
  `Script: \`npx tsx bench/decisions/ope-bootstrap.ts ${N} ${REQUESTED}\`.`,
  '',
  '| what | resamples | wall s | CPU s | CPU ms per resample |',
  '| --- | --- | --- | --- | --- |',
  `| baseline: classical bootstrap, uncapped (before) | ${REQUESTED} | ${baseline.s.toFixed(2)} | ${baseline.cpu.toFixed(2)} | ${((1000 * baseline.cpu) / REQUESTED).toFixed(2)} |`,
  `| Poisson bootstrap, uncapped (estimators only) | ${REQUESTED} | ${poissonFull.s.toFixed(2)} | ${poissonFull.cpu.toFixed(2)} | ${((1000 * poissonFull.cpu) / REQUESTED).toFixed(2)} |`,
  `| the request now: \`evaluateCandidate\`, capped | ${used} | ${request.s.toFixed(2)} | ${request.cpu.toFixed(2)} | |`,
  `| the request with analytic intervals | 0 | ${analytic.s.toFixed(2)} | ${analytic.cpu.toFixed(2)} | |`,
  '',
  `95% intervals on the same decisions (IPS / SNIPS / DR; the request's terms: DR's reward model is the smoothed per-arm mean), both`,
  `bootstraps at ${used} resamples (seed 1), and the analytic ones:`,
  '',
  '| estimator | value | classical bootstrap | Poisson bootstrap (the response) | analytic |',
  '| --- | --- | --- | --- | --- |',
];
for (const estimate of poissonAtUsed.estimates) {
  const classical = classicalAtUsed[estimate.estimator];
  const a = analyticTerms.estimates.find((e) => e.estimator === estimate.estimator)?.interval;
  lines.push(
    `| ${estimate.estimator.toUpperCase()} | ${fmt(estimate.value)} | ${fmt(classical.lower)}–${fmt(classical.upper)} | ${fmt(estimate.interval.lower)}–${fmt(estimate.interval.upper)} | ${a ? `${fmt(a.lower)}–${fmt(a.upper)}` : ''} |`,
  );
}
if (JSON.stringify(poissonAtUsed.estimates) !== JSON.stringify(request.value.estimates)) throw new Error('the bench terms differ from the request\'s');
lines.push('', `Notes the response carried: ${request.value.notes.map((note) => `"${note}"`).join('; ')}`);

const dir = join(__dirname, '..', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'decisions-ope-bootstrap.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
