/**
 * The budget demo: a simulated market of three channels with saturating response curves, where
 * `feed` is clearly the best, and `sms` suffers a tracking outage (its conversions vanish for one
 * period). The demo configures a campaign through the API, then period by period reallocates (POST
 * …/reallocate), lets the market respond to the allocation, and reports the effects (POST
 * /v1/effects), printing how the money moves. Used by `npm run demo` and by the integration tests.
 */
import { createRng, seedFromKey, type Rng } from '../shared/budget/random';

export interface SimulatedChannel {
  channel: string;
  /** Conversions per cent on the first cents. */
  firstCentReturn: number;
  /** Spend per period at which the marginal return halves. */
  halfSaturationCents: number;
  /** Cost per click in cents (for clicks and impressions). */
  cpcCents: number;
}

export const DEMO_CHANNELS: readonly SimulatedChannel[] = [
  { channel: 'feed', firstCentReturn: 0.006, halfSaturationCents: 100_000, cpcCents: 90 },
  { channel: 'search', firstCentReturn: 0.0035, halfSaturationCents: 100_000, cpcCents: 120 },
  { channel: 'sms', firstCentReturn: 0.003, halfSaturationCents: 100_000, cpcCents: 40 },
];

export interface MarketOptions {
  channels?: readonly SimulatedChannel[];
  seed?: string;
  /** Relative noise of each period's conversions (sd / mean). @default 0.08 */
  noise?: number;
  /**
   * Tracking incidents: in period `periodIndex` the channel reports `conversionsFactor` times its true
   * conversions (4: a pixel firing four times; 0: an outage) while spend and clicks stay normal.
   */
  incidents?: readonly { channel: string; periodIndex: number; conversionsFactor: number }[];
}

/** What one channel did in one period, as a platform would report it. */
export interface ChannelEffect {
  channel: string;
  spendCents: number;
  impressions: number;
  clicks: number;
  conversions: number;
  revenueCents: number;
}

/**
 * A market whose response to spend is known: conversions = θ·κ·ln(1 + spend/κ), with noise, and
 * misreported conversions (spend and clicks normal) where an incident is injected. Deterministic per seed.
 */
export function simulatedMarket(options: MarketOptions = {}) {
  const channels = options.channels ?? DEMO_CHANNELS;
  const noise = options.noise ?? 0.08;
  const rngFor = (periodIndex: number, channel: string): Rng => createRng(seedFromKey(`${options.seed ?? 'demo'}|${periodIndex}|${channel}`));
  return {
    channels,
    /** The split that maximises expected conversions within the floors: what a perfect allocator would do. */
    optimum(totalBudgetCents: number, floorCents: number): Record<string, number> {
      // Greedy water-filling on the true (concave) curves, one small chunk at a time: optimal up to a chunk.
      const spend = channels.map(() => floorCents);
      const outcome = (spec: SimulatedChannel, cents: number) => spec.firstCentReturn * spec.halfSaturationCents * Math.log1p(cents / spec.halfSaturationCents);
      const chunk = Math.max(1, Math.round(totalBudgetCents / 3_000));
      for (let left = totalBudgetCents - floorCents * channels.length; left > 0; left -= chunk) {
        const step = Math.min(chunk, left);
        const gains = channels.map((spec, i) => outcome(spec, (spend[i] ?? 0) + step) - outcome(spec, spend[i] ?? 0));
        const best = gains.indexOf(Math.max(...gains));
        spend[best] = (spend[best] ?? 0) + step;
      }
      return Object.fromEntries(channels.map((spec, i) => [spec.channel, spend[i] ?? 0]));
    },
    /** The effects of spending `allocation` (cents by channel) in period `periodIndex`. */
    respond(periodIndex: number, allocation: Readonly<Record<string, number>>): ChannelEffect[] {
      return channels.map((spec) => {
        const spendCents = allocation[spec.channel] ?? 0;
        const rng = rngFor(periodIndex, spec.channel);
        const expected = spec.firstCentReturn * spec.halfSaturationCents * Math.log1p(spendCents / spec.halfSaturationCents);
        const incident = options.incidents?.find((candidate) => candidate.channel === spec.channel && candidate.periodIndex === periodIndex);
        const conversions = Math.round(Math.max(0, Math.round(expected * (1 + noise * rng.normal()))) * (incident?.conversionsFactor ?? 1));
        const clicks = Math.round(spendCents / spec.cpcCents);
        return { channel: spec.channel, spendCents, impressions: clicks * 40, clicks, conversions, revenueCents: conversions * 450 };
      });
    },
  };
}

type Log = (line?: string) => void;

interface ApiResult {
  status: number;
  body: any;
}

/**
 * Runs the demo against a running suite: creates a campaign, then for each period reallocates via
 * the API, simulates the market's response and reports it, printing one table row per period.
 * Returns the allocations by period, for callers that want to check them.
 */
export async function runBudgetDemo(apiUrl: string, token: string, log: Log, options: { periods?: number; campaignId?: string; incidentPeriod?: number; firstDay?: string } = {}) {
  const periods = options.periods ?? 21;
  const incidentPeriod = options.incidentPeriod ?? 14;
  const campaignId = options.campaignId ?? `demo-${Date.now().toString(36)}`;
  const market = simulatedMarket({ seed: campaignId, incidents: [{ channel: 'sms', periodIndex: incidentPeriod, conversionsFactor: 4 }] });
  const call = async (method: string, route: string, body?: unknown): Promise<ApiResult> => {
    const response = await fetch(`${apiUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = { status: response.status, body: text ? JSON.parse(text) : undefined };
    if (response.status >= 300) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
    return parsed;
  };

  // Daily periods, by default starting far enough back that every simulated period has already ended.
  const first = options.firstDay ? new Date(`${options.firstDay.slice(0, 10)}T00:00:00.000Z`) : new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - periods * 86_400_000);
  const periodStart = (index: number) => new Date(first.getTime() + index * 86_400_000).toISOString();
  const totalBudgetCents = 300_000;
  const floorCents = 20_000;
  await call('PUT', `/v1/campaigns/${campaignId}`, {
    currency: 'EUR',
    totalBudgetCents,
    channels: market.channels.map((spec) => ({ channel: spec.channel, floorCents })),
    objective: 'conversions',
    cadence: 'P1D',
    burnInPeriods: 3,
    maxStepFraction: 0.25,
  });
  const names = market.channels.map((spec) => spec.channel);
  log(`\nBudget — campaign ${campaignId}: €${(totalBudgetCents / 100).toFixed(0)}/day over ${names.join(', ')}; feed is the best channel; on day ${incidentPeriod + 1} sms's pixel fires four times per conversion.`);
  log(`  ${'day'.padEnd(11)} ${'mode'.padEnd(9)} ${names.map((name) => name.padStart(9)).join(' ')}  ${'conv.'.padStart(5)}  notes`);

  const rows: { period: string; allocations: Record<string, number>; mode: string; held: string[]; conversions: number }[] = [];
  for (let index = 0; index < periods; index++) {
    const period = periodStart(index);
    const { body } = await call('POST', `/v1/campaigns/${campaignId}/reallocate`, { period });
    const allocation = body.allocation as { allocations: Record<string, number>; explanation: { mode: string; channels: { channel: string; probabilityBest: number }[] } };
    const held = body.heldChannels as string[];

    // The market responds to the money, and the platforms report what it did.
    const effects = market.respond(index, allocation.allocations);
    await call('POST', '/v1/effects', {
      reports: effects.map((effect) => ({ reportId: `${campaignId}-${index}-${effect.channel}`, campaignId, period, reportedAt: periodStart(index + 1), ...effect })),
    });

    const conversions = effects.reduce((sum, effect) => sum + effect.conversions, 0);
    rows.push({ period, allocations: allocation.allocations, mode: allocation.explanation.mode, held, conversions });
    const best = [...allocation.explanation.channels].sort((a, b) => b.probabilityBest - a.probabilityBest)[0];
    const notes = [
      ...(index === 0 ? ['even split within floors'] : []),
      ...(held.length > 0 ? [`${held.join(', ')} held: yesterday's effects were anomalous`] : []),
      ...(best && allocation.explanation.mode === 'thompson' ? [`next € best on ${best.channel} (p=${best.probabilityBest.toFixed(2)})`] : []),
      ...(index === incidentPeriod ? ['sms reports 4× its conversions (tracking incident)'] : []),
    ];
    const cells = names.map((name) => `€${((allocation.allocations[name] ?? 0) / 100).toFixed(0)}`.padStart(9));
    log(`  ${period.slice(0, 10).padEnd(11)} ${allocation.explanation.mode.padEnd(9)} ${cells.join(' ')}  ${String(conversions).padStart(5)}  ${notes.join('; ')}`);
  }
  const optimum = market.optimum(totalBudgetCents, floorCents);
  log(`  ${'best split'.padEnd(11)} ${'(known)'.padEnd(9)} ${names.map((name) => `€${((optimum[name] ?? 0) / 100).toFixed(0)}`.padStart(9)).join(' ')}  the simulator's optimum, for comparison`);
  const last = rows[rows.length - 1];
  if (last) {
    const firstRow = rows[0]!;
    const moved = names.map((name) => `${name} €${((firstRow.allocations[name] ?? 0) / 100).toFixed(0)} → €${((last.allocations[name] ?? 0) / 100).toFixed(0)}`);
    log(`  over ${periods} days: ${moved.join(', ')}; conversions per day ${rows[0]!.conversions} → ${last.conversions}`);
  }
  return { campaignId, rows };
}
