/**
 * @module Calls to vpce's own JSON endpoints (`GET /_vpce/lint`, `GET /_vpce/logs`), authenticated like the EC2
 * calls in `api.ts` (`authHeaders`: signed with the user's credentials, or naming the chosen account in open mode).
 * A refusal (`{error, message}`) rejects with ApiError carrying its code and message.
 */
import { ApiError, authHeaders, type Scope } from './api.js';

export async function vpceGet<T>(scope: Scope, path: string, params: Readonly<Record<string, string>> = {}): Promise<T> {
  const query = new URLSearchParams(params).toString();
  let res: Response;
  try {
    const headers = await authHeaders(scope, 'sts', { method: 'GET', path, query, body: '' });
    res = await fetch(`${path}${query === '' ? '' : `?${query}`}`, { headers });
  } catch (e) {
    throw new ApiError('NetworkError', `vpce did not answer (${(e as Error).message}). Is vpce serve still running?`, 0);
  }
  const body = await res.text();
  let value: unknown;
  try { value = JSON.parse(body); } catch {
    throw new ApiError(`HTTP${res.status}`, body.slice(0, 200), res.status);
  }
  if (!res.ok) {
    const e = value as { error?: unknown; message?: unknown };
    throw new ApiError(typeof e.error === 'string' ? e.error : `HTTP${res.status}`, typeof e.message === 'string' ? e.message : body.slice(0, 200), res.status);
  }
  return value as T;
}
