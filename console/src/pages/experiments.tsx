import { useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { Chart, PALETTE } from '../chart';
import { segment } from '../api';
import { Async, LookupForm, NeedsScope, percent, useApp, useAsync, useCan } from '../common';
import { useT } from '../i18n';

interface Interval {
  lower: number;
  upper: number;
}
interface Lift {
  value: number;
  interval: Interval;
}
interface ArmResult {
  armId: string;
  isControl: boolean;
  decisions: number;
  outcomes: number;
  lateOutcomes: number;
  meanReward: number;
  interval: Interval;
  probabilityBest: number;
  liftVsControl?: Lift;
  liftVsHoldout?: Lift;
}
interface Results {
  experimentId: string;
  policy: string;
  status: string;
  winner?: string;
  reason: string;
  arms: ArmResult[];
  holdout?: { decisions: number; meanReward: number; interval: Interval };
  sampleRatio?: { pValue: number; mismatch: boolean };
  notes: string[];
  servedShare: ServedShare;
}
interface ServedShare {
  bucket: 'hour' | 'day' | 'week';
  arms: string[];
  decisions: number;
  complete: boolean;
  points: { start: string; decisions: number; shares: number[]; holdoutShare: number; retiredShare: number }[];
}

const interval = (value: Interval) => `[${value.lower.toFixed(3)}, ${value.upper.toFixed(3)}]`;
const lift = (value?: Lift) => (value ? `${percent(value.value)} [${percent(value.interval.lower)}, ${percent(value.interval.upper)}]` : '—');

export function ExperimentsPage() {
  const can = useCan();
  const t = useT();
  const [experimentId, setExperimentId] = useState<string>();
  if (!can('experiments:read')) return <NeedsScope scope="experiments:read" />;
  return (
    <section aria-labelledby="experiments-title">
      <h2 id="experiments-title">{t('page.experiments')}</h2>
      <LookupForm label={t('experiments.id')} name="experimentId" button={t('experiments.load')} onLookup={(id) => setExperimentId(id || undefined)} />
      {experimentId && <ExperimentResults key={experimentId} experimentId={experimentId} />}
    </section>
  );
}

/** GET /v1/experiments/{id}/results as a table: per arm, intervals, P(best), lifts; the verdict and its reason. */
export function ExperimentResults({ experimentId }: { experimentId: string }) {
  const { api } = useApp();
  const t = useT();
  const [state, reload] = useAsync(() => api.call<Results>('GET', `/v1/experiments/${segment(experimentId)}/results`), [experimentId]);
  return (
    <Async state={state} onRetry={reload}>
      {(results) => (
        <div class="card">
          <p>
            <strong>{results.status}</strong>
            {results.winner ? ` · ${results.winner}` : ''} — {results.reason} <small>({results.policy})</small>
          </p>
          {results.sampleRatio?.mismatch && (
            <p class="error" role="alert">
              {t('experiments.srm')}: p = {results.sampleRatio.pValue.toPrecision(2)}
            </p>
          )}
          <table>
            <thead>
              <tr>
                <th scope="col">{t('experiments.arm')}</th>
                <th scope="col">{t('experiments.decisions')}</th>
                <th scope="col">{t('experiments.outcomes')}</th>
                <th scope="col">{t('experiments.mean')}</th>
                <th scope="col">{t('experiments.pBest')}</th>
                <th scope="col">{t('experiments.liftControl')}</th>
                <th scope="col">{t('experiments.liftHoldout')}</th>
              </tr>
            </thead>
            <tbody>
              {results.arms.map((arm) => (
                <tr key={arm.armId}>
                  <th scope="row">
                    {arm.armId}
                    {arm.isControl ? ' (control)' : ''}
                  </th>
                  <td>{arm.decisions}</td>
                  <td>
                    {arm.outcomes}
                    {arm.lateOutcomes ? ` (+${arm.lateOutcomes} late)` : ''}
                  </td>
                  <td>
                    {arm.meanReward.toFixed(3)} {interval(arm.interval)}
                  </td>
                  <td>{percent(arm.probabilityBest)}</td>
                  <td>{lift(arm.liftVsControl)}</td>
                  <td>{lift(arm.liftVsHoldout)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ServedShareChart served={results.servedShare} />
          {results.notes.length > 0 && (
            <ul>
              {results.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Async>
  );
}

const PER_BUCKET = { hour: 'experiments.per.hour', day: 'experiments.per.day', week: 'experiments.per.week' } as const;

/** Each arm's share of the logged decisions per hour, day or week (and the holdout's), as the API computed it. */
function ServedShareChart({ served }: { served: ServedShare }) {
  const t = useT();
  const [options, data] = useMemo(() => {
    const lines = [...served.arms.map((arm, index) => ({ label: arm, values: served.points.map((point) => point.shares[index] ?? 0) }))];
    if (served.points.some((point) => point.holdoutShare > 0)) lines.push({ label: t('experiments.holdout'), values: served.points.map((point) => point.holdoutShare) });
    if (served.points.some((point) => point.retiredShare > 0)) lines.push({ label: t('experiments.retired'), values: served.points.map((point) => point.retiredShare) });
    const chartOptions: Omit<uPlot.Options, 'width' | 'height'> = {
      series: [{}, ...lines.map((line, index) => ({ label: line.label, stroke: PALETTE[index % PALETTE.length], width: 2, points: { show: true, size: 5 } }))],
      scales: { y: { range: [0, 1] } },
      axes: [{}, { label: t('experiments.share'), values: (_u: uPlot, ticks: number[]) => ticks.map((tick) => percent(tick)) }],
    };
    const aligned: uPlot.AlignedData = [served.points.map((point) => Date.parse(point.start) / 1000), ...lines.map((line) => line.values)];
    return [chartOptions, aligned] as const;
  }, [served]);
  if (served.points.length === 0) return <p>{t('experiments.noDecisions')}</p>;
  return (
    <>
      <Chart caption={`${t('experiments.servedShare')} (${t(PER_BUCKET[served.bucket])}, ${served.decisions})`} testId="served-share-chart" options={options} data={data} />
      {!served.complete && <p class="notice">{t('experiments.partialShare')}</p>}
    </>
  );
}
