/**
 * What an outcome adds to its decision's reward, per objective. A decision's reward is built up one
 * outcome at a time (the consumer sees them as they arrive), so each call returns the increment and
 * the new bookkeeping; replaying the same outcome is the caller's job to prevent (by outcome id).
 */
import type { Objective } from './schemas';
import type { DecisionRewardState } from './types';

const CLICK_EVENTS = new Set(['click', 'ad_click']);
const CONVERSION_EVENTS = new Set(['conversion', 'purchase']);
const REVENUE_EVENTS = new Set(['conversion', 'purchase', 'revenue']);

/** A decision's reward is bounded so sums over millions of decisions stay exact enough. */
export const MAX_DECISION_REWARD = 10_000_000;

export const INITIAL_REWARD_STATE: DecisionRewardState = { reward: 0, counted: [] };

/**
 * The reward an outcome adds:
 * - `click`: 1 for the first `ad_click`/`click`, 0 after; `conversion`: same for `purchase`/`conversion`;
 * - `revenue`: the outcome's `value` for `purchase`/`conversion`/`revenue` (0 when absent), the total
 *   clamped to ±MAX_DECISION_REWARD;
 * - weighted: the event's weight the first time its type is seen, 0 for unweighted events.
 */
export function rewardDelta(
  objective: Objective,
  state: DecisionRewardState,
  outcome: { readonly event: string; readonly value?: number },
): { delta: number; state: DecisionRewardState } {
  const unchanged = { delta: 0, state };
  const once = (amount: number) =>
    state.counted.includes(outcome.event) ? unchanged : { delta: amount, state: { reward: state.reward + amount, counted: [...state.counted, outcome.event] } };
  if (objective === 'click') {
    if (!CLICK_EVENTS.has(outcome.event) || state.reward >= 1) return unchanged;
    return { delta: 1, state: { reward: 1, counted: [...state.counted, outcome.event] } };
  }
  if (objective === 'conversion') {
    if (!CONVERSION_EVENTS.has(outcome.event) || state.reward >= 1) return unchanged;
    return { delta: 1, state: { reward: 1, counted: [...state.counted, outcome.event] } };
  }
  if (objective === 'revenue') {
    if (!REVENUE_EVENTS.has(outcome.event) || outcome.value === undefined || !Number.isFinite(outcome.value)) return unchanged;
    const next = Math.max(-MAX_DECISION_REWARD, Math.min(MAX_DECISION_REWARD, state.reward + outcome.value));
    const delta = next - state.reward;
    return delta === 0 ? unchanged : { delta, state: { reward: next, counted: state.counted.includes(outcome.event) ? state.counted : [...state.counted, outcome.event] } };
  }
  const weight = objective.weights.find((entry) => entry.event === outcome.event)?.weight;
  return weight === undefined ? unchanged : once(weight);
}

/** The outcome events that can change a decision's reward under this objective. */
export function rewardingEvents(objective: Objective): readonly string[] {
  if (objective === 'click') return [...CLICK_EVENTS];
  if (objective === 'conversion') return [...CONVERSION_EVENTS];
  if (objective === 'revenue') return [...REVENUE_EVENTS];
  return objective.weights.map((entry) => entry.event);
}
