import { useEffect, useState } from 'preact/hooks';
import { Async, Field, FindingList, HighlightedText, NeedsScope, useApp, useAsync, useCan, type FindingLike } from '../common';
import { useT } from '../i18n';
import { INDUSTRIES } from '../options';

interface CheckResult {
  verdict: string;
  findings: FindingLike[];
  rulePackVersion: string;
  locale: string;
  localeResolution: string;
}

/** Paste copy, pick a locale and industry, and see the API's findings as you type (debounced). */
export function CompliancePage() {
  const { api } = useApp();
  const can = useCan();
  const t = useT();
  const [text, setText] = useState('');
  const [locale, setLocale] = useState('zh-CN');
  const [industry, setIndustry] = useState('general');
  const [request, setRequest] = useState<{ text: string; locale: string; industry: string }>();
  useEffect(() => {
    const timer = setTimeout(() => setRequest(text.trim() ? { text, locale, industry } : undefined), 300);
    return () => clearTimeout(timer);
  }, [text, locale, industry]);
  const [state, reload] = useAsync(request && (() => api.call<CheckResult>('POST', '/v1/compliance/check', request)), [request], [t.language]);
  if (!can('compliance:check')) return <NeedsScope scope="compliance:check" />;
  return (
    <section aria-labelledby="compliance-title">
      <h2 id="compliance-title">{t('page.compliance')}</h2>
      <div class="row">
        <Field label={t('compliance.locale')}>
          <input value={locale} onInput={(event) => setLocale(event.currentTarget.value)} />
        </Field>
        <Field label={t('compliance.industry')}>
          <select value={industry} onChange={(event) => setIndustry(event.currentTarget.value)}>
            {INDUSTRIES.map((name) => (
              <option key={name} value={name}>
                {t.label('industry', name)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t('compliance.text')}>
        <textarea rows={5} value={text} onInput={(event) => setText(event.currentTarget.value)} />
      </Field>
      <div aria-live="polite">
        <Async state={state} onRetry={reload}>
          {(result) => (
            <div class="card">
              <h3>
                {t('compliance.findings')}: <span class={`verdict ${result.verdict}`}>{t.label('verdict', result.verdict)}</span> <small>{result.rulePackVersion}</small>
              </h3>
              <HighlightedText text={request?.text ?? ''} findings={result.findings} />
              <FindingList findings={result.findings} />
              <small>{result.localeResolution}</small>
            </div>
          )}
        </Async>
      </div>
    </section>
  );
}
