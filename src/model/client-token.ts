/**
 * @module ClientToken idempotency shared by every create operation that takes a token.
 * AWS: retrying with the same token and the same parameters returns the original result; the same token with
 * different parameters fails with `IdempotentParameterMismatch` ("Ensuring idempotency in Amazon EC2 API requests").
 * Tokens are scoped to the account and Region, so the record lives in the caller's partition.
 */
import { ec2Errors } from '../errors/ec2.js';
import type { ClientTokenRecord } from './resources.js';
import type { PartitionTx, ReadView } from './world.js';

/** Wire members that never take part in the fingerprint. */
const IGNORED = new Set(['ClientToken', 'DryRun']);

/** AWS: a client token is at most 64 ASCII characters. */
export const MAX_CLIENT_TOKEN_LENGTH = 64;

/** JSON with object keys sorted at every level, so equal inputs give equal text whatever the key order. */
export function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/** The fingerprint of a request's parameters: its stable JSON without `ClientToken` and `DryRun`. */
export function fingerprintOf(input: object): string {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!IGNORED.has(k)) rest[k] = v;
  return stableJson(rest);
}

export interface TokenKey {
  /** The wire operation name (`RunInstances`); tokens of different operations never collide. */
  readonly operation: string;
  readonly token: string;
  readonly fingerprint: string;
}

function recordId(operation: string, token: string): string {
  return `client-token:${operation}:${token}`;
}

/**
 * The resource ID an earlier call with this token produced, or undefined when the token is new.
 * Throws `IdempotentParameterMismatch` when the token was used with different parameters.
 */
export function priorResult(view: ReadView, key: TokenKey): string | undefined {
  if (key.token.length > MAX_CLIENT_TOKEN_LENGTH) {
    throw ec2Errors.invalidParameterValue(`Value (${key.token}) for parameter clientToken is invalid. The client token must be at most ${MAX_CLIENT_TOKEN_LENGTH} characters.`);
  }
  const rec = view.get('clientToken', recordId(key.operation, key.token));
  if (!rec) return undefined;
  if (rec.fingerprint !== key.fingerprint) throw ec2Errors.idempotentMismatch(key.token);
  return rec.resultId;
}

/** Remember what a token produced (in the same transaction as the creation, so both commit or neither). */
export function rememberResult(p: PartitionTx, key: TokenKey, resultId: string): void {
  p.put<ClientTokenRecord>({
    kind: 'clientToken', id: recordId(key.operation, key.token), ownerId: p.account, tags: [],
    operation: key.operation, fingerprint: key.fingerprint, resultId,
  });
}

/**
 * Run `create` at most once per token (`input` is the request, fingerprinted). Without a token it always runs. With a known token and the same
 * parameters, `existing(id)` gives back the earlier result; if that resource is gone (deleted since), the
 * token is used afresh. Returns the result and whether it was a replay.
 */
export function idempotent<T>(
  p: PartitionTx,
  key: { readonly operation: string; readonly token: string | undefined; readonly input: object },
  existing: (resultId: string) => T | undefined,
  create: () => { readonly resultId: string; readonly result: T },
): { readonly result: T; readonly replayed: boolean } {
  if (key.token === undefined || key.token === '') return { result: create().result, replayed: false };
  // The fingerprint (a sorted JSON of the whole input) is made only when there is a token to compare it with.
  const full: TokenKey = { operation: key.operation, token: key.token, fingerprint: fingerprintOf(key.input) };
  const prior = priorResult(p, full);
  if (prior !== undefined) {
    const found = existing(prior);
    if (found !== undefined) return { result: found, replayed: true };
  }
  const made = create();
  rememberResult(p, full, made.resultId);
  return { result: made.result, replayed: false };
}
