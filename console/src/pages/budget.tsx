import { useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { ifMatch, segment, type Api } from '../api';
import { Chart, PALETTE } from '../chart';
import { Async, ErrorBox, Field, LookupForm, NeedsScope, TableScroll, useApp, useAsync, useCan } from '../common';
import { formatMoney } from '../format';
import { formatDateTime, formatNumber, useT, type Translate } from '../i18n';

interface FlaggedPoint {
  period: string;
  metric: string;
  value: number;
  expected: number;
  score: number;
}
interface ChannelExplanation {
  channel: string;
  currentCents: number | null;
  allocatedCents: number;
  changeCents: number;
  lowerBoundCents: number;
  upperBoundCents: number;
  binding: string[];
  frozen: boolean;
  probabilityBest: number;
  posterior: { marginalReturnPerCent: { mean: number; sd: number; p05: number; p95: number } };
  anomalies: FlaggedPoint[];
  /** Absent on allocations decided before the API recorded return curves. */
  returnCurve?: { spendCents: number; mean: number; p05: number; p95: number }[];
}
interface Allocation {
  period: string;
  currency: string;
  totalBudgetCents: number;
  allocations: Record<string, number>;
  explanation: { mode: string; objective: string; dataPeriods: number; stepRelaxation: { extraCents: number } | null; channels: ChannelExplanation[] };
}
interface Campaign {
  campaignId: string;
  config: Record<string, unknown> & { channels: { channel: string }[] };
  configVersion: number;
  nextPeriod: string;
  health: { status: string; lastError?: string };
}

/** At most this many history pages of 100 are drawn (10 000 periods: years of hourly cadence). */
const MAX_HISTORY_PAGES = 100;

async function loadCampaign(api: Api, campaignId: string) {
  const campaign = await api.call<Campaign>('GET', `/v1/campaigns/${segment(campaignId)}`);
  const history: Allocation[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const answer = await api.call<{ items: Allocation[]; nextCursor?: string }>('GET', `/v1/campaigns/${segment(campaignId)}/allocations?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    history.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return { campaign, history: history.reverse() };
}

/** Cents in the campaign's currency, as the reader's language writes money. */
const money = (t: Translate, cents: number, currency: string, signed = false) => formatMoney(t.language, cents, currency, signed);

/** Per campaign: the allocation history as a stacked chart with anomalies marked, the latest explanation, and the configuration. */
export function BudgetPage() {
  const { api } = useApp();
  const can = useCan();
  const t = useT();
  const [campaignId, setCampaignId] = useState<string | undefined>(new URLSearchParams(location.hash.split('?')[1]).get('campaign') || undefined);
  const [state, reload] = useAsync(campaignId ? () => loadCampaign(api, campaignId) : undefined, [campaignId]);
  // Held here, not in the editor: the reload after a save remounts the editor, which would forget it.
  const [saved, setSaved] = useState(false);
  if (!can('budget:read')) return <NeedsScope scope="budget:read" />;
  return (
    <section aria-labelledby="budget-title">
      <h2 id="budget-title">{t('page.budget')}</h2>
      <LookupForm
        label={t('budget.campaign')}
        name="campaignId"
        button={t('budget.load')}
        initial={campaignId}
        onLookup={(id) => {
          setCampaignId(id || undefined);
          setSaved(false);
          reload();
        }}
      />
      <Async state={state} onRetry={reload}>
        {({ campaign, history }) => (
          <>
            <p>
              v{campaign.configVersion} · {t.label('campaignHealth', campaign.health.status)}
              {campaign.health.lastError ? ` — ${campaign.health.lastError}` : ''} · {t('budget.next')} {formatDateTime(t, campaign.nextPeriod)}
            </p>
            {history.length === 0 ? <p>{t('budget.noHistory')}</p> : <AllocationChart history={history} channels={campaign.config.channels.map((c) => c.channel)} />}
            {history.length > 0 && <Explanation allocation={history[history.length - 1]!} />}
            {history.length > 0 && <ReturnCurves allocation={history[history.length - 1]!} />}
            {history.length > 1 && <PosteriorChart history={history} />}
            {history.length > 0 && <HistoryTable history={history} />}
            {can('budget:write') && (
              <ConfigEditor
                campaign={campaign}
                saved={saved}
                onEdit={() => setSaved(false)}
                onSaved={() => {
                  setSaved(true);
                  reload();
                }}
              />
            )}
          </>
        )}
      </Async>
    </section>
  );
}


function AllocationChart({ history, channels }: { history: Allocation[]; channels: string[] }) {
  const t = useT();
  const { options, data } = useMemo(() => {
    // Every channel that ever had money, in configuration order first.
    const names = [...new Set([...channels, ...history.flatMap((allocation) => Object.keys(allocation.allocations))])];
    const xs = history.map((allocation) => Date.parse(allocation.period) / 1000);
    const stacked: number[][] = [];
    let below = history.map(() => 0);
    for (const name of names) {
      below = below.map((sum, index) => sum + (history[index]!.allocations[name] ?? 0) / 100);
      stacked.push(below);
    }
    // Anomalies sit on top of their channel's band in the period the detector flagged.
    const flagged = history.map((allocation, index) => {
      const hit = allocation.explanation.channels.find((channel) => channel.anomalies.some((point) => point.period === allocation.period || history[index - 1]?.period === point.period));
      return hit ? (stacked[names.indexOf(hit.channel)]?.[index] ?? null) : null;
    });
    const series: uPlot.Series[] = [
      { label: t('chart.time') },
      ...names.map((name, index) => ({ label: name, stroke: PALETTE[index % PALETTE.length], fill: index === 0 ? `${PALETTE[0]}55` : undefined, points: { show: true, size: 5 } })),
      { label: t('budget.anomalies'), stroke: '#b91c1c', paths: () => null, points: { show: true, size: 11, fill: '#fff', width: 3 } },
    ];
    const bands: uPlot.Band[] = names.slice(1).map((_, index) => ({ series: [index + 2, index + 1], fill: `${PALETTE[(index + 1) % PALETTE.length]}55` }));
    return {
      options: { series, bands, axes: [{}, { label: history[0]?.currency ?? '', values: (_u: uPlot, ticks: number[]) => ticks.map((tick) => formatNumber(t, tick, 0)) }] } satisfies Omit<uPlot.Options, 'width' | 'height'>,
      data: [xs, ...stacked, flagged] as uPlot.AlignedData,
    };
  }, [history, channels, t]);
  return <Chart caption={t('budget.chart')} testId="allocation-chart" options={options} data={data} time height={280} minWidth={320} />;
}

/**
 * The latest allocation's posterior return curve of each channel, floor to cap: the posterior mean
 * outcome per period with its 90% band, as the API computed them from the posterior the allocation
 * was drawn from.
 */
function ReturnCurves({ allocation }: { allocation: Allocation }) {
  const t = useT();
  const revenue = allocation.explanation.objective === 'revenue';
  const channels = allocation.explanation.channels.filter((channel) => (channel.returnCurve?.length ?? 0) > 0);
  if (channels.length === 0) return <p>{t('budget.noCurves')}</p>;
  return (
    <div class="card" data-testid="return-curves" data-channels={channels.length}>
      <h3>{t('budget.returnCurves')}</h3>
      <div class="chart-grid">
        {channels.map((channel, index) => (
          <ReturnCurve key={channel.channel} channel={channel} color={PALETTE[index % PALETTE.length]!} currency={allocation.currency} revenue={revenue} />
        ))}
      </div>
    </div>
  );
}

function ReturnCurve({ channel, color, currency, revenue }: { channel: ChannelExplanation; color: string; currency: string; revenue: boolean }) {
  const t = useT();
  const unit = revenue ? 100 : 1;
  const [options, data] = useMemo(() => {
    const curve = channel.returnCurve ?? [];
    const series: uPlot.Series[] = [
      { label: currency },
      { label: 'p95', stroke: `${color}88`, width: 1, dash: [4, 4] },
      { label: t('budget.curveMean'), stroke: color, width: 2, points: { show: true, size: 5 } },
      { label: 'p05', stroke: `${color}88`, width: 1, dash: [4, 4] },
    ];
    const chartOptions: Omit<uPlot.Options, 'width' | 'height'> = {
      series,
      bands: [{ series: [1, 3], fill: `${color}33` }],
      // A channel whose floor is its cap has one point: show a little either side of it.
      scales: { x: { time: false, range: (u: uPlot, min: number, max: number): uPlot.Range.MinMax => (u.data[0].length === 1 ? [Math.max(0, u.data[0][0]! - 1), u.data[0][0]! + 1] : [min, max]) } },
      axes: [{ label: `${t('budget.spend')} (${currency})` }, { label: revenue ? currency : t('budget.conversions'), size: 60 }],
    };
    const aligned: uPlot.AlignedData = [curve.map((p) => p.spendCents / 100), curve.map((p) => p.p95 / unit), curve.map((p) => p.mean / unit), curve.map((p) => p.p05 / unit)];
    return [chartOptions, aligned] as const;
  }, [channel, color, currency, revenue, t]);
  return <Chart caption={`${channel.channel} · ${t('budget.allocated')} ${money(t, channel.allocatedCents, currency)}`} testId={`return-curve-${channel.channel}`} options={options} data={data} height={200} />;
}

/** Each channel's posterior marginal return at its spend, period by period, from the stored explanations. */
function PosteriorChart({ history }: { history: Allocation[] }) {
  const t = useT();
  const [options, data] = useMemo(() => {
    const names = [...new Set(history.flatMap((allocation) => allocation.explanation.channels.map((channel) => channel.channel)))];
    const chartOptions: Omit<uPlot.Options, 'width' | 'height'> = {
      series: [{ label: t('chart.time') }, ...names.map((name, index) => ({ label: name, stroke: PALETTE[index % PALETTE.length], width: 2 }))],
      axes: [{}, { label: t('budget.marginal'), size: 70 }],
    };
    const aligned: uPlot.AlignedData = [
      history.map((allocation) => Date.parse(allocation.period) / 1000),
      ...names.map((name) => history.map((allocation) => allocation.explanation.channels.find((channel) => channel.channel === name)?.posterior.marginalReturnPerCent.mean ?? null)),
    ];
    return [chartOptions, aligned] as const;
  }, [history, t]);
  return <Chart caption={t('budget.posteriorChart')} testId="posterior-chart" options={options} data={data} time />;
}

function Explanation({ allocation }: { allocation: Allocation }) {
  const t = useT();
  return (
    <div class="card">
      <h3>
        {t('budget.explanation')}: {formatDateTime(t, allocation.period)} · {t.label('budgetMode', allocation.explanation.mode)}
      </h3>
      <TableScroll label={t('budget.explanation')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('budget.channel')}</th>
              <th scope="col">{t('budget.allocated')}</th>
              <th scope="col">{t('budget.change')}</th>
              <th scope="col">{t('budget.bounds')}</th>
              <th scope="col">{t('budget.constraints')}</th>
              <th scope="col">P(best)</th>
              <th scope="col">{t('budget.marginal')}</th>
              <th scope="col">{t('budget.anomalies')}</th>
            </tr>
          </thead>
          <tbody>
            {allocation.explanation.channels.map((channel) => (
              <tr key={channel.channel}>
                <th scope="row">{channel.channel}</th>
                <td>{money(t, channel.allocatedCents, allocation.currency)}</td>
                <td>{money(t, channel.changeCents, allocation.currency, true)}</td>
                <td>
                  {money(t, channel.lowerBoundCents, allocation.currency)} – {money(t, channel.upperBoundCents, allocation.currency)}
                </td>
                <td>{[...channel.binding, ...(channel.frozen && !channel.binding.includes('frozen') ? ['frozen'] : [])].map((name) => t.label('binding', name)).join(', ') || '—'}</td>
                <td>{channel.probabilityBest.toFixed(2)}</td>
                <td>
                  {channel.posterior.marginalReturnPerCent.mean.toExponential(2)} ± {channel.posterior.marginalReturnPerCent.sd.toExponential(1)}
                </td>
                <td>{channel.anomalies.map((point) => `${formatDateTime(t, point.period)} ${t.label('anomalyMetric', point.metric)} ${point.value.toPrecision(3)} (≈${point.expected.toPrecision(3)})`).join('; ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

function HistoryTable({ history }: { history: Allocation[] }) {
  const t = useT();
  const names = [...new Set(history.flatMap((allocation) => Object.keys(allocation.allocations)))];
  return (
    <details>
      <summary>
        {t('budget.history')} ({history.length})
      </summary>
      <TableScroll label={t('budget.history')}>
        <table data-testid="allocation-history">
          <thead>
            <tr>
              <th scope="col">{t('budget.period')}</th>
              <th scope="col">{t('budget.mode')}</th>
              {names.map((name) => (
                <th scope="col" key={name}>
                  {name}
                </th>
              ))}
              <th scope="col">{t('budget.constraints')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((allocation) => (
              <tr key={allocation.period}>
                <th scope="row">{formatDateTime(t, allocation.period)}</th>
                <td>{t.label('budgetMode', allocation.explanation.mode)}</td>
                {names.map((name) => (
                  <td key={name}>{money(t, allocation.allocations[name] ?? 0, allocation.currency)}</td>
                ))}
                <td>
                  {allocation.explanation.channels
                    .filter((channel) => channel.binding.length > 0)
                    .map((channel) => `${channel.channel}: ${channel.binding.map((name) => t.label('binding', name)).join(' + ')}`)
                    .join('; ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}

/** The configuration as JSON; the API validates it and its messages appear under the editor. */
function ConfigEditor({ campaign, saved, onEdit, onSaved }: { campaign: Campaign; saved: boolean; onEdit: () => void; onSaved: () => void }) {
  const { api } = useApp();
  const t = useT();
  const { campaignId: _id, ...config } = campaign.config;
  const [text, setText] = useState(JSON.stringify(config, null, 2));
  // The version the text was made from: the save applies only to it, so an edit made meanwhile (by
  // someone else, or the scheduler's config change) is a 412 shown here, not silently undone.
  const [baseVersion, setBaseVersion] = useState(campaign.configVersion);
  const [error, setError] = useState<Error>();
  const save = async () => {
    setError(undefined);
    onEdit();
    try {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (failure) {
        throw new Error(`not JSON: ${(failure as Error).message}`);
      }
      const view = await api.call<{ configVersion: number }>('PUT', `/v1/campaigns/${segment(campaign.campaignId)}`, body, ifMatch(baseVersion));
      setBaseVersion(view.configVersion);
      onSaved();
    } catch (failure) {
      setError(failure as Error);
    }
  };
  return (
    <form
      class="card"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Field label={t('budget.config')}>
        <textarea name="config" rows={14} spellcheck={false} value={text} onInput={(event) => {
            setText(event.currentTarget.value);
            onEdit();
          }} />
      </Field>
      <button type="submit">{t('budget.save')}</button>
      {saved && <span role="status"> {t('budget.saved')}</span>}
      {error && <ErrorBox error={error} />}
    </form>
  );
}
