/**
 * @module Raw HTTP for S3 tests that need what an SDK will not send (bad checksums, odd query strings) or will not
 * show (the exact status and error document).
 */
import { request } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';

export interface RawAnswer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One request on its own connection; resolves with the status, headers and UTF-8 body. */
export function raw(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A SigV4-looking Authorization header: enough for account-id keys, whose signatures open mode does not check. Keys
 * vpce issued need a real signature: `signedWith`.
 */
export const signedFor = (account: string, region = 'us-east-1'): Record<string, string> => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${account}/20240101/${region}/s3/aws4_request, SignedHeaders=host, Signature=00`,
});

/**
 * Real SigV4 headers for an S3 request made with credentials vpce issued (payload UNSIGNED-PAYLOAD, signed now, by
 * the SDK's own signer).
 */
export async function signedWith(url: string, creds: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string }, method: string, path: string, region = 'us-east-1'): Promise<Record<string, string>> {
  const u = new URL(url);
  const signer = new SignatureV4({ service: 's3', region, sha256: Hash.bind(null, 'sha256'), credentials: creds, uriEscapePath: false });
  const q = path.indexOf('?');
  const query: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(path.slice(q + 1))) query[k] = v;
  const out = await signer.sign({
    method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: q < 0 ? path : path.slice(0, q), query,
    headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.headers)) if (k.toLowerCase() !== 'host') headers[k.toLowerCase()] = String(v);
  return headers;
}

/** The `<Code>` of an S3 error document. */
export const code = (body: string): string | undefined => /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
