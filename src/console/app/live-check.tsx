/**
 * @module Forms checked as they are filled: the call the form would submit is sent to vpce's `/_vpce/check`
 * (a DryRun through the same handlers) a moment after the last edit, and the API's verdict is shown beside the
 * form. The page knows no rule itself; it shows what the API would answer, in the API's words.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, ec2Check, type Params, type Scope } from './api.js';

export type CheckState =
  | { readonly state: 'idle' }
  | { readonly state: 'checking' }
  | { readonly state: 'ok' }
  | { readonly state: 'refused'; readonly error: ApiError };

/** Wait this long after the last edit before asking: a check per keystroke would only be thrown away. */
const SETTLE_MS = 300;

/** The API's verdict on `action` with `params` (undefined params: nothing to check yet). */
export function useLiveCheck(scope: Scope, action: string, params: Params | undefined): CheckState {
  const [result, setResult] = useState<CheckState>({ state: 'idle' });
  const key = params === undefined ? '' : JSON.stringify(params);
  useEffect(() => {
    if (params === undefined) { setResult({ state: 'idle' }); return undefined; }
    let live = true;
    setResult({ state: 'checking' });
    const timer = setTimeout(() => {
      ec2Check(scope, action, params).then(
        (error) => { if (live) setResult(error === undefined ? { state: 'ok' } : { state: 'refused', error }); },
        (error: unknown) => { if (live) setResult({ state: 'refused', error: error instanceof ApiError ? error : new ApiError('NetworkError', String(error), 0) }); },
      );
    }, SETTLE_MS);
    return () => { live = false; clearTimeout(timer); };
  }, [scope.account, scope.region, action, key]);
  return result;
}

/** The verdict, announced politely (not an alert: it changes as the user types). */
export function CheckStatus({ check, ok }: { readonly check: CheckState; readonly ok: string }): JSX.Element | null {
  if (check.state === 'idle') return null;
  return (
    <div class={`check ${check.state}`} role="status" aria-live="polite">
      {check.state === 'checking' ? <span class="muted">Checking with the API…</span> : null}
      {check.state === 'ok' ? <span>✓ {ok}</span> : null}
      {check.state === 'refused' ? (
        <>
          <span class="muted">The API would refuse this: </span>
          <strong class="code">{check.error.code}</strong> <span class="message">{check.error.message}</span>
        </>
      ) : null}
    </div>
  );
}
