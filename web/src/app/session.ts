// Who is using the app, and whether they must sign in first
// (docs/access.md): GET /auth/config says the service's mode; in local mode
// and with access control off everyone is admin and nothing is asked; with
// tokens, the app needs a bearer token (an orgnet API token, or an access
// token of the OIDC issuer), checked with { viewer } before it is kept.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, gql, unauthenticatedEvent } from '../lib/api';
import { storedToken, storeToken } from '../lib/token';
import { viewerQuery } from './queries';

export interface Principal {
  name: string;
  role: string;
}

export interface OIDCConfig {
  issuer: string;
  audience: string;
  clientId?: string;
  rolesClaim: string;
}

export type Session =
  | { state: 'loading' }
  | { state: 'error'; error: Error }
  /** No sign-in: local mode or access control off; everyone is admin. */
  | { state: 'open'; mode: string; viewer: Principal }
  | { state: 'signed-out'; oidc?: OIDCConfig; notice?: string }
  | { state: 'signed-in'; oidc?: OIDCConfig; viewer: Principal };

let session: Session = { state: 'loading' };
const listeners = new Set<(s: Session) => void>();

function set(s: Session): void {
  session = s;
  for (const f of listeners) f(s);
}

export function useSession(): Session {
  const [s, setS] = useState(session);
  useEffect(() => {
    listeners.add(setS);
    setS(session);
    return () => void listeners.delete(setS);
  }, []);
  return s;
}

/** The role's capabilities of the role table (docs/access.md) the app offers. */
export function may(s: Session, what: 'plan' | 'write' | 'administer'): boolean {
  if (s.state !== 'open' && s.state !== 'signed-in') return false;
  const r = s.viewer.role;
  return r === 'admin' || (what === 'plan' && r === 'planner') || (what === 'write' && r === 'hr');
}

async function authConfig(): Promise<{ mode: string; oidc?: OIDCConfig }> {
  let res: Response;
  try {
    res = await fetch('/auth/config', { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError('orgnet does not answer: is the service running?', 'NETWORK');
  }
  if (!res.ok) throw new ApiError(`orgnet answered HTTP ${res.status} to GET /auth/config`, 'INTERNAL', [], res.status);
  return res.json();
}

/** Asks the service how to sign in, and checks a kept token; notice is shown when sign-in is needed. */
export async function start(notice?: string): Promise<void> {
  try {
    const cfg = await authConfig();
    if (cfg.mode !== 'tokens') {
      set({ state: 'open', mode: cfg.mode, viewer: { name: 'local', role: 'admin' } });
      return;
    }
    const token = storedToken();
    if (!token) {
      set({ state: 'signed-out', oidc: cfg.oidc, notice });
      return;
    }
    try {
      const { viewer } = await gql<{ viewer: Principal }>(viewerQuery, {}, undefined, token);
      set({ state: 'signed-in', oidc: cfg.oidc, viewer });
    } catch (e) {
      if (!(e instanceof ApiError) || (e.code !== 'UNAUTHENTICATED' && e.code !== 'FORBIDDEN')) throw e;
      storeToken(null);
      set({ state: 'signed-out', oidc: cfg.oidc, notice: 'orgnet no longer accepts the token this tab kept (revoked, expired, or its role taken away): sign in again.' });
    }
  } catch (e) {
    set({ state: 'error', error: e as Error });
  }
}

/** Checks a pasted token and keeps it if orgnet takes it; the error says why not. */
export async function signIn(token: string): Promise<void> {
  const t = token.trim().replace(/^Bearer\s+/i, '');
  if (!t) throw new ApiError('Paste a token first.', 'BAD_INPUT');
  const { viewer } = await gql<{ viewer: Principal }>(viewerQuery, {}, undefined, t);
  storeToken(t);
  set({ state: 'signed-in', oidc: session.state === 'signed-out' ? session.oidc : undefined, viewer });
}

export function signOut(): void {
  storeToken(null);
  set({ state: 'signed-out', oidc: session.state === 'signed-in' ? session.oidc : undefined, notice: 'Signed out. The token is forgotten by this tab; it stays valid until an administrator revokes it.' });
}

// A request answered UNAUTHENTICATED: the token was revoked, or the first
// token was just issued and local mode ended. Ask the service afresh.
window.addEventListener(unauthenticatedEvent, () => {
  if (session.state === 'signed-out') return;
  storeToken(null);
  void start('orgnet did not accept this tab\u2019s token (or now asks for one): sign in to go on.');
});
