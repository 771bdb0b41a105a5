// The bearer token the app and GraphiQL send, once sign-in exists (access
// control, SPEC §6). In local mode there is none and nothing is sent.
const key = 'orgnet.token';

export function storedToken(): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage blocked: behave as signed out
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(key, token);
    else localStorage.removeItem(key);
  } catch {
    // storage blocked: the token lives as long as the page
  }
}

/** The Authorization header for the stored token, if any. */
export function authHeaders(): Record<string, string> {
  const t = storedToken();
  return t ? { Authorization: `Bearer ${t}` } : {};
}
