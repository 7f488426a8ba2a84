import { render, type ComponentChild, type ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
// uPlot's stylesheet goes with the shell: esbuild does not link the CSS of lazily loaded chunks.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { createApi } from './api';
import { completeSignIn, restoreSession, saveToken, signOut, startSignIn, type ConsoleConfig, type Session } from './auth';
import { AppContext, ErrorBox } from './common';
import { I18n, initialLanguage, LANGUAGES, translator, useT, type Language, type MessageKey } from './i18n';
import { CompliancePage } from './pages/compliance';
import { ProfilesPage } from './pages/profiles';
import { ReviewsPage } from './pages/reviews';

/** A page whose code (forms, charts) is fetched when it is first opened, so the first paint does not wait for it. */
function lazyPage(load: () => Promise<ComponentType>): ComponentType {
  let loading: Promise<ComponentType> | undefined;
  return function LazyPage() {
    const t = useT();
    const [state, setState] = useState<{ page?: ComponentType; error?: Error }>({});
    useEffect(() => {
      let current = true;
      loading ??= load();
      loading.then(
        (page) => current && setState({ page }),
        (error: Error) => {
          loading = undefined;
          if (current) setState({ error });
        },
      );
      return () => {
        current = false;
      };
    }, []);
    if (state.error) return <ErrorBox error={state.error} />;
    const Page = state.page;
    return Page ? <Page /> : <p aria-busy="true">{t('loading')}</p>;
  };
}

const PAGES = {
  reviews: ReviewsPage,
  copy: lazyPage(() => import('./pages/copy-jobs').then((module) => module.CopyJobsPage)),
  experiments: lazyPage(() => import('./pages/experiments').then((module) => module.ExperimentsPage)),
  budget: lazyPage(() => import('./pages/budget').then((module) => module.BudgetPage)),
  profiles: ProfilesPage,
  compliance: CompliancePage,
} as const;
type PageName = keyof typeof PAGES;

/** `#/budget?campaign=x` → budget; anything unknown → the review queue. */
const pageOf = (hash: string): PageName => {
  const name = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return Object.hasOwn(PAGES, name) ? (name as PageName) : 'reviews';
};

function useHashPage(): PageName {
  const [page, setPage] = useState(pageOf(location.hash));
  useEffect(() => {
    const update = () => setPage(pageOf(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return page;
}

function App({ config, initial }: { config: ConsoleConfig; initial: Session | undefined }) {
  const [language, setLanguage] = useState<Language>(initialLanguage());
  const [session, setSession] = useState(initial);
  const t = useMemo(() => translator(language), [language]);
  const api = useMemo(() => createApi(config.apiUrl.replace(/\/$/, ''), () => session?.token, language), [config, session, language]);
  const page = useHashPage();
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('title');
    localStorage.setItem('console.lang', language);
  }, [language]);
  const Page = PAGES[page];
  return (
    <I18n.Provider value={t}>
      <header>
        <h1>{t('title')}</h1>
        <label>
          {t('language')}{' '}
          <select value={language} onChange={(event) => setLanguage(event.currentTarget.value as Language)}>
            {Object.entries(LANGUAGES).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {session && (
          <span class="who">
            {t('signedInAs')} <code>{session.subject}</code>{' '}
            <button
              type="button"
              onClick={() => {
                signOut();
                setSession(undefined);
              }}
            >
              {t('signOut')}
            </button>
          </span>
        )}
      </header>
      {session ? (
        <AppContext.Provider value={{ api, session }}>
          <nav aria-label={t('nav')}>
            {(Object.keys(PAGES) as PageName[]).map((name) => (
              <a key={name} href={`#/${name}`} aria-current={name === page ? 'page' : undefined}>
                {t(`page.${name}` as MessageKey)}
              </a>
            ))}
          </nav>
          <main>
            <Page />
          </main>
          <footer>
            {t('scopes')}: {[...session.scopes].sort().join(' ')}
          </footer>
        </AppContext.Provider>
      ) : (
        <SignIn config={config} onSession={setSession} />
      )}
    </I18n.Provider>
  );
}

function SignIn({ config, onSession }: { config: ConsoleConfig; onSession: (session: Session) => void }) {
  const t = useT();
  const [token, setToken] = useState('');
  const [invalid, setInvalid] = useState(false);
  return (
    <main>
      {config.cognito && (
        <button type="button" onClick={() => void startSignIn(config.cognito!)}>
          {t('signIn')}
        </button>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const session = saveToken(token);
          setInvalid(!session);
          if (session) onSession(session);
        }}
      >
        <label for="token">{t('pasteToken')}</label>
        <textarea id="token" rows={4} value={token} onInput={(event) => setToken(event.currentTarget.value)} aria-describedby="token-hint" />
        <small id="token-hint">{t('pasteTokenHint')}</small>
        <button type="submit">{t('useToken')}</button>
        {invalid && (
          <p class="error" role="alert">
            {t('badToken')}
          </p>
        )}
      </form>
    </main>
  );
}

/** Reads the runtime config (API URL, Cognito), finishes any hosted-UI redirect, and renders; a failure is shown, not swallowed. */
async function boot(root: HTMLElement) {
  // The static "Loading…" placeholder goes just before the first render: Preact renders beside what is there, not over it.
  const show = (app: ComponentChild) => {
    root.replaceChildren();
    render(app, root);
  };
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`config.json answered ${response.status}`);
    const config = (await response.json()) as ConsoleConfig;
    const session = (config.cognito ? await completeSignIn(config.cognito) : undefined) ?? restoreSession();
    show(<App config={config} initial={session} />);
  } catch (error) {
    show(
      <I18n.Provider value={translator(initialLanguage())}>
        <ErrorBox error={error as Error} onRetry={() => location.reload()} />
      </I18n.Provider>,
    );
  }
}

void boot(document.getElementById('app')!);
