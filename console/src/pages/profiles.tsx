import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, segment } from '../api';
import { Async, ErrorBox, Field, LookupForm, NeedsScope, useApp, useAsync, useCan } from '../common';
import { formatDateTime, formatNumber, useT, type MessageKey, type Translate } from '../i18n';

interface Ranked {
  key: string;
  score: number;
}
interface ProfileView {
  userId: string;
  asOf: string;
  interests: { shortTerm: { categories: Ranked[]; brands: Ranked[] }; longTerm: { categories: Ranked[]; brands: Ranked[] } };
  spending: Record<string, unknown> & { tier: string };
  segments: string[];
  lineage: Record<string, unknown>;
}

/**
 * Looks a user up by the raw id; the API pseudonymises it exactly as ingest does, so the console never
 * needs the key. Erasure asks for the id to be typed again, and only with `profiles:delete`.
 */
export function ProfilesPage() {
  const can = useCan();
  const t = useT();
  const [userId, setUserId] = useState<string>();
  const [erased, setErased] = useState<string>();
  if (!can('profiles:read')) return <NeedsScope scope="profiles:read" />;
  return (
    <section aria-labelledby="profiles-title">
      <h2 id="profiles-title">{t('page.profiles')}</h2>
      <LookupForm label={t('profiles.userId')} name="userId" button={t('profiles.lookup')} onLookup={(id) => {
          setErased(undefined);
          setUserId(id || undefined);
        }}
      />
      {erased && (
        <p class="notice" role="status">
          {t('profiles.erased')}: <code>{erased}</code>
        </p>
      )}
      {userId && !erased && (
        <Profile
          key={userId}
          userId={userId}
          onErased={() => {
            setErased(userId);
          }}
        />
      )}
    </section>
  );
}

const rankedList = (t: Translate, items: Ranked[]) => (items.length === 0 ? '—' : items.map((item) => `${item.key} (${formatNumber(t, item.score)})`).join(', '));

/** The spending facts a marketer reads, in this order, each with its label and value in the reader's language. */
const SPENDING_FIELDS = ['tier', 'typicalPrice', 'averageViewedPrice', 'averageCartPrice', 'averagePurchasePrice', 'maxPurchasePrice', 'orders', 'lastPurchaseAt'] as const;
function spendingValue(t: Translate, name: (typeof SPENDING_FIELDS)[number], value: unknown): string {
  if (name === 'tier') return t(`tier.${String(value)}` as MessageKey) ?? String(value);
  if (name === 'lastPurchaseAt') return formatDateTime(t, String(value));
  return typeof value === 'number' ? formatNumber(t, value) : String(value);
}

function Profile({ userId, onErased }: { userId: string; onErased: () => void }) {
  const { api } = useApp();
  const [state, reload] = useAsync(() => api.call<ProfileView>('GET', `/v1/profiles/${segment(userId)}`), [userId]);
  return (
    <Async state={state} onRetry={reload}>
      {(profile) => <ProfileCard userId={userId} profile={profile} onErased={onErased} />}
    </Async>
  );
}

function ProfileCard({ userId, profile, onErased }: { userId: string; profile: ProfileView; onErased: () => void }) {
  const { api } = useApp();
  const can = useCan();
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<Error>();
  const erase = async () => {
    setError(undefined);
    try {
      await api.call('DELETE', `/v1/profiles/${segment(userId)}`);
      onErased();
    } catch (failure) {
      // Someone else erased it first: the user is gone all the same.
      if (failure instanceof ApiError && failure.status === 404) onErased();
      else setError(failure as Error);
    }
  };
  const { shortTerm, longTerm } = profile.interests;
  return (
    <article class="card profile">
      <h3>
        <code>{profile.userId}</code> <small>{formatDateTime(t, profile.asOf)}</small>
      </h3>
      <h4>{t('profiles.interests')}</h4>
      <dl class="facts">
        <dt>{t('profiles.shortCategories')}</dt>
        <dd>{rankedList(t, shortTerm.categories)}</dd>
        <dt>{t('profiles.shortBrands')}</dt>
        <dd>{rankedList(t, shortTerm.brands)}</dd>
        <dt>{t('profiles.longCategories')}</dt>
        <dd>{rankedList(t, longTerm.categories)}</dd>
        <dt>{t('profiles.longBrands')}</dt>
        <dd>{rankedList(t, longTerm.brands)}</dd>
      </dl>
      <h4>{t('profiles.spending')}</h4>
      <dl class="facts">
        {SPENDING_FIELDS.filter((name) => profile.spending[name] !== undefined).map((name) => (
          <Fragment key={name}>
            <dt>{t(`spending.${name}`)}</dt>
            <dd>{spendingValue(t, name, profile.spending[name])}</dd>
          </Fragment>
        ))}
      </dl>
      <h4>{t('profiles.segments')}</h4>
      <p class="segments">{profile.segments.length ? profile.segments.map((name) => <span class="tag" key={name}>{name}</span>) : '—'}</p>
      <details>
        <summary>{t('profiles.lineage')}</summary>
        <pre>{JSON.stringify(profile.lineage, null, 2)}</pre>
      </details>
      {can('profiles:delete') &&
        (confirming ? (
          <form
            class="danger"
            onSubmit={(event) => {
              event.preventDefault();
              void erase();
            }}
          >
            <Field label={t('profiles.confirmErase')}>
              <input name="confirm" value={typed} autoFocus onInput={(event) => setTyped(event.currentTarget.value)} />
            </Field>
            <button type="submit" class="reject" disabled={typed.trim() !== userId}>
              {t('profiles.confirm')}
            </button>
          </form>
        ) : (
          <button type="button" class="reject" onClick={() => setConfirming(true)}>
            {t('profiles.erase')}
          </button>
        ))}
      {error && <ErrorBox error={error} />}
    </article>
  );
}
