/** @module VPCE015: a bucket policy requires a gateway endpoint of another Region: gateway endpoints reach the buckets of their own Region only. */
import { ref, statementsTesting, subnetsUsing } from '../facts.js';
import { traceFlow } from '../../engine/tracer.js';
import type { Finding, Rule } from '../types.js';

export const vpce015: Rule = {
  info: {
    id: 'VPCE015', name: 'GatewayEndpointInOtherRegion', severity: 'error',
    title: 'A bucket policy requires a gateway endpoint in another Region',
    description: 'A gateway endpoint carries traffic only to the S3 of its own Region. A bucket in another Region is reached (if at all) through a NAT or internet gateway, so its requests never carry that endpoint\'s aws:SourceVpce, and a policy requiring it denies them.',
    help: 'Create the gateway endpoint in the bucket\'s Region (or use an interface endpoint reached across a peering connection), and name that endpoint in the policy.',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const b of ctx.buckets) {
      if (!b.policy || statementsTesting(b.policy, 'aws:SourceVpce').length === 0) continue;
      const named = new Set(b.policy.match(/vpce-[0-9a-f]{8,17}\b/g) ?? []);
      for (const p of ctx.partitions) {
        if (p.region === b.region) continue;
        for (const id of [...named].sort()) {
          const ep = p.vpcEndpoints.get(id);
          if (!ep || ep.endpointType !== 'Gateway' || ep.serviceName !== `com.amazonaws.${p.region}.s3`) continue;
          const subnet = ep.routeTableIds.flatMap((t) => subnetsUsing(p, t))[0];
          const name = `${b.name}.s3.${b.region}.amazonaws.com`;
          const trace = subnet !== undefined ? traceFlow(ctx.view, { account: p.account, region: p.region, source: subnet, destinationName: name, protocol: 'tcp', port: 443 }) : undefined;
          const d = trace?.disposition;
          if (d && d.kind === 'delivered' && d.to.type === 'awsService' && d.to.vpcEndpointId === ep.id) continue;
          out.push({
            ruleId: 'VPCE015', severity: 'error',
            message: `The policy of bucket ${b.name} (${b.region}) requires ${ep.id}, a gateway endpoint in ${p.region}: it carries no traffic to S3 in ${b.region}, so requests to the bucket never come through it.`,
            resources: [ref({ account: b.owner, region: b.region }, 'bucket', b.name), ref(p, 'vpcEndpoint', ep.id)],
            proof: trace
              ? [{ kind: 'trace', question: `${subnet ?? ''} -> ${name}:443/tcp`, trace }]
              : [{ kind: 'config', facts: [`${ep.id} is in ${p.region}; ${b.name} is in ${b.region}`] }],
          });
        }
      }
    }
    return out;
  },
};
