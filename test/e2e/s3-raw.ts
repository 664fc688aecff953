/**
 * @module Raw HTTP for S3 tests that need what an SDK will not send (bad checksums, odd query strings) or will not
 * show (the exact status and error document).
 */
import { request } from 'node:http';

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

/** A SigV4-looking Authorization header (the server reads the scope; it does not check signatures). */
export const signedFor = (account: string, region = 'us-east-1'): Record<string, string> => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${account}/20240101/${region}/s3/aws4_request, SignedHeaders=host, Signature=00`,
});

/** The `<Code>` of an S3 error document. */
export const code = (body: string): string | undefined => /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
