// A small history-API router: every view has its own URL, links are plain
// <a href> (open in a new tab works), the back button works, and the
// server answers any app URL with the app (server/webapp.go).
import { useEffect, useState } from 'preact/hooks';

export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

const listeners = new Set<(l: Location) => void>();

function notify(): void {
  const l = current();
  for (const f of listeners) f(l);
}

window.addEventListener('popstate', notify);

/** Go to an app URL; replace rewrites the current history entry (for filters typed into a page). */
export function navigate(href: string, replace = false): void {
  const url = new URL(href, location.href);
  const next = url.pathname + url.search + url.hash;
  if (next === location.pathname + location.search + location.hash) return;
  if (replace) history.replaceState(null, '', next);
  else history.pushState(null, '', next);
  notify();
}

/** Sets one query parameter of the current URL (null removes it). */
export function withQuery(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  return location.pathname + (s ? `?${s}` : '');
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    listeners.add(setLoc);
    return () => void listeners.delete(setLoc);
  }, []);
  return loc;
}

// Clicks on same-origin links go through the router instead of reloading
// the page; modified clicks (new tab) and other origins are left alone.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
  if (a.pathname === '/graphql' || a.pathname.startsWith('/assets/')) return; // not app views
  e.preventDefault();
  navigate(a.href);
});

export interface Route {
  pattern: RegExp;
  /** The view, given the pattern's groups and the query. */
  view: (params: string[], query: URLSearchParams) => preact.ComponentChild;
}

/** The first route whose pattern matches path, with its decoded groups. */
export function match(routes: Route[], path: string): { route: Route; params: string[] } | null {
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1).map((s) => decodeURIComponent(s)) };
  }
  return null;
}
