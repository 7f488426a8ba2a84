/**
 * What `POST /v1/experiments/{id}/evaluate` spends per decision: reading it (the SDK's unmarshalling of
 * the log item and the record's schema parse) and scoring its candidate (the candidate's distribution
 * over the eligible arms), measured for the frozen contextual model (Thompson and greedy) and a fixed
 * arm at 10, 25 and 50 arms, next to the estimates (`READ_MICROS_PER_DECISION`,
 * `candidateMicrosPerDecision`) that cap the decisions a request reads. Then the request itself at
 * its default maxDecisions (50,000) with 50 arms, uncapped (before; the baseline) and capped (now), on
 * the same decisions. One core of this machine, shared with other work: CPU time of this process.
 * Writes bench/results/decisions-ope-cost.md.
 *
 *   npx tsx bench/decisions/ope-cost.ts [decisions=50000]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createRng } from '../../shared/budget/random';
import {
  DecisionLogRecordSchema,
  EVALUATION_WORK_BUDGET_MICROS,
  READ_MICROS_PER_DECISION,
  ExperimentConfigSchema,
  candidateMicrosPerDecision,
  choose,
  decisionLogRecord,
  decisionsWithinBudget,
  emptyLearningState,
  evaluateCandidate,
  featuresOf,
  foldLearningState,
  newExperiment,
  type CandidatePolicy,
  type FeatureSource,
  type LearningEvent,
  type MaturedDecision,
} from '../../shared/decisions';

const N = Number(process.argv[2] ?? 50_000);
const SAMPLE = 3000;
const SEGMENTS = ['new-user', 'loyal-buyer', 'high-spender', 'price-sensitive', 'cart-abandoner', 'video-engaged'];
const profiles: FeatureSource[] = Array.from({ length: 1000 }, (_, i) => ({
  segments: [SEGMENTS[i % SEGMENTS.length] as string, SEGMENTS[(i * 7) % SEGMENTS.length] as string],
  spending: { tier: ['budget', 'mid', 'upper', 'premium'][i % 4] as string },
  interests: {
    shortTerm: { categories: [{ key: `cat-${i % 13}`, score: 3 }, { key: `cat-${i % 7}`, score: 2 }] },
    longTerm: { categories: [{ key: `cat-${i % 11}`, score: 9 }, { key: `cat-${i % 3}`, score: 4 }] },
  },
  context: { devices: { [['mobile', 'desktop', 'tablet'][i % 3] as string]: 5 }, hourOfDay: Array.from({ length: 24 }, (_, h) => (h === i % 24 ? 3 : 0)) },
}));

/** A contextual experiment over `arms` arms with a state learnt from 20,000 decisions, and `n` personalised logged decisions. */
function setup(arms: number, n: number) {
  const experiment = newExperiment('bench', ExperimentConfigSchema.parse({ arms: Array.from({ length: arms }, (_, i) => ({ armId: `offer-${i}` })), policy: 'contextual', minExplorationProbability: 0.001 }), '2026-01-01T00:00:00.000Z');
  const rng = createRng(arms);
  const events: LearningEvent[] = [];
  for (let i = 0; i < 20_000; i += 1) {
    const base = { armId: `offer-${i % arms}`, propensity: 1 / arms, holdout: false, personalised: true, features: featuresOf(profiles[i % profiles.length] as FeatureSource, { page: 'home' }).logged };
    events.push({ kind: 'decision', ...base });
    if (rng.uniform() < 0.02 + (0.04 * (i % arms)) / arms) events.push({ kind: 'reward', ...base, previousReward: 0, delta: 1 });
  }
  const state = foldLearningState(emptyLearningState('bench'), events);
  const at = new Date('2026-01-01T00:00:00Z');
  const decisions: MaturedDecision[] = Array.from({ length: n }, (_, i) => {
    const features = featuresOf(profiles[i % profiles.length] as FeatureSource, { page: 'home' });
    const choice = choose({ experiment, pseudonym: `u${i}`, features, personalisedMarketingAllowed: true, seed: `d${i}` });
    return { record: decisionLogRecord({ choice, decisionId: `dec-${String(i).padStart(8, '0')}`, experiment, pseudonym: `u${i}`, at }), reward: rng.uniform() < 0.04 ? 1 : 0 };
  });
  return { experiment, state, decisions };
}

function cpuSeconds<T>(run: () => T): { value: T; cpu: number } {
  const start = process.cpuUsage();
  const value = run();
  const used = process.cpuUsage(start);
  return { value, cpu: (used.user + used.system) / 1e6 };
}

const load = loadavg()[0] as number;
const policies: [string, CandidatePolicy][] = [
  ['contextual-frozen, thompson', { type: 'contextual-frozen', mode: 'thompson' }],
  ['contextual-frozen, greedy', { type: 'contextual-frozen', mode: 'greedy' }],
  ['fixed arm', { type: 'fixed', armId: 'offer-1' }],
];
const lines = [
  "## Decisions: the evaluate route's cost of reading its decisions and scoring its candidate",
  '',
  `CPU µs per decision to score the candidate (bootstrap off), on ${SAMPLE.toLocaleString('en')} personalised logged decisions of a contextual`,
  'experiment whose state was learnt from 20,000 decisions, against the estimate that caps how many decisions a request reads',
  `(\`candidateMicrosPerDecision\` + \`READ_MICROS_PER_DECISION\`, budget ${(EVALUATION_WORK_BUDGET_MICROS / 1e6).toFixed(0)} CPU s per request). One core of this machine, shared with other work`,
  `(load average ${load.toFixed(2)} at the start): CPU time of this process. A 1,024 MB Lambda gets about 0.58 of a vCPU.`,
  `Script: \`npx tsx bench/decisions/ope-cost.ts ${N}\`.`,
  '',
  '| candidate | arms | measured µs per decision | estimate | decisions a request reads at most |',
  '| --- | --- | --- | --- | --- |',
];
for (const arms of [10, 25, 50]) {
  const { experiment, state, decisions } = setup(arms, SAMPLE);
  if (arms === 10) {
    // Reading: the log items as DynamoDB returns them, unmarshalled and parsed as the store does.
    const once = decisions.map(({ record }) => marshall({ pk: `DEC#${record.decisionId}`, sk: 'DECISION', record }, { removeUndefinedValues: true }));
    const items = [...once, ...once, ...once, ...once, ...once];
    const bytes = once.reduce((sum, item) => sum + JSON.stringify(item).length, 0) / once.length;
    once.slice(0, 500).forEach((item) => DecisionLogRecordSchema.parse(unmarshall(item).record)); // warm-up
    const { cpu } = cpuSeconds(() => items.map((item) => DecisionLogRecordSchema.parse(unmarshall(item).record)));
    lines.push(`| reading (unmarshall + parse, ~${bytes.toFixed(0)} B an item, ${items.length.toLocaleString('en')} items) | any | ${((1e6 * cpu) / items.length).toFixed(1)} | ${READ_MICROS_PER_DECISION} | |`);
  }
  for (const [label, policy] of policies) {
    evaluateCandidate(experiment, state, decisions.slice(0, 200), { policy, bootstrapResamples: 0 }); // warm-up
    const { cpu } = cpuSeconds(() => evaluateCandidate(experiment, state, decisions, { policy, bootstrapResamples: 0 }));
    lines.push(`| ${label} | ${arms} | ${((1e6 * cpu) / SAMPLE).toFixed(1)} | ${candidateMicrosPerDecision(policy, arms).toFixed(0)} | ${decisionsWithinBudget(policy, arms, 200_000).toLocaleString('en')} |`);
  }
}

const big = setup(50, N);
const thompson: CandidatePolicy = { type: 'contextual-frozen', mode: 'thompson' };
const before = cpuSeconds(() => evaluateCandidate(big.experiment, big.state, big.decisions, { policy: thompson, bootstrapResamples: 200 }));
const cap = decisionsWithinBudget(thompson, 50, N);
const now = cpuSeconds(() => evaluateCandidate(big.experiment, big.state, big.decisions.slice(0, cap), { policy: thompson, bootstrapResamples: 200 }));
const value = (result: ReturnType<typeof evaluateCandidate>) => {
  const dr = result.estimates.find((e) => e.estimator === 'dr');
  return dr ? `${dr.value.toFixed(4)} (${dr.interval.lower.toFixed(4)}–${dr.interval.upper.toFixed(4)})` : '';
};
lines.push(
  '',
  `The request at maxDecisions ${N.toLocaleString('en')}, 50 arms, contextual-frozen Thompson, 200 resamples, on the same decisions:`,
  '',
  '| request | decisions scored | CPU s | DR estimate (95% interval) |',
  '| --- | --- | --- | --- |',
  `| before: every decision asked for (baseline) | ${before.value.decisions.toLocaleString('en')} | ${before.cpu.toFixed(2)} | ${value(before.value)} |`,
  `| now: the newest the budget allows | ${now.value.decisions.toLocaleString('en')} | ${now.cpu.toFixed(2)} | ${value(now.value)} |`,
  '',
  'The capped answer is an estimate over fewer decisions, so its interval is wider: the response says how many were read',
  '(`maxDecisions`) and why (a note). Reading the decisions from DynamoDB comes on top and is not measured here.',
);

const dir = join(__dirname, '..', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'decisions-ope-cost.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
