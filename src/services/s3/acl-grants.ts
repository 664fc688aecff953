/**
 * @module ACL grants as policy: a bucket's or object's ACL grants (when Object Ownership leaves ACLs enabled)
 * become Allow statements added to the bucket policy for the one question asked, so the policy engine weighs them
 * with endpoint, identity and bucket policies (an explicit Deny still wins; a cross-account caller's own account
 * must still allow). AWS User Guide, "Access control list (ACL) overview", mapping of ACL permissions to actions.
 */
import { canonicalId } from './access.js';
import { GROUPS, type Permission, type StoredAcl, type StoredGrant } from './acl-model.js';
import type { S3Context } from './context.js';
import { bucketAclOf, ownershipOf } from './ownership.js';
import type { StoredBucket } from './storage.js';

/** AWS: what each bucket ACL permission allows. */
const BUCKET_ACTIONS: Readonly<Record<Permission, readonly string[]>> = {
  READ: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'],
  WRITE: ['s3:PutObject', 's3:DeleteObject'],
  READ_ACP: ['s3:GetBucketAcl'],
  WRITE_ACP: ['s3:PutBucketAcl'],
  FULL_CONTROL: [],
};
/** AWS: what each object ACL permission allows (WRITE is not applicable to objects). */
const OBJECT_ACTIONS: Readonly<Record<Permission, readonly string[]>> = {
  READ: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTorrent'],
  WRITE: [],
  READ_ACP: ['s3:GetObjectAcl', 's3:GetObjectVersionAcl'],
  WRITE_ACP: ['s3:PutObjectAcl', 's3:PutObjectVersionAcl'],
  FULL_CONTROL: [],
};

function grants(table: Readonly<Record<Permission, readonly string[]>>, permission: Permission, action: string): boolean {
  const a = action.toLowerCase();
  const actions = permission === 'FULL_CONTROL' ? Object.values(table).flat() : table[permission];
  return actions.some((x) => x.toLowerCase() === a);
}

type Statement = Record<string, unknown>;

/** The statement for one grant, or undefined when its grantee cannot be named as a principal. */
function statementOf(ctx: S3Context, b: StoredBucket, g: StoredGrant, action: string, resource: string): Statement | undefined {
  const base = { Effect: 'Allow', Action: action, Resource: resource };
  const e = g.grantee;
  if (e.type === 'Group') {
    if (e.uri === GROUPS.AllUsers) return { ...base, Principal: '*' };
    // AWS: AuthenticatedUsers is any signed request, from any account.
    if (e.uri === GROUPS.AuthenticatedUsers) return { ...base, Principal: '*', Condition: { StringNotEquals: { 'aws:PrincipalType': 'Anonymous' } } };
    return { ...base, Principal: { Service: 'logging.s3.amazonaws.com' } };
  }
  const caller = ctx.call.caller.account;
  const account = e.account ?? (e.id === canonicalId(caller) ? caller : undefined);
  // The bucket owner needs no grant (its account owns the bucket); an id vpce cannot name is left out.
  if (account === undefined || account === b.owner) return undefined;
  return { ...base, Principal: { AWS: `arn:aws:iam::${account}:root` } };
}

/** The Allow statements an ACL adds for `action` on `resource`. */
function statementsOf(ctx: S3Context, b: StoredBucket, acl: StoredAcl, table: Readonly<Record<Permission, readonly string[]>>, action: string, resource: string): Statement[] {
  const out: Statement[] = [];
  for (const g of acl.grants) {
    if (!grants(table, g.permission, action)) continue;
    const s = statementOf(ctx, b, g, action, resource);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/**
 * The resource policy to evaluate `action` on `resource` with: the bucket policy, plus the statements the bucket's
 * and (for object actions) the object's ACL grant. Unchanged under BucketOwnerEnforced (ACLs disabled).
 */
export function policyWithAcls(ctx: S3Context, b: StoredBucket, action: string, resource: string): string | null {
  if (ownershipOf(ctx.store, b.name) === 'BucketOwnerEnforced') return b.policy;
  const extra: Statement[] = [];
  const bucketAcl = bucketAclOf(ctx.store, b);
  if (bucketAcl !== undefined) extra.push(...statementsOf(ctx, b, bucketAcl, BUCKET_ACTIONS, action, `arn:aws:s3:::${b.name}`));
  const prefix = `arn:aws:s3:::${b.name}/`;
  if (resource.startsWith(prefix) && Object.values(OBJECT_ACTIONS).flat().some((x) => x.toLowerCase() === action.toLowerCase())) {
    const acl = ctx.store.getObject(b.name, resource.slice(prefix.length))?.extra.acl;
    if (acl !== undefined) extra.push(...statementsOf(ctx, b, acl, OBJECT_ACTIONS, action, resource));
  }
  // Bucket-level grants of object actions (WRITE: PutObject, DeleteObject) name the object resource asked about.
  for (const s of extra) if (s['Resource'] !== resource && resource.startsWith(prefix)) s['Resource'] = resource;
  if (extra.length === 0) return b.policy;
  if (b.policy === null) return JSON.stringify({ Version: '2012-10-17', Statement: extra });
  // The bucket policy was validated when stored; its Version (variable substitution) is kept.
  let doc: { Version?: string; Statement?: Statement | Statement[] };
  try {
    doc = JSON.parse(b.policy) as typeof doc;
  } catch {
    // A policy text JSON.parse cannot read (the engine's reader accepted it) keeps its own meaning, without the ACL.
    return b.policy;
  }
  const own = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return JSON.stringify({ ...doc, Statement: [...own, ...extra] });
}
