/**
 * @module S3 access control lists as data: canned ACLs, `x-amz-grant-*` headers and the AccessControlPolicy body
 * resolved to one stored form (owner plus grants), and that form rendered as S3 prints it.
 */
import { s3Errors } from '../../errors/s3.js';
import { canonicalId, ownerOf } from './access.js';

export const PERMISSIONS = ['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The predefined groups S3 knows (Amazon S3 "Access control list (ACL) overview", Amazon S3 predefined groups). */
export const GROUPS = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
  LogDelivery: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
} as const;
const GROUP_URIS: readonly string[] = Object.values(GROUPS);

/** A grantee as stored: a canonical user (with its account when known, for the display name) or a group. */
export type StoredGrantee =
  | { readonly type: 'CanonicalUser'; readonly id: string; readonly account?: string }
  | { readonly type: 'Group'; readonly uri: string };

export interface StoredGrant {
  readonly grantee: StoredGrantee;
  readonly permission: Permission;
}

/** An ACL as stored (bucket: configuration kind `acl`; object: `StoredObjectExtra.acl`). */
export interface StoredAcl {
  /** The owner's account id (its canonical id is derived). */
  readonly owner: string;
  readonly grants: readonly StoredGrant[];
}

/** Canned ACLs S3 accepts on buckets and on objects (the bucket list adds log-delivery-write). */
export const OBJECT_CANNED = ['private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control'] as const;
export const BUCKET_CANNED = ['private', 'public-read', 'public-read-write', 'authenticated-read', 'log-delivery-write'] as const;

/** The grant headers by input member, with their header names. */
export const GRANT_HEADERS = [
  ['GrantFullControl', 'x-amz-grant-full-control', 'FULL_CONTROL'], ['GrantRead', 'x-amz-grant-read', 'READ'],
  ['GrantReadACP', 'x-amz-grant-read-acp', 'READ_ACP'], ['GrantWrite', 'x-amz-grant-write', 'WRITE'],
  ['GrantWriteACP', 'x-amz-grant-write-acp', 'WRITE_ACP'],
] as const;

/**
 * AWS: the canonical user that `aws-exec-read` grants READ to (Amazon EC2 reading AMI bundles); a fixed id.
 */
const EC2_EXEC_ID = '6aa5a366c34c1cbe25dc49211496e913e0351eb0e8c37aa3477e40942ec6b97c';

const user = (account: string): StoredGrantee => ({ type: 'CanonicalUser', id: canonicalId(account), account });
const group = (uri: string): StoredGrantee => ({ type: 'Group', uri });

/** The ACL every new resource gets: its owner has FULL_CONTROL. */
export function defaultAcl(owner: string): StoredAcl {
  return { owner, grants: [{ grantee: user(owner), permission: 'FULL_CONTROL' }] };
}

/** A canned ACL's grants (Amazon S3 "Canned ACL" table); `bucketOwner` matters for the bucket-owner-* ones. */
export function cannedAcl(canned: string, owner: string, bucketOwner: string): StoredAcl {
  const grants: StoredGrant[] = [{ grantee: user(owner), permission: 'FULL_CONTROL' }];
  const add = (grantee: StoredGrantee, permission: Permission): void => { grants.push({ grantee, permission }); };
  switch (canned) {
    case 'private': break;
    case 'public-read': add(group(GROUPS.AllUsers), 'READ'); break;
    case 'public-read-write': add(group(GROUPS.AllUsers), 'READ'); add(group(GROUPS.AllUsers), 'WRITE'); break;
    case 'authenticated-read': add(group(GROUPS.AuthenticatedUsers), 'READ'); break;
    case 'aws-exec-read': add({ type: 'CanonicalUser', id: EC2_EXEC_ID }, 'READ'); break;
    // AWS: the bucket-owner-* ACLs add nothing when the object's owner is the bucket owner.
    case 'bucket-owner-read': if (bucketOwner !== owner) add(user(bucketOwner), 'READ'); break;
    case 'bucket-owner-full-control': if (bucketOwner !== owner) add(user(bucketOwner), 'FULL_CONTROL'); break;
    case 'log-delivery-write': add(group(GROUPS.LogDelivery), 'WRITE'); add(group(GROUPS.LogDelivery), 'READ_ACP'); break;
    default: throw new Error(`unknown canned ACL ${canned}`);
  }
  return { owner, grants };
}

/** AWS: an unknown canned ACL is refused with InvalidArgument naming the header. */
export function checkCanned(value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw s3Errors.invalidArgument('', 'x-amz-acl', value);
}

/** Accounts whose canonical ids the emulator can name (for display names and to accept `id=` grants). */
export type KnownAccounts = readonly string[];

function granteeById(id: string, known: KnownAccounts, raw: string): StoredGrantee {
  // AWS: a canonical id is 64 hex digits; anything else is "Invalid id".
  if (!/^[0-9a-f]{64}$/.test(id)) throw s3Errors.invalidArgument('Invalid id', 'id', raw);
  const account = known.find((a) => canonicalId(a) === id);
  return account === undefined ? { type: 'CanonicalUser', id } : { type: 'CanonicalUser', id, account };
}

function granteeByUri(uri: string, raw: string): StoredGrantee {
  if (!GROUP_URIS.includes(uri)) throw s3Errors.invalidArgument('Invalid group uri', 'uri', raw);
  return group(uri);
}

/**
 * AWS: grants by e-mail address need S3 to resolve the address to an account; vpce keeps no account e-mail
 * directory, so every address is unresolvable (S3 no longer accepts e-mail grantees in most Regions either).
 */
function granteeByEmail(email: string): never {
  throw s3Errors.unresolvableEmail(email);
}

/** Parse one `x-amz-grant-*` header: comma-separated `id="..."`, `uri="..."`, `emailAddress="..."`. */
export function parseGrantHeader(header: string, value: string, permission: Permission, known: KnownAccounts): StoredGrant[] {
  const out: StoredGrant[] = [];
  for (const part of value.split(',')) {
    const item = part.trim();
    const m = /^(id|uri|emailAddress)\s*=\s*"?([^"]*)"?$/i.exec(item);
    if (!m) throw s3Errors.invalidArgument('Invalid grant header', header, value);
    const kind = m[1]!.toLowerCase();
    const v = m[2]!.trim();
    const grantee = kind === 'id' ? granteeById(v, known, value) : kind === 'uri' ? granteeByUri(v, value) : granteeByEmail(v);
    out.push({ grantee, permission });
  }
  return out;
}

/** The ACL-bearing members of a request (headers and, for Put*Acl, the body). */
export interface AclInput {
  readonly ACL?: unknown;
  readonly GrantFullControl?: unknown;
  readonly GrantRead?: unknown;
  readonly GrantReadACP?: unknown;
  readonly GrantWrite?: unknown;
  readonly GrantWriteACP?: unknown;
  readonly AccessControlPolicy?: unknown;
}

/** Whether the request names any ACL (canned, grant headers or body). */
export function hasAcl(input: AclInput): boolean {
  return typeof input.ACL === 'string' || GRANT_HEADERS.some(([m]) => typeof input[m] === 'string') || input.AccessControlPolicy !== undefined;
}

/**
 * The ACL a request's headers ask for (undefined: none). AWS: a canned ACL and grant headers together are
 * refused ("Specifying both Canned ACLs and Header Grants is not allowed").
 */
export function aclFromHeaders(input: AclInput, canned: readonly string[], owner: string, bucketOwner: string, known: KnownAccounts): StoredAcl | undefined {
  const acl = typeof input.ACL === 'string' ? input.ACL : undefined;
  const grantHeaders = GRANT_HEADERS.filter(([m]) => typeof input[m] === 'string');
  if (acl !== undefined && grantHeaders.length > 0) throw s3Errors.invalidRequest('Specifying both Canned ACLs and Header Grants is not allowed');
  if (acl !== undefined) {
    checkCanned(acl, canned);
    return cannedAcl(acl, owner, bucketOwner);
  }
  if (grantHeaders.length === 0) return undefined;
  const grants: StoredGrant[] = [];
  for (const [member, header, permission] of grantHeaders) grants.push(...parseGrantHeader(header, input[member] as string, permission, known));
  return { owner, grants };
}

interface WireGrantee { readonly Type?: string; readonly ID?: string; readonly URI?: string; readonly EmailAddress?: string; readonly DisplayName?: string }
interface WirePolicy { readonly Owner?: { readonly ID?: string }; readonly Grants?: readonly { readonly Grantee?: WireGrantee; readonly Permission?: string }[] }

/**
 * The ACL of an AccessControlPolicy body. The XML reader skips attributes, so the grantee's `xsi:type` is read from
 * the element it carries (ID: CanonicalUser, URI: Group, EmailAddress: AmazonCustomerByEmail). AWS: a body without
 * an Owner, or a grant without a grantee or a known permission, is MalformedACLError; the Owner must be the
 * resource's owner (an ACL cannot change ownership).
 */
export function aclFromBody(body: unknown, owner: string, known: KnownAccounts): StoredAcl {
  const p = body as WirePolicy;
  const ownerId = p.Owner?.ID;
  if (ownerId === undefined) throw s3Errors.malformedAcl();
  if (ownerId !== canonicalId(owner)) throw s3Errors.accessDenied();
  const grants: StoredGrant[] = [];
  for (const g of p.Grants ?? []) {
    const permission = PERMISSIONS.find((x) => x === g.Permission);
    const e = g.Grantee;
    if (permission === undefined || e === undefined) throw s3Errors.malformedAcl();
    let grantee: StoredGrantee;
    if (e.ID !== undefined) grantee = granteeById(e.ID, known, e.ID);
    else if (e.URI !== undefined) grantee = granteeByUri(e.URI, e.URI);
    else if (e.EmailAddress !== undefined) grantee = granteeByEmail(e.EmailAddress);
    else throw s3Errors.malformedAcl();
    grants.push({ grantee, permission });
  }
  return { owner, grants };
}

/** Whether an ACL gives nothing beyond FULL_CONTROL to `account` (what BucketOwnerEnforced accepts). */
export function onlyOwnerFullControl(acl: StoredAcl, account: string): boolean {
  const id = canonicalId(account);
  return acl.grants.every((g) => g.permission === 'FULL_CONTROL' && g.grantee.type === 'CanonicalUser' && g.grantee.id === id);
}

/** The wire form (GetBucketAcl / GetObjectAcl output): Owner and Grants with typed grantees. */
export function aclOutput(acl: StoredAcl): { Owner: { ID: string; DisplayName: string }; Grants: unknown[] } {
  return {
    Owner: ownerOf(acl.owner),
    Grants: acl.grants.map((g) => ({
      Grantee: g.grantee.type === 'Group'
        ? { Type: 'Group', URI: g.grantee.uri }
        : { Type: 'CanonicalUser', ID: g.grantee.id, ...(g.grantee.account !== undefined ? { DisplayName: g.grantee.account } : {}) },
      Permission: g.permission,
    })),
  };
}

/** Parse a stored ACL (JSON text from the bucket configuration). */
export function parseStoredAcl(text: string): StoredAcl {
  return JSON.parse(text) as StoredAcl;
}
