/**
 * The allocation policies the regret benchmark compares. Baselines name a target allocation; the
 * harness moves each policy toward its target within the same floors, caps and step limits that
 * bind ours, so the comparison is between decision rules, not between constraint sets.
 */
import { allocateBudget } from '../../shared/budget/allocator';
import type { Rng } from '../../shared/budget/random';
import type { CampaignConfig, PeriodAggregate } from '../../shared/budget/schemas';
import { REPORTED_SHARE_BY_AGE, type Market } from './simulator';

export interface PolicyContext {
  readonly market: Market;
  readonly config: CampaignConfig;
  readonly period: number;
  readonly periodKey: string;
  readonly current: readonly number[] | undefined;
  readonly aggregates: readonly PeriodAggregate[];
  readonly rng: Rng;
}

export interface Policy {
  readonly name: string;
  /** 'target': the harness moves toward it within the step limits; 'final': already feasible. */
  readonly kind: 'target' | 'final';
  decide(context: PolicyContext): number[];
}

/** Per channel: lag-corrected conversions and spend of each period seen so far. */
function observedReturns(context: PolicyContext): { spend: number[]; outcome: number[] }[] {
  const start = Date.parse(context.periodKey);
  return context.market.channels.map((channel) => {
    const rows = context.aggregates.filter((a) => a.channel === channel);
    return {
      spend: rows.map((a) => a.totals.spendCents),
      outcome: rows.map((a) => {
        const age = Math.round((start - Date.parse(a.period)) / 86_400_000) - 1;
        return a.totals.conversions / (REPORTED_SHARE_BY_AGE[Math.min(age, REPORTED_SHARE_BY_AGE.length - 1)] ?? 1);
      }),
    };
  });
}

function averageReturn(data: { spend: number[]; outcome: number[] }): number {
  const spend = data.spend.reduce((s, v) => s + v, 0);
  return spend > 0 ? data.outcome.reduce((s, v) => s + v, 0) / spend : 0;
}

/** Everything to one channel (the harness keeps floors, caps and steps). */
function winnerTakesAll(market: Market, winner: number): number[] {
  return market.channels.map((_c, i) => (i === winner ? market.budgetCents : 0));
}

function argmax(values: readonly number[]): number {
  return values.reduce((best, v, i) => (v > (values[best] ?? -Infinity) ? i : best), 0);
}

export const uniformPolicy: Policy = {
  name: 'uniform split',
  kind: 'target',
  decide: (context) => context.market.channels.map(() => 0),
};

export function epsilonGreedyPolicy(epsilon = 0.1): Policy {
  return {
    name: `ε-greedy (ε=${epsilon})`,
    kind: 'target',
    decide: (context) => {
      const returns = observedReturns(context).map(averageReturn);
      const winner = context.rng.uniform() < epsilon ? Math.floor(context.rng.uniform() * returns.length) : argmax(returns);
      return winnerTakesAll(context.market, winner);
    },
  };
}

/** UCB1 on return per cent; a "pull" is 1% of the budget spent on the channel. */
export const ucb1Policy: Policy = {
  name: 'UCB1',
  kind: 'target',
  decide: (context) => {
    const data = observedReturns(context);
    const returns = data.map(averageReturn);
    const best = Math.max(...returns, 1e-12);
    const pulls = data.map((d) => d.spend.reduce((s, v) => s + v, 0) / (context.market.budgetCents / 100));
    const total = pulls.reduce((s, v) => s + v, 0);
    const index = returns.map((r, i) => r / best + Math.sqrt((2 * Math.log(Math.max(total, 1))) / Math.max(pulls[i] ?? 0, 1e-9)));
    return winnerTakesAll(context.market, argmax(index));
  },
};

/**
 * What an experimentation tool does: a Gaussian posterior on each channel's return per cent
 * (linear: no saturation), and budget shares equal to each channel's probability of being best.
 */
export const gaussianThompsonPolicy: Policy = {
  name: 'Gaussian TS, budget ∝ P(best)',
  kind: 'target',
  decide: (context) => {
    const posteriors = observedReturns(context).map((d) => {
      const rates = d.spend.map((s, i) => (s > 0 ? (d.outcome[i] ?? 0) / s : 0));
      const n = rates.length;
      const mean = averageReturn(d);
      const variance = n > 1 ? rates.reduce((s, r) => s + (r - mean) ** 2, 0) / (n - 1) : mean * mean;
      return { mean, sd: Math.sqrt(variance / Math.max(n, 1)) };
    });
    const wins = posteriors.map(() => 0);
    const draws = 1000;
    for (let d = 0; d < draws; d += 1) {
      const sampled = posteriors.map((p) => p.mean + p.sd * context.rng.normal());
      const winner = argmax(sampled);
      wins[winner] = (wins[winner] ?? 0) + 1;
    }
    return wins.map((w) => (w / draws) * context.market.budgetCents);
  },
};

/** Knows the true curves: moves toward each period's optimum (the cost of the step limits alone). */
export function clairvoyantPolicy(optimum: (period: number) => number[]): Policy {
  return { name: 'clairvoyant within step limits (reference)', kind: 'target', decide: (context) => optimum(context.period) };
}

/** Ours: the production allocator, fed the same aggregates. */
export const thompsonCurvesPolicy: Policy = {
  name: 'ours: Thompson sampling on saturating curves',
  kind: 'final',
  decide: (context) => {
    const current = context.current ? Object.fromEntries(context.market.channels.map((c, i) => [c, context.current?.[i] ?? 0])) : undefined;
    const result = allocateBudget({ config: context.config, period: context.periodKey, ...(current ? { current } : {}), aggregates: context.aggregates });
    return context.market.channels.map((c) => result.allocations[c] ?? 0);
  },
};
