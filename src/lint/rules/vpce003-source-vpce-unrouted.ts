/** @module VPCE003: a bucket policy requires aws:SourceVpce (or aws:SourceVpc) while an instance that reaches the bucket does not come through that endpoint, so it is denied. */
import { explain } from '../../engine/request.js';
import { ref, runningInstances, statementsTesting } from '../facts.js';
import type { Finding, Proof, Rule } from '../types.js';

export const vpce003: Rule = {
  info: {
    id: 'VPCE003', name: 'SourceVpceRequiredButNotRouted', severity: 'error',
    title: 'A bucket policy requires a VPC endpoint that some instance reaching the bucket does not route through',
    description: 'A bucket policy that denies requests whose aws:SourceVpce (or aws:SourceVpc) is not the expected one also denies every instance whose traffic to S3 takes another path: a NAT or internet gateway (no aws:SourceVpce at all), or another endpoint. The network path works; the request is refused with AccessDenied.',
    help: 'Add a route through the endpoint to the instance\'s route table (the endpoint\'s route tables), or list the other endpoints in the policy. `vpce explain --from <instance> --to s3://<bucket>` shows the path and the deciding statement.',
    helpUri: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const b of ctx.buckets) {
      if (!b.policy) continue;
      const keyed = new Set([...statementsTesting(b.policy, 'aws:SourceVpce'), ...statementsTesting(b.policy, 'aws:SourceVpc')]);
      if (keyed.size === 0) continue;
      for (const p of ctx.partitions) {
        if (p.region !== b.region || p.account !== b.owner) continue;
        const denied: { id: string; proof: Proof; via: string }[] = [];
        for (const i of runningInstances(p)) {
          const to = `s3://${b.name}`;
          const r = explain(ctx.view, { account: p.account, region: p.region, from: i.id, to, resourcePolicy: b.policy, resourceAccount: b.owner });
          if (!r.ok || !r.trace.policy || r.trace.policy.decision.decision === 'Allow') continue;
          // Only denials the endpoint condition decides: a deny statement testing the key, or no allow while the
          // allowing statements test it.
          const byKey = r.trace.policy.decision.reasons.some((x) =>
            (x.kind === 'statement-denies' && x.policy.type === 'resource' && keyed.has(x.statement.index))
            || (x.kind === 'no-allow' && x.policyType === 'resource'));
          if (!byKey) continue;
          denied.push({ id: i.id, via: r.trace.context?.keys['aws:SourceVpce'] ?? 'no VPC endpoint', proof: { kind: 'trace', question: `${i.id} -> ${to}`, trace: r.trace } });
        }
        if (denied.length === 0) continue;
        out.push({
          ruleId: 'VPCE003', severity: 'error',
          message: `The policy of bucket ${b.name} requires a VPC endpoint (statement ${[...keyed].join(', ')}), but ${denied.map((d) => `${d.id} (via ${d.via})`).join(', ')} reach${denied.length === 1 ? 'es' : ''} the bucket another way and ${denied.length === 1 ? 'is' : 'are'} denied.`,
          resources: [ref({ account: b.owner, region: b.region }, 'bucket', b.name), ...denied.map((d) => ref(p, 'instance', d.id))],
          proof: denied.slice(0, 3).map((d) => d.proof),
        });
      }
    }
    return out;
  },
};
