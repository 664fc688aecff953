/** @module VPCE013: an endpoint service that accepts connections automatically from any AWS principal. */
import { compileDocument, evaluate } from '../../iam/index.js';
import { ref } from '../facts.js';
import type { Finding, Rule } from '../types.js';

/** A stranger: an account that is not the provider's. */
const STRANGER = '999999999999';

export const vpce013: Rule = {
  info: {
    id: 'VPCE013', name: 'OpenEndpointService', severity: 'error',
    title: 'An endpoint service with AcceptanceRequired=false allows all principals (*)',
    description: 'An endpoint service\'s allowed principals decide who may create an endpoint to it, and acceptance decides whether the provider must approve each connection. With `*` allowed and acceptance off, any AWS account that learns the service name connects to the load balancer behind it at once.',
    help: 'Replace `*` with the consumer accounts, roles or organization, or turn acceptance required on (`aws ec2 modify-vpc-endpoint-service-configuration --acceptance-required`).',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/configure-endpoint-service.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      for (const svc of p.endpointServices.values()) {
        if (svc.acceptanceRequired || !svc.allowedPrincipals.some((x) => x.principal === '*')) continue;
        if (svc.state === 'Deleted' || svc.state === 'Deleting') continue;
        // The permissions as the resource policy they amount to, evaluated by the policy engine for a stranger.
        const arn = `arn:aws:ec2:${p.region}:${p.account}:vpc-endpoint-service/${svc.id}`;
        const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'AllowedPrincipals', Effect: 'Allow', Principal: { AWS: svc.allowedPrincipals.map((x) => x.principal) }, Action: 'ec2:CreateVpcEndpoint', Resource: arn }] });
        const compiled = compileDocument(JSON.parse(policy) as unknown, 'resource');
        const stranger = `arn:aws:iam::${STRANGER}:root`;
        const decision = compiled.ok
          ? evaluate({ principal: { arn: stranger, account: STRANGER, type: 'Account' }, action: 'ec2:CreateVpcEndpoint', resource: arn, resourceAccount: p.account, context: {}, viaEndpoint: null }, { identity: [], resource: [{ account: p.account, policy: compiled.compiled }] })
          : undefined;
        out.push({
          ruleId: 'VPCE013', severity: 'error',
          message: `Endpoint service ${svc.id} (${svc.serviceName}) allows principal * and accepts connections without approval: any AWS account can connect to ${svc.networkLoadBalancerArns.join(', ') || 'its load balancers'}.`,
          resources: [ref(p, 'vpcEndpointService', svc.id)],
          proof: decision
            ? [{ kind: 'policy', question: `may ${stranger} connect (allowed principals as a resource policy; acceptanceRequired=false)`, decision, context: {}, policy }]
            : [{ kind: 'config', facts: ['allowedPrincipals: *', 'acceptanceRequired: false'] }],
        });
      }
    }
    return out;
  },
};
