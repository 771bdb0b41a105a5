// The planner web app: one page, a view per URL (router.ts), each view
// asking the GraphQL API for what it shows (queries.ts).
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import './app.css';
import { match, navigate, Route, useLocation } from './router';
import { signOut, start, useSession } from './session';
import { Failure, Loading, View } from './ui';
import { ChangesView, ChangeView } from './views/changes';
import { ExplorerView } from './views/explorer';
import { HealthView } from './views/health';
import { MatterView } from './views/matter';
import { PersonView } from './views/person';
import { ScenariosView, ScenarioView } from './views/scenarios';
import { SearchView } from './views/search';
import { SignInView } from './views/signin';
import { TeamView } from './views/team';
import { TouchpointView } from './views/touchpoint';

// The app's URLs. Sign-in has no URL of its own: it stands in for
// whichever view is asked for until a token is taken.
const routes: Route[] = [
  { pattern: /^\/$/, view: (_p, q) => <SearchView q={q.get('q') ?? ''} /> },
  { pattern: /^\/search$/, view: (_p, q) => <SearchView q={q.get('q') ?? ''} /> },
  { pattern: /^\/people\/([^/]+)$/, view: ([id], q) => <PersonView id={id} query={q} /> },
  { pattern: /^\/teams\/([^/]+)$/, view: ([id], q) => <TeamView id={id} query={q} /> },
  { pattern: /^\/matters\/([^/]+)$/, view: ([id], q) => <MatterView id={id} query={q} /> },
  { pattern: /^\/touchpoints\/([^/]+)$/, view: ([id], q) => <TouchpointView id={id} query={q} /> },
  { pattern: /^\/health$/, view: (_p, q) => <HealthView query={q} /> },
  { pattern: /^\/explorer$/, view: (_p, q) => <ExplorerView query={q} /> },
  { pattern: /^\/scenarios$/, view: () => <ScenariosView /> },
  { pattern: /^\/scenarios\/([^/]+)$/, view: ([id], q) => <ScenarioView id={id} query={q} /> },
  { pattern: /^\/changes$/, view: (_p, q) => <ChangesView query={q} /> },
  { pattern: /^\/changes\/([^/]+)$/, view: ([id], q) => <ChangeView id={id} query={q} /> },
];

const nav = [
  { href: '/', label: 'Search', active: (p: string) => p === '/' || p === '/search' },
  { href: '/health', label: 'Org health', active: (p: string) => p === '/health' },
  { href: '/explorer', label: 'Explorer', active: (p: string) => p === '/explorer' },
  { href: '/scenarios', label: 'Scenarios', active: (p: string) => p.startsWith('/scenarios') },
  { href: '/changes', label: 'History', active: (p: string) => p.startsWith('/changes') },
];

function App() {
  const loc = useLocation();
  const session = useSession();
  // "/" anywhere but in a field goes to search, as on many sites.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || t.closest('input, textarea, select, [contenteditable]')) return;
      e.preventDefault();
      const input = document.getElementById('search-input');
      if (input) input.focus();
      else navigate('/search');
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  // A new view starts at the top, unless the URL names a place in it.
  useEffect(() => {
    if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
    else window.scrollTo(0, 0);
  }, [loc.path, loc.query.toString()]);

  const m = match(routes, loc.path);
  let body;
  if (session.state === 'loading') body = <Loading what="orgnet" />;
  else if (session.state === 'error')
    body = (
      <View title="orgnet does not answer" ready>
        <Failure error={session.error} />
      </View>
    );
  else if (session.state === 'signed-out') body = <SignInView notice={session.notice} oidc={session.oidc} />;
  else if (m) body = m.route.view(m.params, loc.query);
  else
    body = (
      <View title="Not found" ready>
        <p>
          orgnet has no page at {loc.path}. <a href="/">Search</a> instead.
        </p>
      </View>
    );
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          orgnet
        </a>
        <nav aria-label="Main">
          {nav.map((n) => (
            <a href={n.href} aria-current={n.active(loc.path) ? 'page' : undefined} key={n.href}>
              {n.label}
            </a>
          ))}
          <a href="/graphql">GraphiQL</a>
        </nav>
        {session.state === 'signed-in' && (
          <div class="who">
            <span>
              <span class="visually-hidden">Signed in as </span>
              <span class="who-name">{session.viewer.name}</span> <span class="tag">{session.viewer.role}</span>
            </span>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main">{body}</main>
    </>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the page's "Loading orgnet…"
render(<App />, root);
void start();
