/** @module VPCE008: private DNS on an interface endpoint in a VPC without DNS support or DNS hostnames. */
import { resolveHostname } from '../../engine/dns.js';
import { ref } from '../facts.js';
import type { Finding, Proof, Rule } from '../types.js';

export const vpce008: Rule = {
  info: {
    id: 'VPCE008', name: 'PrivateDnsWithoutVpcDns', severity: 'error',
    title: 'Private DNS on an interface endpoint in a VPC without DNS support or DNS hostnames',
    description: 'An interface endpoint\'s private DNS is a private hosted zone the Amazon-provided resolver answers; it needs both enableDnsSupport and enableDnsHostnames on the VPC. Without DNS support nothing resolves; without hostnames the private hosted zone is not used, and clients that call the service\'s default name go to its public addresses (a NAT or internet gateway), or nowhere.',
    help: 'Turn on enableDnsSupport and enableDnsHostnames (`aws ec2 modify-vpc-attribute`), or turn private DNS off and use the endpoint\'s own DNS names.',
    helpUri: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      for (const ep of p.vpcEndpoints.values()) {
        if (ep.endpointType !== 'Interface' || !ep.privateDnsEnabled || ep.privateDnsName === undefined) continue;
        const vpc = p.vpcs.get(ep.vpcId);
        if (!vpc || (vpc.enableDnsSupport && vpc.enableDnsHostnames)) continue;
        const name = ep.privateDnsName.replace(/^\*\./, '');
        const missing = [vpc.enableDnsSupport ? '' : 'enableDnsSupport', vpc.enableDnsHostnames ? '' : 'enableDnsHostnames'].filter((x) => x !== '');
        // Without DNS support the resolver itself proves it: the name does not resolve in the VPC. The engine's
        // resolver does not model enableDnsHostnames for private hosted zones, so that case carries the attributes.
        const proof: Proof = vpc.enableDnsSupport
          ? { kind: 'config', facts: [`${ep.vpcId} enableDnsSupport=${String(vpc.enableDnsSupport)}`, `${ep.vpcId} enableDnsHostnames=${String(vpc.enableDnsHostnames)}`, `${ep.id} privateDnsEnabled=true (${ep.privateDnsName})`] }
          : { kind: 'dns', question: `${name} asked in ${ep.vpcId}`, answer: resolveHostname(ctx.view, p.account, p.region, ep.vpcId, name) };
        out.push({
          ruleId: 'VPCE008', severity: 'error',
          message: `${ep.id} has private DNS (${ep.privateDnsName}) but ${ep.vpcId} has ${missing.join(' and ')} off: clients in the VPC do not get the endpoint's addresses for ${name}.`,
          resources: [ref(p, 'vpcEndpoint', ep.id), ref(p, 'vpc', ep.vpcId)],
          proof: [proof],
        });
      }
    }
    return out;
  },
};
