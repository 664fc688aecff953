/**
 * @module Authentication: whether a request's credentials are good enough to act with. Credentials vpce issued
 * (IAM user keys `AKIA…`, STS and `vpce exec` sessions `ASIA…`) must carry a valid signature made with their
 * secret (SigV4; for S3 also SigV2, and each chunk of a signed streaming upload), a session's token (compared by
 * digest), and a time within 15 minutes of the server's; key ids shaped like issued ones
 * that vpce never issued (or that were deleted or deactivated) are refused. In `open` mode (the default) every
 * other key id (12-digit account ids, `test`, anything) acts as its account's or the default account's root with
 * any secret, so examples work without setup; in `strict` mode only issued keys and, when configured, the root
 * secret for 12-digit account ids are accepted, and unsigned requests only reach S3 (anonymously).
 */
import { sessionTokenMatches } from '../model/access-key.js';
import type { SessionRecord } from '../model/resources.js';
import { GLOBAL, type World } from '../model/world.js';
import { verifyChunkedBody, type ChunkSigning } from './chunk-signatures.js';
import { amzDateMs, MAX_SKEW_MS, parseAuth, signingHmac, toAmzDate, verifySignature, type SignedRequest } from './signature.js';
import { looksLikeV2, parseAuthV2, requestTimeV2, verifySignatureV2 } from './signature-v2.js';

export type AuthMode = 'open' | 'strict';

export interface AuthSettings {
  readonly mode: AuthMode;
  /** Strict mode: the secret every 12-digit account-id key must sign with (none: account-id keys are refused). */
  readonly rootSecret?: string;
}

/** Why credentials are refused; each service words these its own way (`credential-errors.ts`). */
export type CredentialProblem =
  /** The key id does not exist (never issued, deleted, deactivated). */
  | { readonly kind: 'invalid' }
  /** A session past its expiry. */
  | { readonly kind: 'expired' }
  /** The signature is not the one the secret gives. */
  | { readonly kind: 'signature'; readonly stringToSign: string; readonly signatureProvided: string }
  /** A session key without its token, or with another. */
  | { readonly kind: 'token' }
  /** The Authorization header (or presigned query) is not a well-formed SigV4 authorization. */
  | { readonly kind: 'malformed'; readonly reason: string }
  /** The request's time is more than 15 minutes from the server's. */
  | { readonly kind: 'skewed'; readonly requestTime: string; readonly serverTime: string }
  /** Strict mode: no credentials at all. */
  | { readonly kind: 'missing' }
  /** A SigV2 presigned URL past its `Expires` (epoch seconds); times as ISO 8601. */
  | { readonly kind: 'presignExpired'; readonly expires: string; readonly serverTime: string };

/** AWS's key id shapes: long-term `AKIA…` and temporary `ASIA…`, 20 characters. */
const ISSUED_SHAPE = /^A[KS]IA[A-Z0-9]{16}$/;

/**
 * The secret a key id must sign with (and its session, for a token check); a refusal; or undefined when the key
 * needs no signature (open mode, a key vpce did not issue).
 */
function secretOf(world: World, settings: AuthSettings, accessKeyId: string): { readonly secret: string; readonly session?: SessionRecord } | CredentialProblem | undefined {
  const rec = world.partition(GLOBAL).find(accessKeyId);
  if (rec?.kind === 'accessKey') return rec.status !== 'Active' ? { kind: 'invalid' } : { secret: rec.secretAccessKey };
  if (rec?.kind === 'stsSession') return rec.expiresAt <= world.clock.now() ? { kind: 'expired' } : { secret: rec.secretAccessKey, session: rec };
  if (ISSUED_SHAPE.test(accessKeyId)) return { kind: 'invalid' };
  if (settings.mode === 'open') return undefined;
  if (/^\d{12}$/.test(accessKeyId) && settings.rootSecret !== undefined) return { secret: settings.rootSecret };
  return { kind: 'invalid' };
}

/**
 * What checking the chunk signatures of a SigV4 streaming upload (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`)
 * needs: the signing key and seed signature of its Authorization header; each chunk chains from the seed
 * (`chunk-signatures.ts`). Undefined when the payload is not signed per chunk, or the key needs no signature (open
 * mode) or is refused (the header check reports that).
 */
export function chunkSigningOf(world: World, settings: AuthSettings, req: Pick<SignedRequest, 'method' | 'rawPath' | 'rawQuery' | 'headers'>, accessKeyId: string | undefined): { signing: ChunkSigning; trailer: boolean } | undefined {
  const mode = req.headers['x-amz-content-sha256'];
  if (accessKeyId === undefined || (mode !== 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' && mode !== 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER')) return undefined;
  const found = secretOf(world, settings, accessKeyId);
  if (found === undefined || 'kind' in found) return undefined;
  const parsed = parseAuth({ ...req, body: Buffer.alloc(0) });
  if (parsed.kind !== 'sigv4' || parsed.auth.presigned) return undefined;
  const auth = parsed.auth;
  return {
    signing: { signingKey: signingHmac(found.secret, auth), seedSignature: auth.signature, amzDate: auth.amzDate, scope: `${auth.date}/${auth.region}/${auth.service}/aws4_request` },
    trailer: mode.endsWith('-TRAILER'),
  };
}

/** Check every chunk signature of a buffered streaming-signed body; undefined when right (or not chunk-signed). */
export function authenticateChunks(world: World, settings: AuthSettings, req: SignedRequest, accessKeyId: string | undefined): CredentialProblem | undefined {
  const s = chunkSigningOf(world, settings, req, accessKeyId);
  if (s === undefined) return undefined;
  const bad = verifyChunkedBody(req.body, s.signing, s.trailer);
  return bad ? { kind: 'signature', stringToSign: bad.stringToSign, signatureProvided: bad.signatureProvided } : undefined;
}

/**
 * Check a request's credentials; undefined when it may proceed. `accessKeyId` is the key id the identity step
 * read (undefined: unsigned); `service` is the API the request is for (unsigned S3 requests are anonymous).
 */
export function authenticate(world: World, settings: AuthSettings, req: SignedRequest, accessKeyId: string | undefined, service: string): CredentialProblem | undefined {
  if (accessKeyId === undefined) return settings.mode === 'strict' && service !== 's3' ? { kind: 'missing' } : undefined;
  const found = secretOf(world, settings, accessKeyId);
  // Open mode's unchecked keys: a SigV2 presigned URL still expires (S3 checks a SigV4 one's X-Amz-Expires itself).
  if (found === undefined) return service === 's3' && req.headers['authorization'] === undefined && looksLikeV2(undefined, req.rawQuery) ? v2Expiry(world, req) : undefined;
  if ('kind' in found) return found;
  const { secret, session } = found;
  const parsed = parseAuth(req);
  if (parsed.kind === 'none') return service === 's3' ? checkV2(world, req, secret, session) : { kind: 'missing' };
  if (parsed.kind === 'malformed') return { kind: 'malformed', reason: parsed.reason };
  const auth = parsed.auth;
  if (session !== undefined && !sessionTokenMatches(session, auth.sessionToken)) return { kind: 'token' };
  const check = verifySignature(req, auth, secret);
  if (!check.ok) return { kind: 'signature', stringToSign: check.stringToSign, signatureProvided: auth.signature };
  // A presigned URL is valid for its X-Amz-Expires from its own time (checked by S3); a signed header is valid
  // within 15 minutes either side of the server's clock.
  if (!auth.presigned) {
    const now = world.clock.now();
    const at = amzDateMs(auth.amzDate);
    if (Math.abs(now - at) > MAX_SKEW_MS) return { kind: 'skewed', requestTime: auth.amzDate, serverTime: toAmzDate(now) };
  }
  return undefined;
}

/** AWS (SigV2 query string authentication): `Expires` is seconds since the epoch; after it, AccessDenied. */
function v2Expiry(world: World, req: SignedRequest): CredentialProblem | undefined {
  const parsed = parseAuthV2(req);
  if (parsed.kind === 'malformed') return { kind: 'malformed', reason: parsed.reason };
  if (parsed.kind !== 'sigv2' || !parsed.auth.presigned) return undefined;
  const raw = parsed.auth.expires ?? '';
  const expires = Number(raw);
  const now = world.clock.now();
  if (/^\d+$/.test(raw) && now <= expires * 1000) return undefined;
  return { kind: 'presignExpired', expires: /^\d+$/.test(raw) ? isoSeconds(expires * 1000) : raw, serverTime: isoSeconds(now) };
}

const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * S3's Signature Version 2, checked like SigV4: the signature the secret gives, a session's token, and time (a
 * header signature within 15 minutes of the server's clock; a presigned URL before its `Expires`).
 */
function checkV2(world: World, req: SignedRequest, secret: string, session: SessionRecord | undefined): CredentialProblem | undefined {
  const parsed = parseAuthV2(req);
  if (parsed.kind === 'none') return { kind: 'missing' };
  if (parsed.kind === 'malformed') return { kind: 'malformed', reason: parsed.reason };
  const auth = parsed.auth;
  if (session !== undefined && !sessionTokenMatches(session, auth.sessionToken)) return { kind: 'token' };
  const check = verifySignatureV2(req, auth, secret);
  if (!check.ok) return { kind: 'signature', stringToSign: check.stringToSign, signatureProvided: auth.signature };
  const now = world.clock.now();
  if (auth.presigned) return v2Expiry(world, req);
  const at = requestTimeV2(req);
  if (at === undefined) return { kind: 'malformed', reason: 'AWS authentication requires a valid Date or x-amz-date header' };
  if (Math.abs(now - at) > MAX_SKEW_MS) return { kind: 'skewed', requestTime: toAmzDate(at), serverTime: toAmzDate(now) };
  return undefined;
}
