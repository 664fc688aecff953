/**
 * @module Signing in with credentials: needed when vpce runs with `--auth strict` (and usable in open mode to act as
 * an IAM user or role session). The key is checked with STS GetCallerIdentity, which also names its account; from
 * then on every call is signed with it (`sigv4.ts`). Kept for this tab only; "Forget" goes back to acting as the
 * chosen account's root by its id (open mode).
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { callerIdentity, type Scope } from './api.js';
import { rememberCredentials } from './settings.js';
import { ErrorBox } from './ui.js';

export function CredentialsControl({ scope, onChange }: { readonly scope: Scope; readonly onChange: (s: Scope) => void }): JSX.Element {
  const [open, setOpen] = useState(false);
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  if (scope.credentials !== undefined) {
    return (
      <span class="signed-in">
        Signed as <code>{scope.credentials.accessKeyId}</code>
        <button type="button" class="small" onClick={() => { rememberCredentials(undefined); const { credentials: _c, ...rest } = scope; onChange(rest); }}>Forget credentials</button>
      </span>
    );
  }
  if (!open) return <button type="button" class="small" onClick={() => setOpen(true)}>Sign with credentials…</button>;

  const use = async (e: Event): Promise<void> => {
    e.preventDefault();
    const credentials = { accessKeyId: keyId.trim(), secretAccessKey: secret, ...(token.trim() === '' ? {} : { sessionToken: token.trim() }) };
    setBusy(true);
    setError(undefined);
    try {
      const who = await callerIdentity(scope.region, credentials);
      rememberCredentials(credentials);
      setOpen(false);
      onChange({ account: who.account, region: scope.region, credentials });
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="credentials stack" aria-label="Credentials" onSubmit={(e) => { void use(e); }}>
      <label>Access key ID <input type="text" name="access-key-id" autoComplete="off" value={keyId} onInput={(e) => setKeyId(e.currentTarget.value)} /></label>
      <label>Secret access key <input type="password" name="secret-access-key" autoComplete="off" value={secret} onInput={(e) => setSecret(e.currentTarget.value)} /></label>
      <label>Session token <span class="muted">(optional)</span> <input type="password" name="session-token" autoComplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} /></label>
      <p class="muted">Kept in this tab only (sessionStorage), and sent only to this vpce server as signatures.</p>
      {error !== undefined ? <ErrorBox error={error} /> : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || keyId.trim() === '' || secret === ''}>Use credentials</button>
        <button type="button" onClick={() => { setOpen(false); setError(undefined); }}>Cancel</button>
      </div>
    </form>
  );
}
