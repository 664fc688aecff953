/**
 * @module Whether a bucket policy is "public" as S3 defines it for Block Public Access and GetBucketPolicyStatus
 * (S3 User Guide, "The meaning of public"): an Allow statement for a wildcard principal (or with NotPrincipal)
 * that no condition pins to fixed values of a key that names who or where the caller is. Pure: JSON text in, a
 * verdict with the statement that made it out.
 */

/** The verdict, with the index of the first public statement. */
export type PublicVerdict = { readonly isPublic: false } | { readonly isPublic: true; readonly statement: number };

/**
 * AWS: condition keys whose fixed values make a wildcard-principal grant non-public (lower-case). aws:userid only
 * outside the `AROLEID:*` pattern; aws:SourceIp only with CIDRs narrower than the broad ranges below.
 */
const FIXED_KEYS = new Set([
  'aws:sourcearn', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceowner', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths',
  'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn', 'aws:userid',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
]);

/**
 * Operators that pin a key to the listed values (a negated operator, or `...IfExists` which also passes when the
 * key is absent, pins nothing).
 */
const PINNING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'forallvalues:stringequals', 'foranyvalue:stringequals', 'forallvalues:stringlike', 'foranyvalue:stringlike']);

/** AWS: an aws:SourceIp range at least this broad (IPv4 /0../7, IPv6 /0../31) still counts as public. */
const MIN_IPV4_PREFIX = 8;
const MIN_IPV6_PREFIX = 32;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const asList = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A principal value that admits anyone: `*`, or any principal string containing a wildcard. */
function wildcardPrincipal(p: Json | undefined): boolean {
  if (p === undefined) return false;
  if (typeof p === 'string') return p.includes('*');
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return false;
  return Object.values(p).some((v) => asList(v).some((x) => typeof x === 'string' && x.includes('*')));
}

const hasWildcard = (s: string): boolean => s.includes('*') || s.includes('?');

function narrowCidr(value: string): boolean {
  const [addr, len] = value.split('/');
  if (addr === undefined) return false;
  const v6 = addr.includes(':');
  const prefix = len === undefined ? (v6 ? 128 : 32) : Number(len);
  if (!Number.isInteger(prefix)) return false;
  return prefix >= (v6 ? MIN_IPV6_PREFIX : MIN_IPV4_PREFIX);
}

/** Whether a statement's Condition block pins the caller to fixed values (so the grant is not public). */
function restricts(condition: Json | undefined): boolean {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return false;
  for (const [op, block] of Object.entries(condition)) {
    if (block === null || typeof block !== 'object' || Array.isArray(block)) continue;
    const operator = op.toLowerCase();
    for (const [key, raw] of Object.entries(block)) {
      const k = key.toLowerCase();
      const values = asList(raw).map((v) => String(v));
      if (values.length === 0) continue;
      if (operator === 'ipaddress' && k === 'aws:sourceip' && values.every(narrowCidr)) return true;
      if (!PINNING_OPERATORS.has(operator) || !FIXED_KEYS.has(k)) continue;
      if (values.some(hasWildcard)) {
        // AWS: aws:userid of the form `AROLEID:*` (any session of one role) is fixed; other wildcards are not.
        if (!(k === 'aws:userid' && values.every((v) => /^[A-Z0-9]+:\*$/.test(v)))) continue;
      }
      return true;
    }
  }
  return false;
}

/** Whether a bucket policy (JSON text) is public; malformed text is not (S3 never stores it). */
export function policyPublicVerdict(policy: string): PublicVerdict {
  let doc: Json;
  try {
    doc = JSON.parse(policy) as Json;
  } catch {
    return { isPublic: false };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { isPublic: false };
  const statements = asList(doc['Statement']);
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    if (st === null || typeof st !== 'object' || Array.isArray(st)) continue;
    if (st['Effect'] !== 'Allow') continue;
    // AWS: Allow with NotPrincipal grants everyone but the listed principals.
    const open = st['NotPrincipal'] !== undefined || wildcardPrincipal(st['Principal']);
    if (open && !restricts(st['Condition'])) return { isPublic: true, statement: i };
  }
  return { isPublic: false };
}

export const isPublicPolicy = (policy: string): boolean => policyPublicVerdict(policy).isPublic;
