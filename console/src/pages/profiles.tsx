import { useState } from 'preact/hooks';
import { ApiError, segment } from '../api';
import { Async, ErrorBox, Field, LookupForm, NeedsScope, useApp, useAsync, useCan } from '../common';
import { useT } from '../i18n';

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
  if (!can('profiles:read')) return <NeedsScope scope="profiles:read" />;
  return (
    <section aria-labelledby="profiles-title">
      <h2 id="profiles-title">{t('page.profiles')}</h2>
      <LookupForm label={t('profiles.userId')} name="userId" button={t('profiles.lookup')} onLookup={(id) => setUserId(id || undefined)} />
      {userId && <Profile key={userId} userId={userId} />}
    </section>
  );
}

const rankedList = (items: Ranked[]) => (items.length === 0 ? '—' : items.map((item) => `${item.key} (${item.score.toFixed(2)})`).join(', '));

function Profile({ userId }: { userId: string }) {
  const { api } = useApp();
  const [state, reload] = useAsync(() => api.call<ProfileView>('GET', `/v1/profiles/${segment(userId)}`), [userId]);
  return (
    <Async state={state} onRetry={reload}>
      {(profile) => <ProfileCard userId={userId} profile={profile} onErased={reload} />}
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
      // Someone else erased it first: reading it again shows the 404.
      if (failure instanceof ApiError && failure.status === 404) onErased();
      else setError(failure as Error);
    }
  };
  const { shortTerm, longTerm } = profile.interests;
  return (
    <article class="card profile">
      <h3>
        <code>{profile.userId}</code> <small>{profile.asOf}</small>
      </h3>
      <h4>{t('profiles.interests')}</h4>
      <dl class="facts">
        <dt>short · categories</dt>
        <dd>{rankedList(shortTerm.categories)}</dd>
        <dt>short · brands</dt>
        <dd>{rankedList(shortTerm.brands)}</dd>
        <dt>long · categories</dt>
        <dd>{rankedList(longTerm.categories)}</dd>
        <dt>long · brands</dt>
        <dd>{rankedList(longTerm.brands)}</dd>
      </dl>
      <h4>{t('profiles.spending')}</h4>
      <dl class="facts">
        {Object.entries(profile.spending)
          .filter(([, value]) => value !== undefined && typeof value !== 'object')
          .map(([name, value]) => (
            <>
              <dt>{name}</dt>
              <dd>{String(value)}</dd>
            </>
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
