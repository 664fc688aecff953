/** @module VPCE016: an S3 endpoint policy that blocks the buckets AWS-managed features read (ECR layers, Amazon Linux repositories). */
import { compileDocument, evaluate, type Decision } from '../../iam/index.js';
import { ASSUMED_IDENTITY } from '../../engine/policy-hop.js';
import { MANAGED_BUCKETS } from '../managed-buckets.js';
import { ref } from '../facts.js';
import type { Finding, Proof, Rule } from '../types.js';

export const vpce016: Rule = {
  info: {
    id: 'VPCE016', name: 'EndpointPolicyBlocksManagedBuckets', severity: 'warning',
    title: 'An S3 endpoint policy blocks buckets AWS-managed features need',
    description: 'Instances behind an S3 endpoint reach AWS-owned buckets through it too: ECR image layers, the Amazon Linux package repositories. An endpoint policy that allows only the account\'s own buckets breaks `docker pull` from ECR and `yum`/`dnf` updates, with AccessDenied from S3.',
    help: 'Add an Allow for s3:GetObject on the AWS-owned buckets the VPC uses (listed in the finding), or keep the default full-access policy and restrict access with bucket policies instead.',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    const identity = compileDocument(JSON.parse(ASSUMED_IDENTITY) as unknown, 'identity');
    if (!identity.ok) return out;
    for (const p of ctx.partitions) {
      for (const ep of p.vpcEndpoints.values()) {
        if (!ep.policyDocument || ep.serviceName !== `com.amazonaws.${ep.serviceRegion}.s3`) continue;
        let doc: unknown;
        try { doc = JSON.parse(ep.policyDocument) as unknown; } catch { continue; }
        const policy = compileDocument(doc, 'endpoint');
        if (!policy.ok) continue;
        const type = ep.endpointType === 'Interface' ? 'Interface' : 'Gateway';
        const principal = `arn:aws:iam::${p.account}:root`;
        // The endpoint policy alone decides: the caller's identity allows everything and the AWS bucket is taken as
        // readable (its owner's policy is not in the state).
        const blocked: { feature: string; arn: string; decision: Decision }[] = [];
        for (const m of MANAGED_BUCKETS) {
          const arn = m.objectArn(ep.serviceRegion);
          if (arn === undefined) continue;
          const decision = evaluate(
            { principal: { arn: principal, account: p.account, type: 'Account' }, action: 's3:GetObject', resource: arn, resourceAccount: p.account, context: { 'aws:SourceVpce': ep.id, 'aws:SourceVpc': ep.vpcId }, viaEndpoint: { vpceId: ep.id, vpcId: ep.vpcId, service: ep.serviceName, type } },
            { identity: [identity.compiled], resource: [], endpoint: { vpceId: ep.id, service: ep.serviceName, type, policy: policy.compiled } },
          );
          if (decision.decision !== 'Allow') blocked.push({ feature: m.feature, arn, decision });
        }
        if (blocked.length === 0) continue;
        const proof: Proof[] = blocked.map((b) => ({ kind: 'policy', question: `s3:GetObject on ${b.arn} through ${ep.id} (${b.feature})`, decision: b.decision, context: { 'aws:SourceVpce': ep.id }, policy: ep.policyDocument ?? '' }));
        out.push({
          ruleId: 'VPCE016', severity: 'warning',
          message: `The endpoint policy of ${ep.id} denies s3:GetObject on buckets AWS-managed features read: ${blocked.map((b) => `${b.feature} (${b.arn.replace(/\/[^/]*$/, '')})`).join(', ')}.`,
          resources: [ref(p, 'vpcEndpoint', ep.id)],
          proof,
        });
      }
    }
    return out;
  },
};
