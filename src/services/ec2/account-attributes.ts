/** @module DescribeAccountAttributes: the account's platform, default VPC and the quotas EC2 reports there. */
import type { WAccountAttribute } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';

/**
 * AWS (DescribeAccountAttributes): `supported-platforms` is `VPC` for every account since EC2-Classic retired;
 * `default-vpc` is the default VPC's id or `none`; the quotas are the documented defaults (5 Elastic IPs, 5
 * security groups per network interface).
 */
export const accountAttributeHandlers: HandlerTable = {
  DescribeAccountAttributes(ctx, input) {
    let defaultVpc = 'none';
    for (const v of ctx.read().list('vpc')) if (v.isDefault) { defaultVpc = v.id; break; }
    const all: [string, string[]][] = [
      ['supported-platforms', ['VPC']],
      ['vpc-max-security-groups-per-interface', ['5']],
      ['max-elastic-ips', ['5']],
      ['max-instances', ['20']],
      ['vpc-max-elastic-ips', ['5']],
      ['default-vpc', [defaultVpc]],
    ];
    const wanted = input.AttributeNames && input.AttributeNames.length > 0 ? new Set(input.AttributeNames) : undefined;
    const out: WAccountAttribute[] = all
      .filter(([name]) => !wanted || wanted.has(name))
      .map(([name, values]) => ({ AttributeName: name, AttributeValues: values.map((v) => ({ AttributeValue: v })) }));
    return { AccountAttributes: out };
  },
};
