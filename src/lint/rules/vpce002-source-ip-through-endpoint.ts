/** @module VPCE002: a bucket or endpoint policy tests aws:SourceIp, which requests through a VPC endpoint never carry. */
import { explain } from '../../engine/request.js';
import type { CompiledPartition } from '../../engine/network-view.js';
import { gatewayServiceOf, ref, runningInstances, statementsTesting, subnetsUsing } from '../facts.js';
import type { Finding, LintBucket, LintContext, Rule } from '../types.js';

const HELP_URI = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';

/** A request from an instance to a bucket, traced with the bucket policy; returns it when it went through an endpoint. */
function throughEndpoint(ctx: LintContext, p: CompiledPartition, instanceId: string, to: string, b?: LintBucket) {
  const r = explain(ctx.view, {
    account: p.account, region: p.region, from: instanceId, to,
    ...(b?.policy ? { resourcePolicy: b.policy, resourceAccount: b.owner } : {}),
  });
  if (!r.ok) return undefined;
  const vpce = r.trace.context?.keys['aws:SourceVpce'];
  return vpce !== undefined ? { trace: r.trace, vpce, question: `${instanceId} -> ${to}` } : undefined;
}

export const vpce002: Rule = {
  info: {
    id: 'VPCE002', name: 'SourceIpThroughEndpoint', severity: 'error',
    title: 'A policy tests aws:SourceIp for requests that arrive through a VPC endpoint',
    description: 'Requests through a VPC endpoint carry aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp, and no aws:SourceIp. An Allow conditioned on aws:SourceIp never matches them, and a Deny with NotIpAddress on aws:SourceIp always does.',
    help: 'Test aws:VpcSourceIp (the private address), aws:SourceVpc or aws:SourceVpce for traffic that comes through endpoints; keep aws:SourceIp for public addresses only.',
    helpUri: HELP_URI,
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const b of ctx.buckets) {
      if (!b.policy) continue;
      const statements = statementsTesting(b.policy, 'aws:SourceIp');
      if (statements.length === 0) continue;
      // The owner's own instances first, then other accounts' (the policy may let them in too).
      const order = [...ctx.partitions].filter((p) => p.region === b.region).sort((x, y) => Number(y.account === b.owner) - Number(x.account === b.owner));
      for (const p of order) {
        const hit = runningInstances(p).map((i) => ({ i, r: throughEndpoint(ctx, p, i.id, `s3://${b.name}`, b) })).find((x) => x.r !== undefined);
        if (!hit?.r) continue;
        out.push({
          ruleId: 'VPCE002', severity: 'error',
          message: `The policy of bucket ${b.name} tests aws:SourceIp (statement ${statements.join(', ')}), but ${hit.i.id} reaches the bucket through ${hit.r.vpce}, so its requests carry aws:VpcSourceIp ${hit.r.trace.context?.keys['aws:VpcSourceIp'] ?? ''} and no aws:SourceIp: the condition can never match them.`,
          resources: [ref({ account: b.owner, region: b.region }, 'bucket', b.name), ref(p, 'vpcEndpoint', hit.r.vpce), ref(p, 'instance', hit.i.id)],
          proof: [{ kind: 'trace', question: hit.r.question, trace: hit.r.trace }],
        });
        break;
      }
    }
    for (const p of ctx.partitions) {
      for (const ep of p.vpcEndpoints.values()) {
        if (!ep.policyDocument) continue;
        const statements = statementsTesting(ep.policyDocument, 'aws:SourceIp');
        if (statements.length === 0) continue;
        const service = gatewayServiceOf(ep.serviceName, ep.serviceRegion);
        const tables = new Set(ep.routeTableIds);
        const clients = runningInstances(p).filter((i) => i.vpcId === ep.vpcId && (ep.endpointType !== 'Gateway' || tables.has(p.subnetRouteTable.get(i.subnetId) ?? '')));
        const bucket = ctx.buckets.find((x) => x.region === ep.serviceRegion);
        const to = service === 'dynamodb' ? 'dynamodb://any-table' : `s3://${bucket?.name ?? 'any-bucket'}`;
        const hit = service ? clients.map((i) => throughEndpoint(ctx, p, i.id, to)).find((r) => r?.vpce === ep.id) : undefined;
        const users = ep.endpointType === 'Gateway' ? [...tables].flatMap((t) => subnetsUsing(p, t)) : [...ep.subnetIds];
        out.push({
          ruleId: 'VPCE002', severity: 'error',
          message: `The endpoint policy of ${ep.id} tests aws:SourceIp (statement ${statements.join(', ')}); every request it sees comes through the endpoint and carries no aws:SourceIp, so the condition never matches.`,
          resources: [ref(p, 'vpcEndpoint', ep.id), ...users.map((s) => ref(p, 'subnet', s))],
          proof: hit ? [{ kind: 'trace', question: hit.question, trace: hit.trace }] : [{ kind: 'config', facts: [`${ep.id} is a ${ep.endpointType} endpoint: requests through it carry aws:SourceVpce=${ep.id} and no aws:SourceIp`] }],
        });
      }
    }
    return out;
  },
};
