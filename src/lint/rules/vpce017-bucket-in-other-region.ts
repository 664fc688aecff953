/** @module VPCE017: a bucket of the account is in another Region than a VPC whose S3 traffic goes through a gateway endpoint: the endpoint does not serve it. */
import { traceFlow } from '../../engine/tracer.js';
import { passed, ref, subnetsUsing } from '../facts.js';
import type { Finding, Rule } from '../types.js';

export const vpce017: Rule = {
  info: {
    id: 'VPCE017', name: 'BucketInOtherRegion', severity: 'warning',
    title: 'A bucket in another Region is not served by the VPC\'s S3 gateway endpoint',
    description: 'A gateway endpoint carries requests only to S3 in its own Region. Requests from the same subnets to a bucket in another Region take the route table\'s other routes: through a NAT or internet gateway (paying its charges, without aws:SourceVpce), or nowhere when the subnet is private with no such route.',
    help: 'Reach the bucket from its own Region, replicate it into this one, or use an S3 interface endpoint in the bucket\'s Region reached over a peering connection; a NAT gateway route reaches it over the internet.',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      for (const ep of [...p.vpcEndpoints.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        if (ep.endpointType !== 'Gateway' || ep.serviceName !== `com.amazonaws.${p.region}.s3` || ep.state !== 'available') continue;
        const subnet = ep.routeTableIds.flatMap((t) => subnetsUsing(p, t))[0];
        if (subnet === undefined) continue;
        for (const b of ctx.buckets) {
          if (b.owner !== p.account || b.region === p.region) continue;
          // The request the subnet's instances would send: to the bucket's own Regional name.
          const name = `${b.name}.s3.${b.region}.amazonaws.com`;
          const trace = traceFlow(ctx.view, { account: p.account, region: p.region, source: subnet, destinationName: name, protocol: 'tcp', port: 443, service: { service: 's3', region: b.region } });
          const d = trace.disposition;
          if (d.kind === 'delivered' && d.to.type === 'awsService' && d.to.vpcEndpointId === ep.id) continue;
          const nat = passed(trace.steps, 'natGateway');
          const how = d.kind !== 'delivered'
            ? `cannot reach it at all (${d.kind})`
            : nat ? `reach it through NAT gateway ${nat.resourceId}, not the endpoint (NAT data processing per GB, no aws:SourceVpce)`
              : `reach it outside the endpoint (${d.to.type})`;
          out.push({
            ruleId: 'VPCE017', severity: 'warning',
            message: `Bucket ${b.name} is in ${b.region}; ${ep.id} serves S3 in ${p.region} only, so ${subnet} (and the other subnets on ${ep.routeTableIds.join(', ')}) ${how}.`,
            resources: [ref(p, 'vpcEndpoint', ep.id), ref({ account: b.owner, region: b.region }, 'bucket', b.name), ref(p, 'subnet', subnet)],
            proof: [{ kind: 'trace', question: `${subnet} -> ${name}:443/tcp`, trace }],
            data: { bucketRegion: b.region, endpointRegion: p.region, outcome: d.kind },
          });
        }
      }
    }
    return out;
  },
};
