/**
 * @module Reader of `aws iam get-account-authorization-details`: users, roles (with their instance profiles) and
 * customer managed policies become the account's IAM records, so their policies take part in `explain`.
 */
import { parsePolicy } from '../iam/validate.js';
import { recordId } from '../model/iam-ids.js';
import type { InlinePolicy, Resource } from '../model/resources.js';
import type { Findings } from './findings.js';
import { num, obj, objs, str, tagsOf, time, type Json } from './wire.js';

/** A policy document as printed: the CLI decodes it to an object; the raw API gives URL-encoded text. */
export function documentText(v: unknown): string | undefined {
  if (obj(v)) return JSON.stringify(v);
  if (typeof v !== 'string') return undefined;
  if (v.trimStart().startsWith('{')) return v;
  try { return decodeURIComponent(v); } catch { return v; }
}

/** A policy the engine can read, else undefined with a warning (IAM accepted it, so this is a damaged export). */
export function readablePolicy(text: string | undefined, what: string, file: string, findings: Findings): string | undefined {
  if (text === undefined) return undefined;
  const r = parsePolicy(text);
  if (r.ok) return text;
  findings.add('warning', 'invalid-policy', `${what} does not parse (${r.errors[0]?.message ?? 'invalid'}); left out`, { file });
  return undefined;
}

function inline(list: unknown, owner: string, file: string, findings: Findings): InlinePolicy[] {
  return objs(list).flatMap((p) => {
    const name = str(p['PolicyName']);
    const document = readablePolicy(documentText(p['PolicyDocument']), `inline policy ${name ?? '?'} of ${owner}`, file, findings);
    return name !== undefined && document !== undefined ? [{ name, document }] : [];
  });
}

function attached(list: unknown): string[] {
  return objs(list).flatMap((p) => { const a = str(p['PolicyArn']); return a === undefined ? [] : [a]; });
}

function boundary(o: Json): { permissionsBoundaryArn?: string } {
  const b = str(obj(o['PermissionsBoundary'])?.['PermissionsBoundaryArn']);
  return b !== undefined ? { permissionsBoundaryArn: b } : {};
}

/** The records of one output (ids as IAM keys them: `role/<lower-case name>`). */
export function readAuthorizationDetails(body: Json, account: string, now: number, file: string, findings: Findings): Resource[] {
  const out: Resource[] = [];
  for (const u of objs(body['UserDetailList'])) {
    const name = str(u['UserName']);
    if (name === undefined) continue;
    out.push({
      kind: 'iamUser', id: recordId('user', name), ownerId: account, tags: tagsOf(u), name, path: str(u['Path']) ?? '/',
      userId: str(u['UserId']) ?? '', arn: str(u['Arn']) ?? `arn:aws:iam::${account}:user/${name}`, createdAt: time(u['CreateDate'], now),
      inlinePolicies: inline(u['UserPolicyList'], name, file, findings), attachedPolicyArns: attached(u['AttachedManagedPolicies']), accessKeyIds: [], ...boundary(u),
    });
    if (objs(u['GroupList']).length > 0 || (Array.isArray(u['GroupList']) && u['GroupList'].length > 0)) {
      findings.add('note', 'not-imported', `user ${name} is in groups; IAM groups are not modelled, so their policies do not apply`, { file, resourceId: name });
    }
  }
  const profiles = new Map<string, Resource>();
  for (const r of objs(body['RoleDetailList'])) {
    const name = str(r['RoleName']);
    if (name === undefined) continue;
    const description = str(r['Description']);
    out.push({
      kind: 'iamRole', id: recordId('role', name), ownerId: account, tags: tagsOf(r), name, path: str(r['Path']) ?? '/',
      roleId: str(r['RoleId']) ?? '', arn: str(r['Arn']) ?? `arn:aws:iam::${account}:role/${name}`, createdAt: time(r['CreateDate'], now),
      trustPolicy: documentText(r['AssumeRolePolicyDocument']) ?? '{"Version":"2012-10-17","Statement":[]}',
      ...(description !== undefined ? { description } : {}), maxSessionDuration: num(r['MaxSessionDuration']) ?? 3600,
      inlinePolicies: inline(r['RolePolicyList'], name, file, findings), attachedPolicyArns: attached(r['AttachedManagedPolicies']), ...boundary(r),
    });
    for (const p of objs(r['InstanceProfileList'])) {
      const pname = str(p['InstanceProfileName']);
      if (pname === undefined) continue;
      const roleName = str(objs(p['Roles'])[0]?.['RoleName']) ?? name;
      profiles.set(pname.toLowerCase(), {
        kind: 'iamInstanceProfile', id: recordId('instance-profile', pname), ownerId: account, tags: tagsOf(p), name: pname, path: str(p['Path']) ?? '/',
        instanceProfileId: str(p['InstanceProfileId']) ?? '', arn: str(p['Arn']) ?? `arn:aws:iam::${account}:instance-profile/${pname}`,
        createdAt: time(p['CreateDate'], now), roleName,
      });
    }
  }
  out.push(...profiles.values());
  let skipped = 0;
  for (const p of objs(body['Policies'])) {
    const name = str(p['PolicyName']);
    const arn = str(p['Arn']);
    if (name === undefined || arn === undefined) continue;
    // AWS managed policies (arn:aws:iam::aws:policy/...) are AWS's, not the account's.
    if (!arn.startsWith(`arn:aws:iam::${account}:`)) { skipped++; continue; }
    const versions = objs(p['PolicyVersionList']).flatMap((v) => {
      const versionId = str(v['VersionId']);
      const document = readablePolicy(documentText(v['Document']), `version ${versionId ?? '?'} of ${arn}`, file, findings);
      return versionId !== undefined && document !== undefined ? [{ versionId, document, createdAt: time(v['CreateDate'], now) }] : [];
    });
    if (versions.length === 0) { findings.add('warning', 'missing-member', `policy ${arn} has no versions; left out`, { file, resourceId: arn }); continue; }
    const description = str(p['Description']);
    out.push({
      kind: 'iamPolicy', id: recordId('policy', name), ownerId: account, tags: tagsOf(p), name, path: str(p['Path']) ?? '/',
      policyId: str(p['PolicyId']) ?? '', arn, ...(description !== undefined ? { description } : {}),
      createdAt: time(p['CreateDate'], now), updatedAt: time(p['UpdateDate'], now),
      defaultVersionId: str(p['DefaultVersionId']) ?? versions[versions.length - 1]!.versionId, versions,
    });
  }
  if (skipped > 0) findings.add('note', 'not-imported', `${skipped} AWS managed policies listed in the output are AWS's own (attachments to them are kept)`, { file });
  if (objs(body['GroupDetailList']).length > 0) findings.add('note', 'not-imported', 'IAM groups are not modelled; GroupDetailList is skipped', { file });
  return out;
}
