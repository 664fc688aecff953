/**
 * @module A small SigV4 client signer for vpce's own commands (`vpce exec`, `vpce explain`) calling `/_vpce/*`:
 * the same canonical request `signature.ts` checks, signed with the caller's credentials (header form).
 */
import { createHash, createHmac } from 'node:crypto';
import { canonicalRequest, toAmzDate, type SigV4Auth } from './signature.js';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/**
 * The caller's credentials from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), as
 * every AWS client reads them; undefined when no key is set.
 */
export function environmentCredentials(env: NodeJS.ProcessEnv): SigningCredentials | undefined {
  const key = env['AWS_ACCESS_KEY_ID'];
  if (!key) return undefined;
  return { accessKeyId: key, secretAccessKey: env['AWS_SECRET_ACCESS_KEY'] ?? '', sessionToken: env['AWS_SESSION_TOKEN'] || undefined };
}

/**
 * The headers to send with a request so it carries a SigV4 signature: `authorization`, `x-amz-date` (`host` is
 * signed but left to fetch, which sends the URL's) and, for a session, `x-amz-security-token`.
 */
export function signedHeaders(
  method: string, url: string, body: string, creds: SigningCredentials, region: string, service: string,
  headers: Readonly<Record<string, string>> = {}, now = Date.now(),
): Record<string, string> {
  const u = new URL(url);
  const amzDate = toAmzDate(now);
  const all: Record<string, string> = { ...lower(headers), host: u.host, 'x-amz-date': amzDate };
  if (creds.sessionToken !== undefined && creds.sessionToken !== '') all['x-amz-security-token'] = creds.sessionToken;
  const names = Object.keys(all).sort();
  const auth: SigV4Auth = {
    accessKeyId: creds.accessKeyId, date: amzDate.slice(0, 8), region, service, signedHeaders: names, signature: '', amzDate, presigned: false,
  };
  const canonical = canonicalRequest({ method, rawPath: u.pathname, rawQuery: u.search.slice(1), headers: all, body: Buffer.from(body) }, auth);
  const scope = `${auth.date}/${region}/${service}/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, auth.date), region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  // fetch refuses to set Host itself; it sends the URL's, which is what was signed.
  const { host: _host, ...send } = all;
  return { ...send, authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}

function lower(h: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
