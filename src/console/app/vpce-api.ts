/**
 * @module Calls to vpce's own JSON endpoints (`GET /_vpce/lint`, `GET /_vpce/logs`), authenticated like the EC2
 * calls in `api.ts`: a SigV4-style Authorization header naming the chosen account as access key (vpce's open mode).
 * A refusal (`{error, message}`) rejects with ApiError carrying its code and message.
 */
import { ApiError, type Scope } from './api.js';

export async function vpceGet<T>(scope: Scope, path: string, params: Readonly<Record<string, string>> = {}): Promise<T> {
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const authorization = `AWS4-HMAC-SHA256 Credential=${scope.account}/${date}/${scope.region}/sts/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
  const query = new URLSearchParams(params).toString();
  let res: Response;
  try {
    res = await fetch(`${path}${query === '' ? '' : `?${query}`}`, { headers: { authorization } });
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
