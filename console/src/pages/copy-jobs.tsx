import { useEffect, useState } from 'preact/hooks';
import { segment } from '../api';
import { Async, commaList, ErrorBox, Field, FindingList, HighlightedText, lines, LookupForm, NeedsScope, useApp, useAsync, useCan, type FindingLike } from '../common';
import { formatNumber, useT } from '../i18n';
import { CHANNELS, INDUSTRIES, TONES } from '../options';
import { emptySettings, ExperimentResults, Issues, SettingsFields, settingsRequest, type SettingsForm } from './experiments';

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

/** A fresh idempotency token: the same token always names the same job, so a resent form cannot start a second one. */
const newClientToken = () => crypto.randomUUID();

const emptyForm = {
  clientToken: '',
  productName: '',
  sku: '',
  productBrand: '',
  category: '',
  material: '',
  priceAmount: '',
  priceCurrency: 'CNY',
  benefits: '',
  sellingPoints: '',
  audiences: 'young-runners | 都市年轻跑者 | playful',
  locales: 'zh-CN',
  channel: 'feed',
  industry: 'general',
  variantsPerAudience: '2',
  maxAttempts: '3',
  disclaimer: '',
  forbidden: '',
  maxLength: '',
  allowedClaims: '',
  withExperiment: '',
  ...emptySettings,
};
type Form = typeof emptyForm;

/** A number when the text is one; the text itself otherwise, so the API names the problem. */
const numberOrText = (value: string): number | string => (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value.trim());
const ifSet = <T,>(key: string, value: T | '' | undefined) => (value === '' || value === undefined ? {} : { [key]: value });

/**
 * The form as POST /v1/copy-jobs takes it (shared/copy/schema.ts CopyJobRequestSchema). The
 * disclaimer is one text, or one per locale written `zh-CN: … | en: …`.
 */
function toRequest(form: Form) {
  const forbiddenTerms = commaList(form.forbidden);
  const perLocale = form.disclaimer.includes(':') && /^\s*[a-zA-Z-]{2,}\s*:/.test(form.disclaimer);
  const disclaimer = perLocale
    ? Object.fromEntries(
        form.disclaimer.split('|').map((part) => {
          const colon = part.indexOf(':');
          return [part.slice(0, colon).trim(), part.slice(colon + 1).trim()];
        }),
      )
    : form.disclaimer.trim();
  const allowedClaims = lines(form.allowedClaims).map((line) => {
    const [term = '', ...evidence] = line.split('|');
    return { term: term.trim(), evidence: evidence.join('|').trim() };
  });
  const brand = {
    ...ifSet('requiredDisclaimer', disclaimer),
    ...(forbiddenTerms.length ? { forbiddenTerms } : {}),
    ...ifSet('maxLength', form.maxLength.trim() && numberOrText(form.maxLength)),
    ...(allowedClaims.length ? { allowedClaims } : {}),
  };
  return {
    clientToken: form.clientToken.trim(),
    product: {
      name: form.productName.trim(),
      ...ifSet('sku', form.sku.trim()),
      ...ifSet('brand', form.productBrand.trim()),
      ...ifSet('category', form.category.trim()),
      ...ifSet('material', form.material.trim()),
      ...(form.priceAmount.trim() ? { price: { amount: numberOrText(form.priceAmount), currency: form.priceCurrency.trim() } } : {}),
      benefits: lines(form.benefits),
      sellingPoints: lines(form.sellingPoints),
    },
    audiences: lines(form.audiences).map((line) => {
      const [id = '', description = '', tone = '', profileSegment = ''] = line.split('|').map((part) => part.trim());
      return { id, description, tone, ...ifSet('profileSegment', profileSegment) };
    }),
    locales: commaList(form.locales),
    channel: form.channel,
    industry: form.industry,
    variantsPerAudience: numberOrText(form.variantsPerAudience),
    maxAttempts: numberOrText(form.maxAttempts),
    ...(Object.keys(brand).length ? { brand } : {}),
    ...(form.withExperiment ? { experiment: settingsRequest(form) } : {}),
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
              <code>{item.field}</code> <span class={`verdict ${item.verdict}`}>{t.label('verdict', item.verdict)}</span>
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
  const [form, setForm] = useState<Form>(() => ({ ...emptyForm, clientToken: newClientToken() }));
  const [error, setError] = useState<Error>();
  const set = (name: keyof Form) => (event: { currentTarget: { value: string } }) => setForm((current) => ({ ...current, [name]: event.currentTarget.value }));
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
    [t.language],
  );
  const submit = async () => {
    setError(undefined);
    try {
      const answer = await api.call<{ jobId: string; preflight: { items: PreflightItem[] } }>('POST', '/v1/copy-jobs', toRequest(form));
      // The job exists: the next submission is a new job, with a new token. (After a failure the
      // token stays, so sending again cannot start the same job twice.)
      setForm((current) => ({ ...current, clientToken: newClientToken() }));
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
      <div class="row">
        <Field label={t('copy.product')}>
          <input name="name" value={form.productName} onInput={set('productName')} required />
        </Field>
        <Field label="SKU">
          <input name="sku" value={form.sku} onInput={set('sku')} />
        </Field>
        <Field label={t('copy.productBrand')}>
          <input name="productBrand" value={form.productBrand} onInput={set('productBrand')} />
        </Field>
        <Field label={t('copy.category')}>
          <input name="category" value={form.category} onInput={set('category')} />
        </Field>
        <Field label={t('copy.material')}>
          <input name="material" value={form.material} onInput={set('material')} />
        </Field>
        <Field label={t('copy.price')}>
          <input name="priceAmount" inputMode="decimal" value={form.priceAmount} onInput={set('priceAmount')} />
        </Field>
        <Field label={t('copy.currency')}>
          <input name="priceCurrency" maxLength={3} size={4} value={form.priceCurrency} onInput={set('priceCurrency')} />
        </Field>
      </div>
      <Issues error={error} path="product" />
      <div class="row">
        <Field label={t('copy.benefits')}>
          <textarea name="benefits" rows={3} value={form.benefits} onInput={set('benefits')} />
        </Field>
        <Field label={t('copy.sellingPoints')}>
          <textarea name="sellingPoints" rows={3} value={form.sellingPoints} onInput={set('sellingPoints')} />
        </Field>
      </div>
      <Field label={t('copy.audiences')} hint={`${t('copy.toneHint')}${TONES.join(', ')}`}>
        <textarea name="audiences" rows={2} value={form.audiences} onInput={set('audiences')} />
      </Field>
      <Issues error={error} path="audiences" />
      <div class="row">
        <Field label={t('copy.locales')}>
          <input name="locales" value={form.locales} onInput={set('locales')} />
        </Field>
        <Field label={t('copy.channel')}>
          <select name="channel" value={form.channel} onChange={set('channel')}>
            {CHANNELS.map((name) => (
              <option key={name} value={name}>
                {t.label('channel', name)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('copy.industry')}>
          <select name="industry" value={form.industry} onChange={set('industry')}>
            {INDUSTRIES.map((name) => (
              <option key={name} value={name}>
                {t.label('industry', name)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('copy.variants')}>
          <input name="variantsPerAudience" type="number" min={1} max={5} value={form.variantsPerAudience} onInput={set('variantsPerAudience')} />
        </Field>
        <Field label={t('copy.maxAttempts')}>
          <input name="maxAttempts" type="number" min={1} max={5} value={form.maxAttempts} onInput={set('maxAttempts')} />
        </Field>
      </div>
      <Issues error={error} path="locales" />
      <Issues error={error} path="variantsPerAudience" />
      <Issues error={error} path="maxAttempts" />
      <div class="row">
        <Field label={t('copy.disclaimer')}>
          <input name="disclaimer" value={form.disclaimer} onInput={set('disclaimer')} />
        </Field>
        <Field label={t('copy.forbidden')}>
          <input name="forbidden" value={form.forbidden} onInput={set('forbidden')} />
        </Field>
        <Field label={t('copy.maxLength')}>
          <input name="maxLength" inputMode="numeric" value={form.maxLength} onInput={set('maxLength')} />
        </Field>
      </div>
      <Field label={t('copy.allowedClaims')}>
        <textarea name="allowedClaims" rows={2} value={form.allowedClaims} onInput={set('allowedClaims')} />
      </Field>
      <Issues error={error} path="brand" />
      <fieldset>
        <legend>
          <label>
            <input type="checkbox" name="withExperiment" checked={form.withExperiment !== ''} onChange={(event) => setForm((current) => ({ ...current, withExperiment: event.currentTarget.checked ? 'yes' : '' }))} />{' '}
            {t('copy.withExperiment')}
          </label>
        </legend>
        {form.withExperiment !== '' && <SettingsFields<SettingsForm> form={form} set={set} error={error} path="experiment" />}
      </fieldset>
      <Field label={t('copy.clientToken')} hint={t('copy.clientTokenHint')}>
        <input name="clientToken" value={form.clientToken} onInput={set('clientToken')} />
      </Field>
      <Issues error={error} path="clientToken" />
      <div class="card" aria-live="polite">
        <h3>{t('copy.preflight')}</h3>
        {!can('compliance:check') ? (
          <p>{t('copy.preflightNeedsScope')}</p>
        ) : (
          <Async state={checks}>
            {(results) =>
              results.map(({ text, result }) => (
                <div key={text}>
                  <span class={`verdict ${result.verdict}`}>{t.label('verdict', result.verdict)}</span> <HighlightedText text={text} findings={result.findings} />
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
  const [state, reload] = useAsync(() => api.call<Job>('GET', `/v1/copy-jobs/${segment(jobId)}`), [jobId], [t.language]);
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
            {t('copy.status')}: {t.label('jobStatus', job.status)} {job.failure && <span class="error">{job.failure.reason}</span>}
          </h3>
          <p>{Object.entries(job.summary).map(([name, count]) => `${t.label('jobSummary', name)} ${formatNumber(t, count)}`).join(' · ')}</p>
          <ul class="cards">
            {job.variants.map((variant) => (
              <li class="card" key={variant.variantId}>
                <span class={`verdict ${variant.verdict}`}>{t.label('verdict', variant.verdict)}</span> {t.label('variantStatus', variant.status)} · {variant.audienceId} · {variant.locale} · {t('reviews.attempts')} {variant.attemptCount}
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
