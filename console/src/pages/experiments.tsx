import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { Chart, PALETTE } from '../chart';
import { evaluatePolicy, ifMatch, segment, type CandidatePolicy, type Evaluation } from '../api';
import { ApiError } from '../api';
import { Async, ErrorBox, Field, LookupForm, NeedsScope, percent, TableScroll, useApp, useAsync, useCan } from '../common';
import { formatNumber, labelledValues, useT } from '../i18n';

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
  holdout?: { decisions: number; outcomes: number; meanReward: number; interval: Interval };
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
  // Bumped by every save, so the results below are read again.
  const [revision, setRevision] = useState(0);
  if (!can('experiments:read')) return <NeedsScope scope="experiments:read" />;
  return (
    <section aria-labelledby="experiments-title">
      <h2 id="experiments-title">{t('page.experiments')}</h2>
      <LookupForm label={t('experiments.id')} name="experimentId" button={t('experiments.load')} onLookup={(id) => setExperimentId(id || undefined)} />
      {experimentId && <ExperimentResults key={`${experimentId}:${revision}`} experimentId={experimentId} />}
      {can('experiments:write') && <ExperimentEditor
          experimentId={experimentId}
          onSaved={(id) => {
            setExperimentId(id);
            setRevision((n) => n + 1);
          }}
        />}
    </section>
  );
}

/** GET /v1/experiments/{id}/results as a table: per arm, intervals, P(best), lifts; the verdict and its reason. */
export function ExperimentResults({ experimentId }: { experimentId: string }) {
  const { api } = useApp();
  const can = useCan();
  const t = useT();
  const [state, reload] = useAsync(() => api.call<Results>('GET', `/v1/experiments/${segment(experimentId)}/results`), [experimentId]);
  return (
    <Async state={state} onRetry={reload}>
      {(results) => (
        <div class="card">
          <p>
            <strong>{t.label('resultStatus', results.status)}</strong>
            {results.winner ? ` · ${results.winner}` : ''} — {results.reason} <small>({t.label('policy', results.policy)})</small>
          </p>
          {results.sampleRatio?.mismatch && (
            <p class="error" role="alert">
              {t('experiments.srm')}: p = {results.sampleRatio.pValue.toPrecision(2)}
            </p>
          )}
          <TableScroll label={t('page.experiments')}>
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
                      {arm.isControl ? ` (${t('experiments.controlTag')})` : ''}
                    </th>
                    <td>{formatNumber(t, arm.decisions)}</td>
                    <td>
                      {formatNumber(t, arm.outcomes)}
                      {arm.lateOutcomes ? ` (+${formatNumber(t, arm.lateOutcomes)} ${t('experiments.late')})` : ''}
                    </td>
                    <td>
                      {arm.meanReward.toFixed(3)} {interval(arm.interval)}
                    </td>
                    <td>{percent(arm.probabilityBest)}</td>
                    <td>{lift(arm.liftVsControl)}</td>
                    <td>{lift(arm.liftVsHoldout)}</td>
                  </tr>
                ))}
                {results.holdout && (
                  // The baseline every "lift vs holdout" is measured against: its own numbers, beside the arms'.
                  <tr data-testid="holdout-row">
                    <th scope="row">{t('experiments.holdout')}</th>
                    <td>{formatNumber(t, results.holdout.decisions)}</td>
                    <td>{formatNumber(t, results.holdout.outcomes)}</td>
                    <td>
                      {results.holdout.meanReward.toFixed(3)} {interval(results.holdout.interval)}
                    </td>
                    <td>—</td>
                    <td>—</td>
                    <td>—</td>
                  </tr>
                )}
              </tbody>
            </table>
          </TableScroll>
          <ServedShareChart served={results.servedShare} />
          {results.notes.length > 0 && (
            <ul>
              {results.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
          {can('experiments:write') ? <PolicyEvaluation experimentId={experimentId} arms={results.arms.map((arm) => arm.armId)} /> : <NeedsScope scope="experiments:write" />}
        </div>
      )}
    </Async>
  );
}

/** The candidate policies the API can evaluate, as the select's values ('fixed:<armId>' names the arm). */
function candidateOf(choice: string): CandidatePolicy {
  if (choice.startsWith('fixed:')) return { type: 'fixed', armId: choice.slice('fixed:'.length) };
  if (choice === 'greedy' || choice === 'thompson') return { type: 'contextual-frozen', mode: choice };
  return { type: 'uniform' };
}

/** Where a candidate's 95% interval sits against the logging policy's own value, in words. */
function readingOf(estimate: { interval: { lower: number | null; upper: number | null } }, logged: number | null): 'evaluate.above' | 'evaluate.below' | 'evaluate.overlap' | 'evaluate.unknown' {
  const { lower, upper } = estimate.interval;
  if (lower === null || upper === null || logged === null || !Number.isFinite(lower) || !Number.isFinite(upper)) return 'evaluate.unknown';
  if (lower > logged) return 'evaluate.above';
  if (upper < logged) return 'evaluate.below';
  return 'evaluate.overlap';
}

/** A figure the API may send as null (JSON has no NaN). */
const figure = (value: number | null) => (value === null || !Number.isFinite(value) ? '—' : value.toFixed(3));

/**
 * Off-policy evaluation (POST /v1/experiments/{id}/evaluate): how a candidate policy would have done on
 * the logged decisions, beside the logging policy's own value, before it goes live.
 */
export function PolicyEvaluation({ experimentId, arms }: { experimentId: string; arms: string[] }) {
  const { api } = useApp();
  const t = useT();
  const [choice, setChoice] = useState('uniform');
  const [since, setSince] = useState('');
  const [resamples, setResamples] = useState('200');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [answer, setAnswer] = useState<Evaluation>();
  const run = async () => {
    setBusy(true);
    setError(undefined);
    setAnswer(undefined);
    try {
      // A date is the start of that day where the marketer is; anything not a whole number goes as typed, so the API names the problem.
      setAnswer(
        await evaluatePolicy(api, experimentId, {
          policy: candidateOf(choice),
          ...(since ? { since: new Date(`${since}T00:00`).toISOString() } : {}),
          bootstrapResamples: numberOrText(resamples),
        }),
      );
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };
  const headline = answer?.estimates.find((estimate) => estimate.estimator === 'dr') ?? answer?.estimates[0];
  return (
    <form
      class="card"
      data-testid="evaluate-form"
      aria-labelledby="evaluate-title"
      onSubmit={(event) => {
        event.preventDefault();
        void run();
      }}
    >
      <h3 id="evaluate-title">{t('evaluate.title')}</h3>
      <div class="row">
        <Field label={t('evaluate.policy')}>
          <select name="candidate" value={choice} onChange={(event) => setChoice(event.currentTarget.value)}>
            <option value="uniform">{t('evaluate.uniform')}</option>
            {arms.map((arm) => (
              <option key={arm} value={`fixed:${arm}`}>
                {t('evaluate.fixed')}: {arm}
              </option>
            ))}
            <option value="greedy">{t('evaluate.greedy')}</option>
            <option value="thompson">{t('evaluate.thompson')}</option>
          </select>
        </Field>
        <Field label={t('evaluate.since')}>
          <input name="since" type="date" value={since} onInput={(event) => setSince(event.currentTarget.value)} />
        </Field>
        <Field label={t('evaluate.resamples')}>
          <input name="bootstrapResamples" inputMode="numeric" value={resamples} onInput={(event) => setResamples(event.currentTarget.value)} />
        </Field>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? t('evaluate.running') : t('evaluate.run')}
      </button>
      {error && (
        <div data-testid="evaluate-error">
          <p class="error" role="alert">
            {error instanceof ApiError && error.status >= 400 && error.status < 500 ? t('evaluate.refused') : t('evaluate.failed')} {error.message}
            {error instanceof ApiError && error.issues.length > 0 ? `: ${error.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}` : ''}.
          </p>
        </div>
      )}
      {answer && (
        <div data-testid="evaluate-answer" role="status">
          <p>
            {t('evaluate.decisions')}: <strong data-testid="evaluate-decisions">{formatNumber(t, answer.decisions, 0)}</strong>
            {answer.immatureDecisions ? ` (+${formatNumber(t, answer.immatureDecisions, 0)} ${t('evaluate.immature')})` : ''} · {t('evaluate.logged')}:{' '}
            <strong data-testid="evaluate-logged">{figure(answer.loggedValue)}</strong>
            {answer.bootstrapResamples > 0 ? ` · ${t('evaluate.resamplesUsed')}: ${formatNumber(t, answer.bootstrapResamples, 0)}` : ''}
          </p>
          {headline && <p data-testid="evaluate-reading">{`${headline.estimator.toUpperCase()}: ${t(readingOf(headline, answer.loggedValue))}`}</p>}
          {answer.estimates.length > 0 && (
            <TableScroll label={t('evaluate.title')}>
              <table data-testid="evaluate-table">
                <thead>
                  <tr>
                    <th scope="col">{t('evaluate.estimator')}</th>
                    <th scope="col">{t('evaluate.value')}</th>
                    <th scope="col">{t('evaluate.interval')}</th>
                    <th scope="col">{t('evaluate.method')}</th>
                    <th scope="col">{t('evaluate.ess')}</th>
                    <th scope="col">{t('evaluate.reading')}</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.estimates.map((estimate) => (
                    <tr key={estimate.estimator}>
                      <th scope="row">{estimate.estimator.toUpperCase()}</th>
                      <td>{figure(estimate.value)}</td>
                      <td>
                        [{figure(estimate.interval.lower)}, {figure(estimate.interval.upper)}]
                      </td>
                      <td>{t.label('intervalMethod', estimate.intervalMethod)}</td>
                      <td>{estimate.effectiveSampleSize === null ? '—' : formatNumber(t, estimate.effectiveSampleSize, 1)}</td>
                      <td>{t(readingOf(estimate, answer.loggedValue))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          {answer.notes.length > 0 && (
            <ul data-testid="evaluate-notes">
              {answer.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

const BUCKET_SECONDS = { hour: 3_600, day: 86_400, week: 604_800 } as const;
const PER_BUCKET = { hour: 'experiments.per.hour', day: 'experiments.per.day', week: 'experiments.per.week' } as const;

/** Each arm's share of the logged decisions per hour, day or week (and the holdout's), as the API computed it. */
function ServedShareChart({ served }: { served: ServedShare }) {
  const t = useT();
  const [options, data] = useMemo(() => {
    const lines = [...served.arms.map((arm, index) => ({ label: arm, values: served.points.map((point) => point.shares[index] ?? 0) }))];
    if (served.points.some((point) => point.holdoutShare > 0)) lines.push({ label: t('experiments.holdout'), values: served.points.map((point) => point.holdoutShare) });
    if (served.points.some((point) => point.retiredShare > 0)) lines.push({ label: t('experiments.retired'), values: served.points.map((point) => point.retiredShare) });
    const chartOptions: Omit<uPlot.Options, 'width' | 'height'> = {
      series: [{ label: t('chart.time') }, ...lines.map((line, index) => ({ label: line.label, stroke: PALETTE[index % PALETTE.length], width: 2, points: { show: true, size: 5 } }))],
      // One bucket either side of a lone point: uPlot would otherwise stretch a single time over 1,000 days.
      scales: { x: { range: (u: uPlot, min: number, max: number): uPlot.Range.MinMax => (u.data[0].length === 1 ? [u.data[0][0]! - BUCKET_SECONDS[served.bucket], u.data[0][0]! + BUCKET_SECONDS[served.bucket]] : [min, max]) }, y: { range: [0, 1] } },
      axes: [{}, { label: t('experiments.share'), size: 70, values: (_u: uPlot, ticks: number[]) => ticks.map((tick) => percent(tick)) }],
    };
    const aligned: uPlot.AlignedData = [served.points.map((point) => Date.parse(point.start) / 1000), ...lines.map((line) => line.values)];
    return [chartOptions, aligned] as const;
  }, [served, t]);
  if (served.points.length === 0) return <p>{t('experiments.noDecisions')}</p>;
  return (
    <>
      <Chart caption={`${t('experiments.servedShare')} (${t(PER_BUCKET[served.bucket])}, ${formatNumber(t, served.decisions)})`} testId="served-share-chart" options={options} data={data} time />
      {!served.complete && <p class="notice">{t('experiments.partialShare')}</p>}
    </>
  );
}

/** The fields of PUT /v1/experiments/{id} (shared/decisions/schemas.ts ExperimentConfigSchema), as text. */
const emptyExperiment = {
  experimentId: '',
  name: '',
  arms: '[\n  { "armId": "control", "payload": { "text": "" } },\n  { "armId": "challenger", "payload": { "text": "" } }\n]',
  objective: 'click',
  weights: '',
  policy: 'bandit',
  split: '',
  controlArmId: '',
  holdoutFraction: '',
  rewardWindowSeconds: '',
  minExplorationProbability: '',
  status: 'running',
  baselineRate: '',
  minimumDetectableEffect: '',
  dailyTraffic: '',
};
type ExperimentForm = typeof emptyExperiment;

/** A number when the text is one; the text itself otherwise, so the API names the problem. */
const numberOrText = (value: string): number | string => (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value.trim());
/** `name number` per line (objective weights, the A/B split). */
const pairs = (value: string) =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = '', weight = ''] = line.split(/\s+/);
      return [name, numberOrText(weight)] as const;
    });

/** The experiment settings a copy job may carry too (CopyExperimentSettingsSchema): all but the arms, control and status. */
export type SettingsForm = Pick<
  ExperimentForm,
  'name' | 'objective' | 'weights' | 'policy' | 'split' | 'holdoutFraction' | 'rewardWindowSeconds' | 'minExplorationProbability' | 'baselineRate' | 'minimumDetectableEffect' | 'dailyTraffic'
>;
export const emptySettings: SettingsForm = emptyExperiment;

export function settingsRequest(form: SettingsForm): Record<string, unknown> {
  const optional = (key: string, value: string) => (value.trim() === '' ? {} : { [key]: numberOrText(value) });
  const plan = [form.baselineRate, form.minimumDetectableEffect, form.dailyTraffic].some((value) => value.trim() !== '');
  return {
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    objective: form.objective === 'weighted' ? { type: 'weighted', weights: pairs(form.weights).map(([event, weight]) => ({ event, weight })) } : form.objective,
    policy: form.policy === 'ab' && form.split.trim() ? { type: 'ab', split: pairs(form.split).map(([armId, weight]) => ({ armId, weight })) } : form.policy,
    ...optional('holdoutFraction', form.holdoutFraction),
    ...optional('rewardWindowSeconds', form.rewardWindowSeconds),
    ...optional('minExplorationProbability', form.minExplorationProbability),
    ...(plan
      ? { testPlan: { ...optional('baselineRate', form.baselineRate), ...optional('minimumDetectableEffect', form.minimumDetectableEffect), ...optional('dailyTraffic', form.dailyTraffic) } }
      : {}),
  };
}

function experimentRequest(form: ExperimentForm): unknown {
  let arms: unknown;
  try {
    arms = JSON.parse(form.arms);
  } catch (failure) {
    throw new ApiError(0, 'BadRequest', 'arms is not JSON', [{ path: 'arms', message: (failure as Error).message }]);
  }
  return { ...settingsRequest(form), arms, ...(form.controlArmId.trim() ? { controlArmId: form.controlArmId.trim() } : {}), status: form.status };
}

interface StoredExperiment {
  version: number;
  name?: string;
  arms: { armId: string; payload?: unknown; copyVariantId?: string }[];
  objective: string | { type: 'weighted'; weights: { event: string; weight: number }[] };
  policy: { type: string; split?: { armId: string; weight: number }[] };
  controlArmId?: string;
  holdoutFraction: number;
  rewardWindowSeconds: number;
  minExplorationProbability: number;
  status: string;
  testPlan?: { baselineRate: number; minimumDetectableEffect: number; dailyTraffic: number };
}

function formOf(experimentId: string, experiment: StoredExperiment): ExperimentForm {
  const weighted = typeof experiment.objective === 'object' ? experiment.objective : undefined;
  return {
    experimentId,
    name: experiment.name ?? '',
    // Only what the request takes: where an arm came from (source, addedAt) is the service's to record.
    arms: JSON.stringify(
      experiment.arms.map(({ armId, payload, copyVariantId }) => ({ armId, ...(payload === undefined ? {} : { payload }), ...(copyVariantId ? { copyVariantId } : {}) })),
      null,
      2,
    ),
    objective: weighted ? 'weighted' : String(experiment.objective),
    weights: weighted ? weighted.weights.map((w) => `${w.event} ${w.weight}`).join('\n') : '',
    policy: experiment.policy.type,
    split: (experiment.policy.split ?? []).map((s) => `${s.armId} ${s.weight}`).join('\n'),
    controlArmId: experiment.controlArmId ?? '',
    holdoutFraction: String(experiment.holdoutFraction),
    rewardWindowSeconds: String(experiment.rewardWindowSeconds),
    minExplorationProbability: String(experiment.minExplorationProbability),
    status: experiment.status,
    baselineRate: experiment.testPlan ? String(experiment.testPlan.baselineRate) : '',
    minimumDetectableEffect: experiment.testPlan ? String(experiment.testPlan.minimumDetectableEffect) : '',
    dailyTraffic: experiment.testPlan ? String(experiment.testPlan.dailyTraffic) : '',
  };
}

/** The API's issues whose path is this field or inside it, under the field. */
export function Issues({ error, path }: { error?: Error; path: string }) {
  const issues = error instanceof ApiError ? error.issues.filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`)) : [];
  if (issues.length === 0) return null;
  return (
    <ul class="field-issues" role="alert" data-testid={`issues-${path}`}>
      {issues.map((issue) => (
        <li key={issue.path + issue.message}>
          {issue.path !== path && <code>{issue.path.slice(path.length + 1)}</code>} {issue.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * Create or edit an experiment: PUT /v1/experiments/{id} with the form's fields. The API validates;
 * each of its messages appears under the field it names, and all of them under the form.
 */
export function ExperimentEditor({ experimentId, onSaved }: { experimentId?: string; onSaved: (id: string) => void }) {
  const { api } = useApp();
  const t = useT();
  const [form, setForm] = useState<ExperimentForm>({ ...emptyExperiment, experimentId: experimentId ?? '' });
  // The experiment the form was loaded from (or last saved as): saving it again applies only to that version.
  const [base, setBase] = useState<{ experimentId: string; version: number }>();
  const [error, setError] = useState<Error>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (key: keyof ExperimentForm) => (event: { currentTarget: { value: string } }) => setForm((current) => ({ ...current, [key]: event.currentTarget.value }));
  const load = async () => {
    setError(undefined);
    try {
      const view = await api.call<{ experiment: StoredExperiment }>('GET', `/v1/experiments/${segment(form.experimentId.trim())}`);
      setForm(formOf(form.experimentId.trim(), view.experiment));
      setBase({ experimentId: form.experimentId.trim(), version: view.experiment.version });
    } catch (failure) {
      setError(failure as Error);
    }
  };
  const save = async () => {
    setError(undefined);
    setSaved(undefined);
    setBusy(true);
    try {
      const id = form.experimentId.trim();
      const conditional = base && base.experimentId === id ? ifMatch(base.version) : {};
      const view = await api.call<{ experiment: { experimentId: string; version: number } }>('PUT', `/v1/experiments/${segment(id)}`, experimentRequest(form), conditional);
      setBase({ experimentId: view.experiment.experimentId, version: view.experiment.version });
      setSaved(`${view.experiment.experimentId} v${view.experiment.version}`);
      onSaved(view.experiment.experimentId);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };
  const field = (key: keyof ExperimentForm, label: string, input: JSX.Element) => (
    <div>
      <Field label={label}>{input}</Field>
      <Issues error={error} path={key} />
    </div>
  );
  return (
    <form
      class="card"
      data-testid="experiment-form"
      aria-labelledby="experiment-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 id="experiment-form-title">{t('experiments.edit')}</h3>
      <div class="row">
        <Field label={t('experiments.editId')}>
          <input name="experimentId" value={form.experimentId} onInput={set('experimentId')} required />
        </Field>
        <button type="button" onClick={() => void load()} disabled={!form.experimentId.trim()}>
          {t('experiments.loadForEdit')}
        </button>
      </div>
      <SettingsFields form={form} set={set} error={error} path="" />
      {field('arms', t('experiments.arms'), <textarea name="arms" rows={6} spellcheck={false} value={form.arms} onInput={set('arms')} />)}
      <div class="row">
        {field('controlArmId', t('experiments.control'), <input name="controlArmId" value={form.controlArmId} onInput={set('controlArmId')} />)}
        {field(
          'status',
          t('experiments.status'),
          <select name="status" value={form.status} onChange={set('status')}>
            {labelledValues('experimentStatus').map((value) => (
              <option key={value} value={value}>
                {t.label('experimentStatus', value)}
              </option>
            ))}
          </select>,
        )}
      </div>
      <button type="submit" disabled={busy}>
        {t('experiments.save')}
      </button>
      {saved && <span role="status"> {t('budget.saved')}: {saved}</span>}
      {error && <ErrorBox error={error} />}
    </form>
  );
}

/**
 * The experiment settings (name, objective, policy, holdout, reward window, exploration, test plan)
 * with the API's messages under each field; `path` is where they sit in the request ('' or 'experiment').
 */
export function SettingsFields<F extends SettingsForm>({
  form,
  set,
  error,
  path,
}: {
  form: F;
  set: (key: keyof SettingsForm) => (event: { currentTarget: { value: string } }) => void;
  error?: Error;
  path: string;
}) {
  const t = useT();
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const field = (key: keyof SettingsForm, label: string, input: JSX.Element) => (
    <div>
      <Field label={label}>{input}</Field>
      <Issues error={error} path={at(key)} />
    </div>
  );
  return (
    <>
      {field('name', t('experiments.name'), <input name="name" value={form.name} onInput={set('name')} />)}
      <div class="row">
        {field(
          'objective',
          t('experiments.objective'),
          <select name="objective" value={form.objective} onChange={set('objective')}>
            {labelledValues('objective').map((value) => (
              <option key={value} value={value}>
                {t.label('objective', value)}
              </option>
            ))}
          </select>,
        )}
        {form.objective === 'weighted' && field('weights', t('experiments.weights'), <textarea name="weights" rows={3} value={form.weights} onInput={set('weights')} />)}
        {field(
          'policy',
          t('experiments.policy'),
          <select name="policy" value={form.policy} onChange={set('policy')}>
            {labelledValues('policy').map((value) => (
              <option key={value} value={value}>
                {t.label('policy', value)}
              </option>
            ))}
          </select>,
        )}
        {form.policy === 'ab' && field('split', t('experiments.split'), <textarea name="split" rows={3} value={form.split} onInput={set('split')} />)}
      </div>
      <div class="row">
        {field('holdoutFraction', t('experiments.holdoutFraction'), <input name="holdoutFraction" inputMode="decimal" placeholder="0" value={form.holdoutFraction} onInput={set('holdoutFraction')} />)}
        {field('rewardWindowSeconds', t('experiments.rewardWindow'), <input name="rewardWindowSeconds" inputMode="numeric" placeholder="3600" value={form.rewardWindowSeconds} onInput={set('rewardWindowSeconds')} />)}
        {field(
          'minExplorationProbability',
          t('experiments.exploration'),
          <input name="minExplorationProbability" inputMode="decimal" placeholder="0.01" value={form.minExplorationProbability} onInput={set('minExplorationProbability')} />,
        )}
      </div>
      <fieldset>
        <legend>{t('experiments.testPlan')}</legend>
        <div class="row">
          <Field label={t('experiments.baselineRate')}>
            <input name="baselineRate" inputMode="decimal" value={form.baselineRate} onInput={set('baselineRate')} />
          </Field>
          <Field label={t('experiments.mde')}>
            <input name="minimumDetectableEffect" inputMode="decimal" value={form.minimumDetectableEffect} onInput={set('minimumDetectableEffect')} />
          </Field>
          <Field label={t('experiments.dailyTraffic')}>
            <input name="dailyTraffic" inputMode="numeric" value={form.dailyTraffic} onInput={set('dailyTraffic')} />
          </Field>
        </div>
        <Issues error={error} path={at('testPlan')} />
      </fieldset>
    </>
  );
}
