import { useCallback, useEffect, useState } from 'react';
import { get, onUnauthenticated, storedToken, storeToken } from './api.js';
import { ErrorNote } from './components/states.js';
import { Chains } from './pages/chains.js';
import { Decisions } from './pages/decisions.js';
import { Inbox } from './pages/inbox.js';
import { LoopPage } from './pages/loop-page.js';
import { ProposalPage } from './pages/proposal-page.js';
import { Proposals } from './pages/proposals.js';
import { ReviewPage } from './pages/review-page.js';
import { SignIn } from './pages/sign-in.js';
import { Simulate } from './pages/simulate.js';
import { Link, match, navigate, useLocation } from './router.js';
import { homeOf, PAGES, SessionContext } from './session.js';
import type { Me } from './types.js';

function Page({ path, me }: { path: string; me: Me }) {
  const loop = match('/loops/:loop', path);
  if (loop) return <LoopPage loop={loop.loop as string} />;
  const item = match('/inbox/:id', path);
  if (item) return <ReviewPage id={item.id as string} />;
  const proposal = match('/proposals/:id', path);
  if (proposal) return <ProposalPage id={proposal.id as string} />;
  switch (path) {
    case '/chains':
      return <Chains />;
    case '/inbox':
      return <Inbox />;
    case '/decisions':
      return <Decisions />;
    case '/proposals':
      return <Proposals />;
    case '/simulate':
      return <Simulate />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>
            Nothing lives at <code>{path}</code>. <Link to={homeOf(me.role)}>Go to your start page.</Link>
          </p>
        </section>
      );
  }
}

/** The app: sign-in until a token is accepted, then the navigation and the current page. */
export function App() {
  const { path } = useLocation();
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(storedToken() !== null);
  const [error, setError] = useState<Error | null>(null);

  const signOut = useCallback(() => {
    storeToken(null);
    setMe(null);
    navigate('/', true);
  }, []);

  const signIn = useCallback(async (token: string) => {
    storeToken(token);
    try {
      const who = await get<Me>('/v1/me');
      setMe(who);
      setError(null);
      return who;
    } catch (err) {
      storeToken(null);
      throw err;
    }
  }, []);

  useEffect(() => onUnauthenticated(() => setMe(null)), []);
  useEffect(() => {
    const token = storedToken();
    if (!token) return;
    signIn(token)
      .catch((err: Error) => setError(err))
      .finally(() => setChecking(false));
  }, [signIn]);

  useEffect(() => {
    if (me && (path === '/' || path === '/signin')) navigate(homeOf(me.role), true);
  }, [me, path]);

  if (checking) return <p className="muted boot">Signing in…</p>;
  if (!me)
    return (
      <>
        {error && <ErrorNote error={error} />}
        <SignIn onSignIn={signIn} />
      </>
    );
  return (
    <SessionContext.Provider value={{ me, signOut }}>
      <div className="shell">
        <nav className="side" aria-label="main">
          <div className="brand">revloops</div>
          {PAGES.filter((p) => p.roles.includes(me.role)).map((p) => (
            <Link key={p.path} to={p.path} className={path.startsWith(p.path) ? 'active' : ''}>
              {p.title}
            </Link>
          ))}
          <div className="who">
            <div>
              <strong>{me.user}</strong>
            </div>
            <div className="muted">
              {me.role}
              {me.teams.length > 0 ? ` · ${me.teams.join(', ')}` : ''}
            </div>
            <button type="button" className="link" onClick={signOut}>
              Sign out
            </button>
          </div>
        </nav>
        <main>
          <Page path={path} me={me} />
        </main>
      </div>
    </SessionContext.Provider>
  );
}
