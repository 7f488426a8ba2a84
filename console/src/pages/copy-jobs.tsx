import { useEffect, useState } from 'preact/hooks';
import { segment } from '../api';
import { Async, commaList, ErrorBox, Field, FindingList, HighlightedText, lines, LookupForm, NeedsScope, useApp, useAsync, useCan, type FindingLike } from '../common';
import { useT } from '../i18n';
import { CHANNELS, INDUSTRIES, TONES } from '../options';
import { ExperimentResults } from './experiments';

interface Variant {
  variantId: string;
  audienceId: string;
  locale: string;
  status: string;
  text: string;
  verdict: string;
  findings: FindingLike[];
  attemptCount: number;
}
interface Job {
  jobId: string;
  status: string;
  failure?: { reason: string };
  summary: Record<string, number>;
  variants: Variant[];
  request: { experiment?: unknown };
}
interface PreflightItem {
  field: string;
  text: string;
  verdict: string;
  findings: FindingLike[];
  rewrite?: string;
}
interface CheckResult {
  verdict: string;
  findings: FindingLike[];
}

const emptyForm = {
  name: '',
  benefits: '',
  sellingPoints: '',
  audiences: 'young-runners | 都市年轻跑者 | playful',
  locales: 'zh-CN',
  channel: 'feed',
  industry: 'general',
  variantsPerAudience: '2',
  disclaimer: '',
  forbidden: '',
};
type Form = typeof emptyForm;

function toRequest(form: Form) {
  const forbiddenTerms = commaList(form.forbidden);
  return {
    product: { name: form.name.trim(), benefits: lines(form.benefits), sellingPoints: lines(form.sellingPoints) },
    audiences: lines(form.audiences).map((line) => {
      const [id = '', description = '', tone = ''] = line.split('|').map((part) => part.trim());
      return { id, description, tone };
    }),
    locales: commaList(form.locales),
    channel: form.channel,
    industry: form.industry,
    variantsPerAudience: Number(form.variantsPerAudience),
    ...(form.disclaimer.trim() || forbiddenTerms.length ? { brand: { ...(form.disclaimer.trim() ? { requiredDisclaimer: form.disclaimer.trim() } : {}), ...(forbiddenTerms.length ? { forbiddenTerms } : {}) } } : {}),
  };
}

/** Submit a job from a form (with the brief's facts pre-checked), then watch it until it settles. */
export function CopyJobsPage() {
  const can = useCan();
  const t = useT();
  const [watching, setWatching] = useState<string | undefined>(new URLSearchParams(location.hash.split('?')[1]).get('job') || undefined);
  const [preflight, setPreflight] = useState<PreflightItem[]>();
  return (
    <section aria-labelledby="copy-title">
      <h2 id="copy-title">{t('page.copy')}</h2>
      {can('copy:write') ? (
        <JobForm
          onSubmitted={(id, items) => {
            setWatching(id);
            setPreflight(items);
          }}
        />
      ) : (
        <NeedsScope scope="copy:write" />
      )}
      {preflight && preflight.length > 0 && (
        <div class="card">
          <h3>{t('copy.preflight')}</h3>
          {preflight.map((item) => (
            <div key={item.field}>
              <code>{item.field}</code> <span class={`verdict ${item.verdict}`}>{item.verdict}</span>
              <HighlightedText text={item.text} findings={item.findings} />
              {item.rewrite && <p>→ {item.rewrite}</p>}
            </div>
          ))}
        </div>
      )}
      {can('copy:read') ? (
        <>
          <LookupForm key={watching} label={t('copy.jobId')} name="jobId" button={t('copy.watch')} initial={watching} onLookup={(id) => setWatching(id || undefined)} />
          {watching && <JobStatus key={watching} jobId={watching} />}
        </>
      ) : (
        <NeedsScope scope="copy:read" />
      )}
    </section>
  );
}

function JobForm({ onSubmitted }: { onSubmitted: (jobId: string, preflight: PreflightItem[]) => void }) {
  const { api } = useApp();
  const can = useCan();
  const t = useT();
  const [form, setForm] = useState(emptyForm);
  const [error, setError] = useState<Error>();
  const set = (name: keyof Form) => (event: { currentTarget: { value: string } }) => setForm({ ...form, [name]: event.currentTarget.value });
  // Pre-flight before sending: each selling point and benefit through the same compliance check the job will use.
  const facts = [...lines(form.sellingPoints), ...lines(form.benefits)];
  const [debounced, setDebounced] = useState<string[]>([]);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(facts), 400);
    return () => clearTimeout(timer);
  }, [facts.join('\n'), form.industry]);
  const locale = commaList(form.locales)[0] ?? 'zh-CN';
  const [checks] = useAsync(
    can('compliance:check') && debounced.length > 0
      ? () => Promise.all(debounced.map(async (text) => ({ text, result: await api.call<CheckResult>('POST', '/v1/compliance/check', { text, locale: /\p{Script=Han}/u.test(text) ? 'zh-CN' : locale.startsWith('zh') ? 'en' : locale, industry: form.industry }) })))
      : undefined,
    [debounced.join('\n'), form.industry, locale],
  );
  const submit = async () => {
    setError(undefined);
    try {
      const answer = await api.call<{ jobId: string; preflight: { items: PreflightItem[] } }>('POST', '/v1/copy-jobs', toRequest(form));
      onSubmitted(answer.jobId, answer.preflight.items);
    } catch (failure) {
      setError(failure as Error);
    }
  };
  return (
    <form
      class="card"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Field label={t('copy.product')}>
        <input name="name" value={form.name} onInput={set('name')} required />
      </Field>
      <div class="row">
        <Field label={t('copy.benefits')}>
          <textarea name="benefits" rows={3} value={form.benefits} onInput={set('benefits')} />
        </Field>
        <Field label={t('copy.sellingPoints')}>
          <textarea name="sellingPoints" rows={3} value={form.sellingPoints} onInput={set('sellingPoints')} />
        </Field>
      </div>
      <Field label={t('copy.audiences')} hint={`tone: ${TONES.join(', ')}`}>
        <textarea name="audiences" rows={2} value={form.audiences} onInput={set('audiences')} />
      </Field>
      <div class="row">
        <Field label={t('copy.locales')}>
          <input name="locales" value={form.locales} onInput={set('locales')} />
        </Field>
        <Field label={t('copy.channel')}>
          <select name="channel" value={form.channel} onChange={set('channel')}>
            {CHANNELS.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </Field>
        <Field label={t('copy.industry')}>
          <select name="industry" value={form.industry} onChange={set('industry')}>
            {INDUSTRIES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </Field>
        <Field label={t('copy.variants')}>
          <input name="variantsPerAudience" type="number" min={1} max={5} value={form.variantsPerAudience} onInput={set('variantsPerAudience')} />
        </Field>
      </div>
      <div class="row">
        <Field label={t('copy.disclaimer')}>
          <input name="disclaimer" value={form.disclaimer} onInput={set('disclaimer')} />
        </Field>
        <Field label={t('copy.forbidden')}>
          <input name="forbidden" value={form.forbidden} onInput={set('forbidden')} />
        </Field>
      </div>
      <div class="card" aria-live="polite">
        <h3>{t('copy.preflight')}</h3>
        {!can('compliance:check') ? (
          <p>{t('copy.preflightNeedsScope')}</p>
        ) : (
          <Async state={checks}>
            {(results) =>
              results.map(({ text, result }) => (
                <div key={text}>
                  <span class={`verdict ${result.verdict}`}>{result.verdict}</span> <HighlightedText text={text} findings={result.findings} />
                </div>
              ))
            }
          </Async>
        )}
      </div>
      <button type="submit">{t('copy.submit')}</button>
      {error && <ErrorBox error={error} />}
    </form>
  );
}

/** Polls the job until it leaves QUEUED/RUNNING; then shows each variant's verdict and any experiment. */
function JobStatus({ jobId }: { jobId: string }) {
  const { api } = useApp();
  const can = useCan();
  const t = useT();
  const [state, reload] = useAsync(() => api.call<Job>('GET', `/v1/copy-jobs/${segment(jobId)}`), [jobId]);
  const running = state.status === 'done' && (state.value.status === 'QUEUED' || state.value.status === 'RUNNING');
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(reload, 1000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <Async state={state} onRetry={reload}>
      {(job) => (
        <div class="card" data-job-status={job.status}>
          <h3>
            {t('copy.status')}: {job.status} {job.failure && <span class="error">{job.failure.reason}</span>}
          </h3>
          <p>{Object.entries(job.summary).map(([name, count]) => `${name} ${count}`).join(' · ')}</p>
          <ul class="cards">
            {job.variants.map((variant) => (
              <li class="card" key={variant.variantId}>
                <span class={`verdict ${variant.verdict}`}>{variant.verdict}</span> {variant.status} · {variant.audienceId} · {variant.locale} · {t('reviews.attempts')} {variant.attemptCount}
                <HighlightedText text={variant.text} findings={variant.findings} />
                {variant.findings.length > 0 && <FindingList findings={variant.findings} />}
              </li>
            ))}
          </ul>
          {job.request.experiment !== undefined && job.status === 'SUCCEEDED' && can('experiments:read') && (
            <>
              <h3>
                {t('copy.experiment')} copy-{job.jobId}
              </h3>
              <ExperimentResults experimentId={`copy-${job.jobId}`} />
            </>
          )}
        </div>
      )}
    </Async>
  );
}
