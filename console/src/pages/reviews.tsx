import { useState } from 'preact/hooks';
import { ApiError, segment } from '../api';
import { Async, ErrorBox, FindingList, HighlightedText, NeedsScope, useApp, useAsync, useCan, type FindingLike } from '../common';
import { useT } from '../i18n';

interface ReviewItem {
  variantId: string;
  jobId: string;
  audienceId: string;
  locale: string;
  channel: string;
  industry: string;
  text: string;
  verdict: string;
  findings: FindingLike[];
  attemptCount: number;
  queuedAt?: string;
  audit: { modelId: string; promptHash: string; rulePackVersion: string; attempts: { text: string; verdict: string; findings: FindingLike[] }[] };
}

/** Variants that ran out of attempts, each with its findings on their spans and its lineage. */
export function ReviewsPage() {
  const { api } = useApp();
  const can = useCan();
  const t = useT();
  // Read again in a new language: the API words the findings in the reader's language.
  const [state, reload] = useAsync(() => api.call<{ items: ReviewItem[] }>('GET', '/v1/reviews?limit=100'), [], [t.language]);
  // What the last decision did, kept above the queue: its card leaves the list, so it cannot say so itself.
  const [outcome, setOutcome] = useState<{ decided: string } | { conflict: Error }>();
  const decided = (result: { decided: string } | { conflict: Error }) => {
    setOutcome(result);
    reload();
  };
  if (!can('copy:read')) return <NeedsScope scope="copy:read" />;
  return (
    <section aria-labelledby="reviews-title">
      <h2 id="reviews-title">{t('page.reviews')}</h2>
      <button type="button" onClick={reload}>
        {t('refresh')}
      </button>
      {outcome && 'decided' in outcome && (
        <p class="notice" role="status">
          {t('reviews.decided')}: <code>{outcome.decided}</code>
        </p>
      )}
      {outcome && 'conflict' in outcome && <ErrorBox error={outcome.conflict} />}
      <Async state={state} onRetry={reload}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('reviews.empty')}</p>
          ) : (
            <ul class="cards" aria-label={t('page.reviews')}>
              {items.map((item) => (
                <ReviewCard key={item.variantId} item={item} onDecided={decided} />
              ))}
            </ul>
          )
        }
      </Async>
    </section>
  );
}

function ReviewCard({ item, onDecided }: { item: ReviewItem; onDecided: (result: { decided: string } | { conflict: Error }) => void }) {
  const { api } = useApp();
  const can = useCan();
  const t = useT();
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      await api.call('POST', `/v1/reviews/${segment(item.variantId)}`, { decision, ...(note.trim() ? { note: note.trim() } : {}) });
      onDecided({ decided: item.variantId });
    } catch (failure) {
      // Another reviewer decided it first: the queue is stale, so say why and show it afresh.
      if (failure instanceof ApiError && failure.status === 409) onDecided({ conflict: failure });
      else setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };
  const noteId = `note-${item.variantId}`;
  return (
    <li class="card review" data-variant-id={item.variantId}>
      <HighlightedText text={item.text} findings={item.findings} />
      <dl class="facts">
        <dt>{t('reviews.job')}</dt>
        <dd>
          <code>{item.jobId}</code>
        </dd>
        <dt>{t('reviews.audience')}</dt>
        <dd>
          {item.audienceId} · {item.locale} · {t.label('channel', item.channel)} · {t.label('industry', item.industry)}
        </dd>
        <dt>{t('reviews.attempts')}</dt>
        <dd>{item.attemptCount}</dd>
        <dt>{t('reviews.promptHash')}</dt>
        <dd>
          <code title={item.audit.promptHash}>{item.audit.promptHash.slice(0, 16)}…</code>
        </dd>
        <dt>{t('reviews.model')}</dt>
        <dd>{item.audit.modelId}</dd>
        <dt>{t('reviews.rulePack')}</dt>
        <dd>{item.audit.rulePackVersion}</dd>
      </dl>
      <FindingList findings={item.findings} />
      <details>
        <summary>
          {t('reviews.attempts')} ({item.audit.attempts.length})
        </summary>
        <ol>
          {item.audit.attempts.map((attempt, index) => (
            <li key={index}>
              <span class={`verdict ${attempt.verdict}`}>{t.label('verdict', attempt.verdict)}</span> <HighlightedText text={attempt.text} findings={attempt.findings} />
            </li>
          ))}
        </ol>
      </details>
      {can('copy:review') ? (
        <div class="decide">
          <label for={noteId}>{t('reviews.note')}</label>
          <textarea id={noteId} rows={2} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
          <button type="button" class="approve" disabled={busy} onClick={() => void decide('approve')}>
            {t('reviews.approve')}
          </button>
          <button type="button" class="reject" disabled={busy} onClick={() => void decide('reject')}>
            {t('reviews.reject')}
          </button>
        </div>
      ) : (
        <NeedsScope scope="copy:review" />
      )}
      {error && <ErrorBox error={error} />}
    </li>
  );
}
