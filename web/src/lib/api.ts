// The app's one way to the GraphQL API: POST /graphql with the stored bearer
// token (once access control is on), errors turned into ApiError with the
// codes of docs/errors (extensions.code). Every query the app sends is a
// constant document in queries.ts, priced under the server's complexity
// limit and batched server side, so that each costs a bounded number of
// database round trips whatever the org's size.
import { authHeaders, storedToken } from './token';

export type ErrorCode = 'BAD_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'INTERNAL' | 'TIMEOUT' | string;

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: ErrorCode; problems?: { path: string; message: string }[] };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
    readonly errors: GraphQLError[] = [],
    readonly status = 0,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** A sign-in would help: no token, or one the server no longer takes. */
  get needsSignIn(): boolean {
    return this.code === 'UNAUTHENTICATED';
  }
  /** Signed in, but the role may not do this. */
  get forbidden(): boolean {
    return this.code === 'FORBIDDEN';
  }
}

/** Fired on window when the server says a request needs a (new) token. */
export const unauthenticatedEvent = 'orgnet:unauthenticated';

/**
 * Sends one GraphQL document. With token, it is sent instead of the stored
 * one (a sign-in trying a token), and an UNAUTHENTICATED answer raises no
 * event: it is that token's answer, not the session's.
 */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal, token?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...authHeaders(token) },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError('orgnet does not answer: is the service running?', 'NETWORK');
  }
  let body: { data?: T; errors?: GraphQLError[] } = {};
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`orgnet answered HTTP ${res.status} without a GraphQL response`, 'INTERNAL', [], res.status);
  }
  const errors = body.errors ?? [];
  if (res.status === 401 || errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
    if (token === undefined) window.dispatchEvent(new CustomEvent(unauthenticatedEvent));
    const message = (token ?? storedToken())
      ? 'orgnet did not accept the token: it is unknown, revoked, expired or mistyped.'
      : 'Sign in: this orgnet needs a token.';
    throw new ApiError(message, 'UNAUTHENTICATED', errors, res.status);
  }
  if (errors.length > 0) {
    const first = errors[0];
    const code = first.extensions?.code ?? 'INTERNAL';
    const message = code === 'FORBIDDEN' ? `Your role may not do this: ${first.message}` : errors.map((e) => e.message).join('; ');
    throw new ApiError(message, code, errors, res.status);
  }
  if (!body.data) throw new ApiError(`orgnet answered HTTP ${res.status} with no data`, 'INTERNAL', [], res.status);
  return body.data;
}
