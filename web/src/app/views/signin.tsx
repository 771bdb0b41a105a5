// Sign-in, shown in place of any view while access control is on and the
// tab holds no token the service takes: the URL stays, so the view asked
// for opens once signed in (deep links work through sign-in).
import { useState } from 'preact/hooks';
import { ApiError } from '../../lib/api';
import { OIDCConfig, signIn } from '../session';
import { Failure, View } from '../ui';

export function SignInView({ notice, oidc }: { notice?: string; oidc?: OIDCConfig }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  };
  return (
    <View title="Sign in" subtitle="This orgnet has access control on: each request needs a token." ready>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form class="signin section" onSubmit={submit}>
        <label for="token-input">Token</label>
        <p class="muted" id="token-help">
          An API token from an administrator (<code>orgnet token create --name NAME --role ROLE</code> prints one)
          {oidc && <>, or an access token that {oidc.issuer} issued for {oidc.audience}</>}. It is kept in this tab only and sent as{' '}
          <code>Authorization: Bearer</code>.
        </p>
        <input
          id="token-input"
          type="password"
          autoComplete="off"
          spellcheck={false}
          aria-describedby="token-help"
          value={token}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
          required
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {error && <SignInError error={error} />}
      </form>
    </View>
  );
}

function SignInError({ error }: { error: Error }) {
  const code = error instanceof ApiError ? error.code : '';
  if (code === 'FORBIDDEN') {
    return <Failure error={new ApiError('orgnet knows this token but gives it no role that may read the org. Ask an administrator.', code)} />;
  }
  return <Failure error={error} />;
}
