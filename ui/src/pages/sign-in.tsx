import { type FormEvent, useState } from 'react';
import { ErrorNote } from '../components/states.js';
import type { Me } from '../types.js';

/** Sign-in with a bearer token from `revloops token create`; the token stays in this tab only. */
export function SignIn({ onSignIn }: { onSignIn: (token: string) => Promise<Me> }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSignIn(token.trim());
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="signin">
      <form onSubmit={submit} className="card">
        <h1>revloops</h1>
        <p className="muted">
          Sign in with an API token. An admin creates one with{' '}
          <code>revloops token create --role rep --user &lt;your id&gt;</code>.
        </p>
        <label htmlFor="token">Token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="rlt_…"
          required
        />
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && <ErrorNote error={error} />}
      </form>
    </div>
  );
}
