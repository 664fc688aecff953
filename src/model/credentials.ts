/**
 * @module Access keys and the principals behind them. STUB: the IAM/STS work replaces the bodies (keys minted by
 * CreateAccessKey and AssumeRole, identity policies from users and roles); the signatures are the contract.
 */
import type { Tx, World } from './world.js';

/** What an access key id stands for. */
export interface KeyOwner {
  readonly account: string;
  /** `arn:aws:iam::A:root`, `arn:aws:iam::A:user/N`, `arn:aws:sts::A:assumed-role/R/S`. */
  readonly principalArn: string;
  /** Set for session credentials minted for `vpce exec` (and sessions assumed with them): the sending instance. */
  readonly source?: { readonly account: string; readonly region: string; readonly instanceId: string };
}

/** Session credentials as STS returns them. */
export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** ISO 8601. */
  readonly expiration: string;
}

/** The owner of an access key id minted by IAM or STS; undefined for keys vpce never issued. */
export function resolveAccessKey(_world: World, _accessKeyId: string): KeyOwner | undefined {
  return undefined;
}

/**
 * The identity-based policies (JSON texts) in force for a principal: inline and attached policies of a user, of a
 * role (for its sessions). `undefined` for an account root (full access in its own account) or unknown principals.
 */
export function identityPoliciesOf(_world: World, _principalArn: string): readonly string[] | undefined {
  return undefined;
}

/** The role ARN of the instance profile attached to an instance, if any. */
export function instanceRoleArn(_world: World, _account: string, _region: string, _instanceId: string): string | undefined {
  return undefined;
}

/**
 * Mint session credentials for a principal (an assumed-role session ARN, a user or a root ARN), optionally tied
 * to a sending instance. Runs inside a transaction so the key survives restarts.
 */
export function mintSessionCredentials(_tx: Tx, _owner: KeyOwner, _durationSeconds: number): SessionCredentials {
  throw new Error('not implemented');
}
