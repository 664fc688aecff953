/** @module The account's IAM records as `aws iam get-account-authorization-details` prints them (documents decoded). */
import type { ReadView } from '../model/world.js';

function doc(text: string): unknown {
  try { return JSON.parse(text) as unknown; } catch { return text; }
}

const iso = (ms: number): string => new Date(ms).toISOString();
const tags = (t: readonly { key: string; value: string }[]) => t.map((x) => ({ Key: x.key, Value: x.value }));

export function authorizationDetails(iam: ReadView): Record<string, unknown> {
  const profilesOf = (role: string) => [...iam.list('iamInstanceProfile')].filter((p) => p.roleName?.toLowerCase() === role.toLowerCase());
  return {
    UserDetailList: [...iam.list('iamUser')].map((u) => ({
      Path: u.path, UserName: u.name, UserId: u.userId, Arn: u.arn, CreateDate: iso(u.createdAt),
      UserPolicyList: u.inlinePolicies.map((p) => ({ PolicyName: p.name, PolicyDocument: doc(p.document) })), GroupList: [],
      AttachedManagedPolicies: u.attachedPolicyArns.map((a) => ({ PolicyName: a.slice(a.lastIndexOf('/') + 1), PolicyArn: a })),
      ...(u.permissionsBoundaryArn !== undefined ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: u.permissionsBoundaryArn } } : {}),
      Tags: tags(u.tags),
    })),
    GroupDetailList: [],
    RoleDetailList: [...iam.list('iamRole')].map((r) => ({
      Path: r.path, RoleName: r.name, RoleId: r.roleId, Arn: r.arn, CreateDate: iso(r.createdAt), AssumeRolePolicyDocument: doc(r.trustPolicy),
      ...(r.description !== undefined ? { Description: r.description } : {}), MaxSessionDuration: r.maxSessionDuration,
      InstanceProfileList: profilesOf(r.name).map((p) => ({
        Path: p.path, InstanceProfileName: p.name, InstanceProfileId: p.instanceProfileId, Arn: p.arn, CreateDate: iso(p.createdAt),
        Roles: [{ Path: r.path, RoleName: r.name, RoleId: r.roleId, Arn: r.arn, CreateDate: iso(r.createdAt), AssumeRolePolicyDocument: doc(r.trustPolicy) }],
      })),
      RolePolicyList: r.inlinePolicies.map((p) => ({ PolicyName: p.name, PolicyDocument: doc(p.document) })),
      AttachedManagedPolicies: r.attachedPolicyArns.map((a) => ({ PolicyName: a.slice(a.lastIndexOf('/') + 1), PolicyArn: a })),
      ...(r.permissionsBoundaryArn !== undefined ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.permissionsBoundaryArn } } : {}),
      Tags: tags(r.tags),
    })),
    Policies: [...iam.list('iamPolicy')].map((p) => ({
      PolicyName: p.name, PolicyId: p.policyId, Arn: p.arn, Path: p.path, DefaultVersionId: p.defaultVersionId, AttachmentCount: 0,
      IsAttachable: true, ...(p.description !== undefined ? { Description: p.description } : {}), CreateDate: iso(p.createdAt), UpdateDate: iso(p.updatedAt),
      PolicyVersionList: p.versions.map((v) => ({ Document: doc(v.document), VersionId: v.versionId, IsDefaultVersion: v.versionId === p.defaultVersionId, CreateDate: iso(v.createdAt) })),
    })),
  };
}
