import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from './api';
import type { Session } from './auth';
import { useT } from './i18n';

/** What every page needs: the API client and the signed-in session (for scope checks). */
export const AppContext = createContext<{ api: Api; session: Session }>(undefined as never);
export const useApp = () => useContext(AppContext);
export const useCan = () => {
  const { session } = useApp();
  return (scope: string) => session.scopes.has(scope);
};

export type AsyncState<T> = { status: 'idle' } | { status: 'loading' } | { status: 'error'; error: Error } | { status: 'done'; value: T };

/**
 * Runs `load` when its dependencies change (or on `reload`), keeping loading and error states visible.
 * A `reload` keeps what is on screen until the new answer arrives, so polling or refreshing never blanks
 * the page (or loses the reader's place) once a second. A change of `refreshOn` (the reader's
 * language, whose words the API answers in) is a reload too.
 */
export function useAsync<T>(load: (() => Promise<T>) | undefined, deps: unknown[], refreshOn: unknown[] = []): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'idle' });
  const [round, setRound] = useState(0);
  const lastRound = useRef(round);
  const lastRefresh = useRef(refreshOn);
  useEffect(() => {
    if (lastRefresh.current.length === refreshOn.length && lastRefresh.current.every((value, index) => Object.is(value, refreshOn[index]))) return;
    lastRefresh.current = refreshOn;
    setRound((n) => n + 1);
  }, refreshOn);
  useEffect(() => {
    const reloading = lastRound.current !== round;
    lastRound.current = round;
    if (!load) return setState({ status: 'idle' });
    let current = true;
    setState((previous) => (reloading && previous.status === 'done' ? previous : { status: 'loading' }));
    load().then(
      (value) => current && setState({ status: 'done', value }),
      (error: Error) => current && setState({ status: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return [state, useCallback(() => setRound((n) => n + 1), [])];
}

/** The API's message, its code and any field-level issues: never a blank screen. */
export function ErrorBox({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const t = useT();
  const api = error instanceof ApiError ? error : undefined;
  return (
    <div class="error" role="alert">
      <strong>
        {t('error')}
        {api ? ` ${api.status || ''} ${t.label('errorCode', api.code)}` : ''}:
      </strong>{' '}
      {error.message}
      {api && api.issues.length > 0 && (
        <ul>
          {api.issues.map((issue) => (
            <li key={issue.path}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

/**
 * A wide table scrolls inside its own box on a phone instead of pushing the whole page sideways;
 * the box takes focus so that keyboard users can scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export function Async<T>({ state, onRetry, children }: { state: AsyncState<T>; onRetry?: () => void; children: (value: T) => ComponentChildren }) {
  const t = useT();
  if (state.status === 'loading') return <p aria-busy="true">{t('loading')}</p>;
  if (state.status === 'error') return <ErrorBox error={state.error} onRetry={onRetry} />;
  if (state.status === 'done') return <>{children(state.value)}</>;
  return null;
}

/** Shown instead of a page (or an action) the token's scopes do not allow. */
export function NeedsScope({ scope }: { scope: string }) {
  const t = useT();
  return (
    <p class="notice">
      {t('needsScope')} <code>{scope}</code>.
    </p>
  );
}

export function Field({ label, children, hint }: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    <label class="field">
      <span>{label}</span>
      {children}
      {hint && <small>{hint}</small>}
    </label>
  );
}

export interface FindingLike {
  ruleId: string;
  start: number;
  end: number;
  match: string;
  message: string;
  suggestion: string;
  severity?: string;
  replacement?: string;
  lawRef?: string;
}

/** The text with each finding's span marked; overlapping spans are merged into the first. */
export function HighlightedText({ text, findings }: { text: string; findings: readonly FindingLike[] }) {
  const spans = [...findings].filter((finding) => finding.end > finding.start && finding.end <= text.length).sort((a, b) => a.start - b.start);
  const parts: ComponentChildren[] = [];
  let cursor = 0;
  spans.forEach((finding, index) => {
    if (finding.start < cursor) return;
    if (finding.start > cursor) parts.push(text.slice(cursor, finding.start));
    parts.push(
      <mark key={index} class={finding.severity === 'warn' ? 'warn' : 'block'} title={`${finding.ruleId}: ${finding.message}`} data-rule={finding.ruleId}>
        {text.slice(finding.start, finding.end)}
      </mark>,
    );
    cursor = finding.end;
  });
  parts.push(text.slice(cursor));
  return <p class="copy-text">{parts}</p>;
}

export function FindingList({ findings }: { findings: readonly FindingLike[] }) {
  const t = useT();
  if (findings.length === 0) return <p>{t('finding.none')}</p>;
  return (
    <table class="findings">
      <thead>
        <tr>
          <th scope="col">{t('finding.rule')}</th>
          <th scope="col">“…”</th>
          <th scope="col">{t('finding.law')}</th>
          <th scope="col">{t('finding.rewrite')}</th>
        </tr>
      </thead>
      <tbody>
        {findings.map((finding, index) => (
          <tr key={index}>
            <td>
              <code>{finding.ruleId}</code>
              <br />
              <small>{finding.message}</small>
            </td>
            <td>{finding.match}</td>
            <td>{finding.lawRef ?? '—'}</td>
            <td>{finding.replacement !== undefined ? `${finding.replacement || '∅'} — ${finding.suggestion}` : finding.suggestion}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const lines = (value: string) => value.split('\n').map((line) => line.trim()).filter(Boolean);
export const commaList = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);
export const percent = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(1)}%`);

/** One id and a button: how the pages look a campaign, user, job or experiment up. */
export function LookupForm({ label, name, button, initial = '', onLookup }: { label: string; name: string; button: string; initial?: string; onLookup: (id: string) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <form
      class="row"
      onSubmit={(event) => {
        event.preventDefault();
        onLookup(value.trim());
      }}
    >
      <Field label={label}>
        <input name={name} value={value} onInput={(event) => setValue(event.currentTarget.value)} required />
      </Field>
      <button type="submit">{button}</button>
    </form>
  );
}
