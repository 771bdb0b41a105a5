// The bearer token the app and GraphiQL send once access control is on
// (docs/access.md). It is kept in sessionStorage: it lives as long as the
// tab (and the tabs opened from it), never on disk after the browser
// closes. In local mode there is none and nothing is sent.
const key = 'orgnet.token';

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null; // storage blocked: behave as signed out
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(key, token);
    else sessionStorage.removeItem(key);
  } catch {
    // storage blocked: the token lives as long as the page
  }
}

/** The Authorization header for a token: the stored one unless another is given. */
export function authHeaders(token = storedToken()): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}
