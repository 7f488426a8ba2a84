/**
 * Our policy alone, one JSON line per seed: { seed, regret }. For paired comparisons of two versions
 * of the budget core on the same seeds (the baselines in regret.ts do not use it): run this in each
 * checkout with the same seeds and compare per seed. It repeats regret.ts's loop for the 'final'
 * policy kind, so its per-seed regret is the one regret.ts averages.
 *
 *   npx tsx bench/budget/regret-ours.ts <seed>… > ours.jsonl
 */
import { createRng, seedFromKey } from '../../shared/budget/random';
import { CampaignConfigSchema, shiftPeriod } from '../../shared/budget/schemas';
import { thompsonCurvesPolicy } from './policies';
import { aggregatesAt, createMarket, optimalAllocation, realise, REPORTED_SHARE_BY_AGE, totalTrueOutcome, type Realised } from './simulator';

const PERIODS = 100;
const BURN_IN = 3;
const FIRST_PERIOD = '2025-01-06T00:00:00.000Z';

for (const seed of process.argv.slice(2).map(Number)) {
  const market = createMarket(seed, PERIODS);
  const optimum = Array.from({ length: PERIODS }, (_unused, p) => optimalAllocation(market, p));
  const config = CampaignConfigSchema.parse({
    campaignId: `sim-${seed}`,
    currency: 'EUR',
    totalBudgetCents: market.budgetCents,
    channels: market.channels.map((channel, i) => ({ channel, floorCents: market.floorCents[i], capCents: market.capCents[i] })),
    objective: 'conversions',
    cadence: 'P1D',
    burnInPeriods: BURN_IN,
    model: { reportedShareByAge: [...REPORTED_SHARE_BY_AGE] },
  });
  const policy = thompsonCurvesPolicy;
  const noise = createRng(seedFromKey(`noise|${seed}`));
  const decisions = createRng(seedFromKey(`policy|${seed}|${policy.name}`));
  const keyOf = (p: number): string => shiftPeriod(config.cadence, FIRST_PERIOD, p);
  const history: Realised[] = [];
  let current: number[] | undefined;
  let regret = 0;
  for (let period = 0; period < PERIODS; period += 1) {
    const aggregates = aggregatesAt(history, period, config.campaignId, keyOf);
    const allocation = policy.decide({ market, config, period, periodKey: keyOf(period), current, aggregates, rng: decisions });
    regret += totalTrueOutcome(market, period, optimum[period] ?? []) - totalTrueOutcome(market, period, allocation);
    history.push(...realise(market, period, allocation, noise));
    current = allocation;
  }
  console.log(JSON.stringify({ seed, regret }));
}
