/**
 * Serving cost of one decision's compute on one core: features from a profile view + the contextual
 * Thompson probability vector over 10 arms + the draw, against the context-free Thompson decision
 * (the baseline) in the same run, both with a learnt state. The learning state is prepared once, as
 * the decision function caches it. Writes bench/results/decisions-serving-cost.md.
 *
 *   npx tsx bench/decisions/serving-cost.ts [decisions=50000]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { createRng } from '../../shared/budget/random';
import {
  ExperimentConfigSchema,
  choose,
  emptyLearningState,
  featuresOf,
  foldLearningState,
  newExperiment,
  prepareLearning,
  type FeatureSource,
  type LearningEvent,
} from '../../shared/decisions';

const N = Number(process.argv[2] ?? 50_000);
const ARMS = 10;
const arms = Array.from({ length: ARMS }, (_, i) => ({ armId: `offer-${i}` }));
const contextual = newExperiment('bench', ExperimentConfigSchema.parse({ arms, policy: 'contextual' }), '2026-01-01T00:00:00.000Z');
const bandit = newExperiment('bench', ExperimentConfigSchema.parse({ arms, policy: 'bandit' }), '2026-01-01T00:00:00.000Z');

const rng = createRng(1);
const SEGMENTS = ['new-user', 'loyal-buyer', 'high-spender', 'price-sensitive', 'cart-abandoner', 'video-engaged'];
const profiles: FeatureSource[] = Array.from({ length: 1000 }, (_, i) => ({
  segments: [SEGMENTS[i % SEGMENTS.length] as string, SEGMENTS[(i * 7) % SEGMENTS.length] as string],
  spending: { tier: ['budget', 'mid', 'upper', 'premium'][i % 4] as string },
  interests: {
    shortTerm: { categories: [{ key: `cat-${i % 13}`, score: 3 }, { key: `cat-${i % 7}`, score: 2 }, { key: `cat-${i % 5}`, score: 1 }] },
    longTerm: { categories: [{ key: `cat-${i % 11}`, score: 9 }, { key: `cat-${i % 3}`, score: 4 }] },
  },
  context: { devices: { [['mobile', 'desktop', 'tablet'][i % 3] as string]: 5 }, hourOfDay: Array.from({ length: 24 }, (_, h) => (h === i % 24 ? 3 : 0)) },
}));
const events: LearningEvent[] = [];
for (let i = 0; i < 20_000; i += 1) {
  const profile = profiles[i % profiles.length] as FeatureSource;
  const base = { armId: `offer-${i % ARMS}`, propensity: 1 / ARMS, holdout: false, personalised: true, features: featuresOf(profile, { page: 'home' }).logged };
  events.push({ kind: 'decision', ...base });
  if (rng.uniform() < 0.05) events.push({ kind: 'reward', ...base, previousReward: 0, delta: 1 });
}
const state = foldLearningState(emptyLearningState('bench'), events);
const learning = prepareLearning(state, 'click');

/** Decisions per wall-clock second and per second of this process's CPU time (user + system). */
function measure(run: (i: number) => unknown): { wall: number; cpu: number } {
  for (let i = 0; i < 2000; i += 1) run(i); // warm-up
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let sink = 0;
  for (let i = 0; i < N; i += 1) if (run(i)) sink += 1;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  if (sink < 0) console.log(sink);
  return { wall: N / seconds, cpu: N / ((cpu.user + cpu.system) / 1e6) };
}

const rates = { contextual: [] as { wall: number; cpu: number }[], bandit: [] as { wall: number; cpu: number }[] };
for (let round = 0; round < 3; round += 1) {
  rates.bandit.push(measure((i) => choose({ experiment: bandit, pseudonym: `u${i}`, features: featuresOf(profiles[i % 1000], { page: 'home' }), personalisedMarketingAllowed: true, learning, seed: `d${i}` })));
  rates.contextual.push(measure((i) => choose({ experiment: contextual, pseudonym: `u${i}`, features: featuresOf(profiles[i % 1000], { page: 'home' }), personalisedMarketingAllowed: true, learning, seed: `d${i}` })));
}
const prepStart = process.hrtime.bigint();
for (let i = 0; i < 20; i += 1) prepareLearning(state, 'click');
const prepareMs = Number(process.hrtime.bigint() - prepStart) / 1e6 / 20;
const availableCores = () => availableParallelism();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const wall = (xs: { wall: number }[]) => median(xs.map((x) => x.wall));
const cpu = (xs: { cpu: number }[]) => median(xs.map((x) => x.cpu));

const lines = [
  '## Decisions: serving cost (compute per decision, one core)',
  '',
  `One decision = features from a profile view and request context + the probability vector over ${ARMS} arms + the draw, with a`,
  `learning state folded from 20,000 decisions and prepared once (as the decision function caches it). ${N.toLocaleString('en')} decisions per`,
  'measurement, median of 3; single thread. Script: `npx tsx bench/decisions/serving-cost.ts`.',
  `Load average during the run: ${loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${availableCores()} cores: when it exceeds the core count the`,
  'wall-clock rates are depressed by that factor, so the rate per second of CPU time the process actually got is shown too',
  '(what one core sustains when it is not shared); the ratio between the two rows is the comparison this benchmark makes.',
  '',
  '| decision | decisions per CPU-second (one core) | CPU µs per decision | decisions per wall-clock second |',
  '| --- | --- | --- | --- |',
  `| context-free Thompson (\`bandit\`, baseline; its vector is cached per model version) | ${cpu(rates.bandit).toFixed(0)} | ${(1e6 / cpu(rates.bandit)).toFixed(1)} | ${wall(rates.bandit).toFixed(0)} |`,
  `| **contextual Thompson (ours)** | ${cpu(rates.contextual).toFixed(0)} | ${(1e6 / cpu(rates.contextual)).toFixed(1)} | ${wall(rates.contextual).toFixed(0)} |`,
  '',
  `Preparing the cached posteriors (${ARMS} arms, ${24}×${24} inversions) takes ${prepareMs.toFixed(2)} ms per model version. Target ≥ 20,000 decisions/s/core:`,
  `${cpu(rates.contextual) >= 20_000 ? 'met' : 'NOT met'} (per CPU-second). Per decision the service adds one profile read and one Kinesis put (no DynamoDB write); those are`,
  "the service's figures, not measured here.",
];
const dir = join(__dirname, '..', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'decisions-serving-cost.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
