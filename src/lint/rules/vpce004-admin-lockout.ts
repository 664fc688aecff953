/** @module VPCE004: a bucket policy that denies everything not coming through a VPC endpoint also locks the account's administrators out of the bucket policy itself. */
import { compileDocument, evaluate, type Decision } from '../../iam/index.js';
import { ASSUMED_IDENTITY } from '../../engine/policy-hop.js';
import { ref, statementsTesting } from '../facts.js';
import type { Finding, Rule } from '../types.js';

/** An administrator at a desk: a public address, no endpoint (the console or the CLI outside the VPC). */
const OUTSIDE_IP = '198.51.100.10';
const ACTIONS = ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:GetBucketPolicy'] as const;

export const vpce004: Rule = {
  info: {
    id: 'VPCE004', name: 'BucketPolicyLocksOutAdministrators', severity: 'warning',
    title: 'A bucket policy that requires a VPC endpoint locks the bucket\'s administrators out',
    description: 'A Deny on requests without the expected aws:SourceVpce/aws:SourceVpc applies to the bucket owner\'s own administrators working from the console or a laptop, including s3:PutBucketPolicy and s3:DeleteBucketPolicy. Only the account root user is exempt from a bucket policy for those three actions, so repairing the policy then needs the root user.',
    help: 'Exempt an administration role from the Deny (e.g. a StringNotLike on aws:PrincipalArn), or limit the Deny to data actions (s3:GetObject, s3:PutObject...).',
    helpUri: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const b of ctx.buckets) {
      if (!b.policy) continue;
      if (statementsTesting(b.policy, 'aws:SourceVpce').length + statementsTesting(b.policy, 'aws:SourceVpc').length === 0) continue;
      let doc: unknown;
      try { doc = JSON.parse(b.policy) as unknown; } catch { continue; }
      const resource = compileDocument(doc, 'resource');
      const identity = compileDocument(JSON.parse(ASSUMED_IDENTITY) as unknown, 'identity');
      if (!resource.ok || !identity.ok) continue;
      // A representative administrator of the owner account: full identity permissions, from outside any VPC.
      const admin = `arn:aws:iam::${b.owner}:role/Administrator`;
      const context = { 'aws:SourceIp': OUTSIDE_IP, 'aws:PrincipalArn': admin, 'aws:PrincipalAccount': b.owner };
      const denied: { action: string; decision: Decision }[] = [];
      for (const action of ACTIONS) {
        const decision = evaluate(
          { principal: { arn: admin, account: b.owner, type: 'Role' }, action, resource: `arn:aws:s3:::${b.name}`, resourceAccount: b.owner, context, viaEndpoint: null },
          { identity: [identity.compiled], resource: [{ account: b.owner, policy: resource.compiled }] },
        );
        if (decision.decision === 'ExplicitDeny') denied.push({ action, decision });
      }
      if (denied.length === 0) continue;
      out.push({
        ruleId: 'VPCE004', severity: 'warning',
        message: `The policy of bucket ${b.name} explicitly denies ${denied.map((d) => d.action).join(', ')} to an administrator of ${b.owner} working outside a VPC endpoint (console, CLI): only the root user can repair the policy.`,
        resources: [ref({ account: b.owner, region: b.region }, 'bucket', b.name)],
        proof: denied.map((d) => ({ kind: 'policy' as const, question: `${admin} ${d.action} on arn:aws:s3:::${b.name} from ${OUTSIDE_IP} (no endpoint)`, decision: d.decision, context, policy: b.policy ?? '' })),
      });
    }
    return out;
  },
};
