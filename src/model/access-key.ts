/**
 * @module Access keys: long-term keys of IAM users (`AKIA…`, at most two per user) and temporary session keys
 * (`ASIA…` with a session token and an expiry) minted by STS and `vpce exec`. Both live in the `global`
 * partition under their key id; a user record lists its keys.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { iamErrors } from '../errors/iam.js';
import { accessKeyId, iamIn, secretAccessKey, sessionToken } from './iam-ids.js';
import { mustGetUser } from './iam-user.js';
import type { AccessKeyRecord, IamUser, SessionRecord } from './resources.js';
import type { Tx } from './world.js';

/** AWS (IAM quotas): two access keys per user, a quota that cannot be raised. */
export const ACCESS_KEYS_PER_USER = 2;

export function createAccessKey(tx: Tx, account: string, userName: string): AccessKeyRecord {
  const p = iamIn(tx, account);
  const user = mustGetUser(p, userName);
  if (user.accessKeyIds.length >= ACCESS_KEYS_PER_USER) throw iamErrors.limitExceeded('AccessKeysPerUser', ACCESS_KEYS_PER_USER);
  const key = tx.global.put<AccessKeyRecord>({
    kind: 'accessKey', id: accessKeyId(tx.ids, 'AKIA'), ownerId: account, tags: [],
    secretAccessKey: secretAccessKey(tx.ids), userName: user.name, principalArn: user.arn, status: 'Active', createdAt: tx.clock.now(),
  });
  p.put<IamUser>({ ...user, accessKeyIds: [...user.accessKeyIds, key.id] });
  return key;
}

/** The user's keys, in creation order. */
export function keysOf(tx: Tx, user: IamUser): AccessKeyRecord[] {
  return user.accessKeyIds.map((id) => tx.global.get('accessKey', id)).filter((k): k is AccessKeyRecord => k !== undefined);
}

function mustGetKey(tx: Tx, user: IamUser, id: string): AccessKeyRecord {
  const key = user.accessKeyIds.includes(id) ? tx.global.get('accessKey', id) : undefined;
  if (!key) throw iamErrors.noSuchAccessKey(id);
  return key;
}

export function deleteAccessKey(tx: Tx, account: string, userName: string, id: string): void {
  const p = iamIn(tx, account);
  const user = mustGetUser(p, userName);
  mustGetKey(tx, user, id);
  tx.global.remove(id);
  p.put<IamUser>({ ...user, accessKeyIds: user.accessKeyIds.filter((k) => k !== id) });
}

/** UpdateAccessKey. An `Inactive` key no longer resolves to its user. */
export function updateAccessKey(tx: Tx, account: string, userName: string, id: string, status: 'Active' | 'Inactive'): void {
  const user = mustGetUser(iamIn(tx, account), userName);
  const key = mustGetKey(tx, user, id);
  tx.global.put<AccessKeyRecord>({ ...key, status });
}

export interface SessionArgs {
  readonly account: string;
  readonly principalArn: string;
  readonly userId: string;
  readonly durationSeconds: number;
  readonly source?: SessionRecord['source'] | undefined;
}

/** Mint temporary credentials; they stop resolving at `expiresAt` (read with the world clock). */
/** Sessions kept after they expire, so their keys still answer ExpiredToken rather than InvalidClientTokenId. */
const EXPIRED_KEPT_MS = 12 * 3600 * 1000;
/** Below this many sessions nothing is pruned (a scan per mint would cost more than the records). */
const PRUNE_ABOVE = 256;

/** A new session: its record (which keeps only the token's digest) and the token itself, for the caller alone. */
export function createSession(tx: Tx, args: SessionArgs): SessionRecord & { readonly sessionToken: string } {
  // Sessions are never deleted by users: drop those long expired so the state does not grow without bound.
  if (tx.global.count('stsSession') > PRUNE_ABOVE) {
    const cutoff = tx.clock.now() - EXPIRED_KEPT_MS;
    const stale: string[] = [];
    for (const s of tx.global.list('stsSession')) if (s.expiresAt < cutoff) stale.push(s.id);
    for (const id of stale) tx.global.remove(id);
  }
  const token = sessionToken(tx.ids);
  const rec = tx.global.put<SessionRecord>({
    kind: 'stsSession', id: accessKeyId(tx.ids, 'ASIA'), ownerId: args.account, tags: [],
    secretAccessKey: secretAccessKey(tx.ids), sessionTokenSha256: sessionTokenDigest(token),
    principalArn: args.principalArn, userId: args.userId, issuedAt: tx.clock.now(), expiresAt: tx.clock.now() + args.durationSeconds * 1000,
    ...(args.source ? { source: args.source } : {}),
  });
  return { ...rec, sessionToken: token };
}

/** The digest a session keeps of its token (SHA-256, hex). */
export function sessionTokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `given` is the session's token (by digest; sessions stored by earlier versions kept it in clear). */
export function sessionTokenMatches(s: SessionRecord, given: string | undefined): boolean {
  if (given === undefined) return false;
  const want = s.sessionTokenSha256 ?? (s.sessionToken !== undefined ? sessionTokenDigest(s.sessionToken) : undefined);
  if (want === undefined) return false;
  const a = Buffer.from(sessionTokenDigest(given), 'hex');
  return timingSafeEqual(a, Buffer.from(want, 'hex'));
}
