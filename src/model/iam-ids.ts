/**
 * @module Where IAM keeps its records and how it names them. IAM is global per account: users, roles, managed
 * policies and instance profiles live in the partition `<account>/iam` (a pseudo-region no EC2 call, Describe or
 * the network compiler ever reads), keyed `user/<lower-case name>` etc. Access keys and STS sessions live in the
 * `global` partition under their key id, so any request's key resolves in one lookup. Unique ids and keys are
 * minted as IAM prints them: `AIDA…`/`AROA…`/`ANPA…`/`AIPA…` (21 characters), `AKIA…`/`ASIA…` (20).
 */
import type { IdGen } from '../shared/ids.js';
import type { PartitionTx, Tx } from './world.js';

/** The pseudo-region of the per-account IAM partition. */
export const IAM_REGION = 'iam';

/** The partition key of an account's IAM records (`World.partition(iamPartitionKey(a))`). */
export function iamPartitionKey(account: string): string {
  return `${account}/${IAM_REGION}`;
}

/** The account's IAM partition inside a transaction. */
export function iamIn(tx: Tx, account: string): PartitionTx {
  return tx.in(account, IAM_REGION);
}

export type IamEntityType = 'user' | 'role' | 'policy' | 'instance-profile';

/** AWS: user, role, policy and instance-profile names are unique per account regardless of case. */
export function recordId(type: IamEntityType, name: string): string {
  return `${type}/${name.toLowerCase()}`;
}

/** `arn:aws:iam::<account>:<type><path><name>`. */
export function iamArn(account: string, type: IamEntityType, path: string, name: string): string {
  return `arn:aws:iam::${account}:${type}${path}${name}`;
}

/** `arn:aws:iam::<account>:root`. */
export function rootArn(account: string): string {
  return `arn:aws:iam::${account}:root`;
}

/** `arn:aws:sts::<account>:assumed-role/<role>/<session>` (AWS: the role's path is not part of it). */
export function assumedRoleArn(account: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `count` characters of [A-Z2-7] from the generator (as IAM's ids and key ids look). */
function base32(ids: IdGen, count: number): string {
  const hex = ids.hex(count * 2);
  let out = '';
  for (let i = 0; i < count; i++) out += BASE32[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 32];
  return out;
}

/** A unique id: `AIDA` (user), `AROA` (role), `ANPA` (managed policy), `AIPA` (instance profile) and 17 characters. */
export function uniqueId(ids: IdGen, prefix: 'AIDA' | 'AROA' | 'ANPA' | 'AIPA'): string {
  return prefix + base32(ids, 17);
}

/** An access key id: `AKIA` (long-term) or `ASIA` (temporary) and 16 characters. */
export function accessKeyId(ids: IdGen, prefix: 'AKIA' | 'ASIA'): string {
  return prefix + base32(ids, 16);
}

/** A 40-character secret access key (base64 alphabet, as AWS's). */
export function secretAccessKey(ids: IdGen): string {
  return Buffer.from(ids.hex(60), 'hex').toString('base64');
}

/** An opaque session token. */
export function sessionToken(ids: IdGen): string {
  return `IQoJb3JpZ2luX2VjE${Buffer.from(ids.hex(192), 'hex').toString('base64')}`;
}

/** A name from a principal ARN's resource part: `user/a/b/name` -> `name`. */
export function lastSegment(resource: string): string {
  const slash = resource.lastIndexOf('/');
  return slash < 0 ? resource : resource.slice(slash + 1);
}

/** The account and resource part of an IAM or STS ARN (`arn:aws:iam::A:user/x` -> A, `user/x`). */
export function splitPrincipalArn(arn: string): { readonly service: 'iam' | 'sts'; readonly account: string; readonly resource: string } | undefined {
  const m = /^arn:aws:(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  return m ? { service: m[1] as 'iam' | 'sts', account: m[2]!, resource: m[3]! } : undefined;
}
