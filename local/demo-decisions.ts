/**
 * The decisions part of `npm run demo`: a contextual experiment on the demo's shoppers. Each shopper's
 * segment is the top long-term interest of the live profile the clickstream built; simulated shoppers
 * click an offer for their own segment far more often than any other. Round by round every shopper
 * gets a decision (POST /v1/decisions), the simulated clicks go back as clickstream events carrying
 * the decisionId (POST /v1/events), the decisions consumer folds them and refits the model, and the
 * demo prints the share each offer was served per segment: the matching offer takes over where it
 * matches, while a context-free bandit could only favour one offer for everybody.
 */
import { seededRandom } from './clickstream';

type Log = (line?: string) => void;

/** Segment of a shopper: the group of the top long-term interest category. */
const SEGMENT_OF_CATEGORY: Record<string, string> = {
  'running shoes': 'sporty',
  apparel: 'sporty',
  skincare: 'beauty',
  coffee: 'home',
  'home & kitchen': 'home',
  electronics: 'tech',
};
const ARMS = [
  { armId: 'sport-kit', segment: 'sporty', payload: { headline: 'New season trail kit, 20% off' } },
  { armId: 'glow-set', segment: 'beauty', payload: { headline: 'Your glow set, free shipping' } },
  { armId: 'home-deal', segment: 'home', payload: { headline: 'Brew better at home' } },
  { armId: 'gadget-sale', segment: 'tech', payload: { headline: 'Gadget week' } },
];
/** Click probability of an offer: high for the shopper's own segment, low otherwise. */
const MATCH_RATE = 0.35;
const OTHER_RATE = 0.03;

export interface DecisionsDemoOptions {
  apiUrl: string;
  token: string;
  /** Shoppers with profiles (the demo clickstream's users, bots excluded). */
  users: readonly string[];
  rounds?: number;
  seed?: number;
  /** Waits until the decisions consumer has folded what was sent (the in-process suite drains). */
  settle: () => Promise<void>;
  log: Log;
}

export async function runDecisionsDemo(options: DecisionsDemoOptions): Promise<void> {
  const { apiUrl, log } = options;
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
  };
  const random = seededRandom(options.seed ?? 11);
  const experimentId = `demo-offers-${Date.now().toString(36)}`;

  const put = await call('PUT', `/v1/experiments/${experimentId}`, {
    name: 'Which offer, for whom',
    arms: ARMS.map(({ armId, payload }) => ({ armId, payload })),
    objective: 'click',
    policy: 'contextual',
    minExplorationProbability: 0.02,
    rewardWindowSeconds: 3600,
    testPlan: { baselineRate: 0.05, minimumDetectableEffect: 0.3, dailyTraffic: 20_000 },
  });
  if (put.status !== 201) throw new Error(`PUT experiment answered ${put.status}: ${JSON.stringify(put.body)}`);
  const plan = put.body.testPlan;
  log(`  experiment ${experimentId}: ${ARMS.length} offers, contextual Thompson sampling over the live profiles, objective click`);
  if (plan) log(`  test plan: ${plan.sampleSizePerArm} decisions per arm for a fixed-horizon test (${plan.alwaysValidSampleSizePerArm} always-valid), ~${plan.expectedDays} days at 20k/day`);

  // Segments from the live profiles.
  const segmentOf = new Map<string, string>();
  for (const userId of options.users) {
    const profile = await call('GET', `/v1/profiles/${encodeURIComponent(userId)}?k=1`);
    const interests = profile.status === 200 ? profile.body.interests : undefined;
    const top = (interests?.longTerm?.categories?.[0]?.key ?? interests?.shortTerm?.categories?.[0]?.key) as string | undefined;
    segmentOf.set(userId, (top && SEGMENT_OF_CATEGORY[top.toLowerCase()]) ?? 'other');
  }
  const segments = [...new Set(segmentOf.values())].sort();
  log(`  shoppers by segment: ${segments.map((segment) => `${segment} ${[...segmentOf.values()].filter((value) => value === segment).length}`).join(', ')}`);
  log(`  simulated click rates: ${MATCH_RATE} for the offer of the shopper's segment, ${OTHER_RATE} otherwise`);
  log(`\n  served share per offer and segment (${ARMS.map((arm) => arm.armId).join(' / ')}), round by round:`);

  let eventCounter = 0;
  for (let round = 1; round <= (options.rounds ?? 8); round++) {
    const served = new Map<string, Map<string, number>>();
    const clicks: unknown[] = [];
    let clicked = 0;
    for (const userId of options.users) {
      const decision = await call('POST', '/v1/decisions', { experimentId, userId, context: { placement: 'home_banner' } });
      if (decision.status !== 200) throw new Error(`POST /v1/decisions answered ${decision.status}: ${JSON.stringify(decision.body)}`);
      const { armId, decisionId } = decision.body as { armId: string; decisionId: string };
      const segment = segmentOf.get(userId)!;
      const counts = served.get(segment) ?? new Map<string, number>();
      counts.set(armId, (counts.get(armId) ?? 0) + 1);
      served.set(segment, counts);
      const rate = ARMS.find((arm) => arm.armId === armId)?.segment === segment ? MATCH_RATE : OTHER_RATE;
      if (random() < rate) {
        clicked += 1;
        clicks.push({ eventId: `demo-click-${experimentId}-${++eventCounter}`, userId, type: 'ad_click', timestamp: new Date().toISOString(), adId: armId, channel: 'web', campaign: experimentId, decisionId });
      }
    }
    for (let start = 0; start < clicks.length; start += 500) await call('POST', '/v1/events', { events: clicks.slice(start, start + 500) });
    await options.settle();
    const line = segments
      .map((segment) => {
        const counts = served.get(segment) ?? new Map<string, number>();
        const total = [...counts.values()].reduce((sum, count) => sum + count, 0) || 1;
        return `${segment} ${ARMS.map((arm) => String(Math.round(((counts.get(arm.armId) ?? 0) / total) * 100)).padStart(3)).join('/')}%`;
      })
      .join('  ');
    log(`  round ${round}: ${line}  | click rate ${((clicked / options.users.length) * 100).toFixed(1)}%`);
  }

  const results = await call('GET', `/v1/experiments/${experimentId}/results`);
  if (results.status !== 200) throw new Error(`GET results answered ${results.status}`);
  log(`\n  results (${results.body.status}: ${results.body.reason})`);
  for (const arm of results.body.arms as any[]) {
    log(
      `    ${arm.armId.padEnd(12)} ${String(arm.decisions).padStart(5)} decisions, ${String(arm.outcomes).padStart(4)} clicked, mean ${arm.meanReward.toFixed(3)} [${arm.interval.lower.toFixed(3)}, ${arm.interval.upper.toFixed(3)}] (${arm.intervalMethod}), P(best) ${arm.probabilityBest.toFixed(2)}`,
    );
  }
}
