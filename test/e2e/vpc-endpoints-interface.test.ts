/** @module Interface VPC endpoints and the service catalog through @aws-sdk/client-ec2: ENIs, zones, DNS, life cycle. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, DeleteNetworkInterfaceCommand,
  DeleteSubnetCommand, DeleteVpcEndpointsCommand, DescribeAvailabilityZonesCommand, DescribeNetworkInterfacesCommand,
  DescribeVpcEndpointServicesCommand, DescribeVpcEndpointsCommand, ModifyVpcAttributeCommand, ModifyVpcEndpointCommand,
  type EC2Client, type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { registerCustomServiceSource, type CustomService } from '../../src/model/service-catalog.js';
import { setEndpointConnectionState } from '../../src/model/vpc-endpoint.js';

let h: Harness;
let ec2: EC2Client;
const ACCOUNT = '444444444444';
const REGION = 'us-east-1';
const SQS = 'com.amazonaws.us-east-1.sqs';
const S3 = 'com.amazonaws.us-east-1.s3';
let zones: { name: string; id: string }[] = [];
before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT, REGION);
  const az = await ec2.send(new DescribeAvailabilityZonesCommand({}));
  zones = az.AvailabilityZones!.map((z) => ({ name: z.ZoneName!, id: z.ZoneId! }));
});
after(async () => { await h.close(); });

let nextCidr = 0;
/** A VPC with DNS hostnames on (private DNS needs it) unless `dns` is false, and one /24 subnet per zone asked for. */
async function network(zoneIndexes: number[], dns = true): Promise<{ vpcId: string; subnets: string[] }> {
  const n = nextCidr++;
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${n}.0.0/16` }))).Vpc!.VpcId!;
  if (dns) await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const subnets: string[] = [];
  for (const [i, z] of zoneIndexes.entries()) {
    subnets.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${n}.${i}.0/24`, AvailabilityZone: zones[z]!.name }))).Subnet!.SubnetId!);
  }
  return { vpcId, subnets };
}
async function iface(vpcId: string, subnets: string[], extra: Record<string, unknown> = {}): Promise<VpcEndpoint> {
  return (await ec2.send(new CreateVpcEndpointCommand({ VpcEndpointType: 'Interface', VpcId: vpcId, ServiceName: SQS, SubnetIds: subnets, ...extra }))).VpcEndpoint!;
}
async function endpoint(id: string): Promise<VpcEndpoint> {
  return (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0]!;
}

describe('CreateVpcEndpoint (Interface)', () => {
  it('makes one requester-managed ENI per subnet, uses the default security group, and publishes regional, zonal and private DNS names (AWS: "DNS names for interface endpoints")', async () => {
    const { vpcId, subnets } = await network([0, 1]);
    const ep = await iface(vpcId, subnets);
    const id = ep.VpcEndpointId!;
    assert.equal(ep.VpcEndpointType, 'Interface');
    assert.equal(ep.State, 'available');
    assert.equal(ep.PrivateDnsEnabled, true, 'AWS: PrivateDnsEnabled defaults to true for AWS services');
    assert.deepEqual(ep.SubnetIds, subnets);
    assert.equal(ep.NetworkInterfaceIds!.length, 2);
    assert.equal(ep.Groups!.length, 1);
    assert.equal(ep.Groups![0]!.GroupName, 'default');
    assert.deepEqual(ep.DnsOptions, { DnsRecordIpType: 'ipv4' });
    const names = ep.DnsEntries!.map((d) => d.DnsName!);
    const rand = new RegExp(`^${id}-[0-9a-f]{8}`);
    assert.match(names[0]!, new RegExp(`^${id}-[0-9a-f]{8}\\.sqs\\.us-east-1\\.vpce\\.amazonaws\\.com$`));
    assert.equal(names[1], names[0]!.replace('.sqs.', `-${zones[0]!.name}.sqs.`));
    assert.equal(names[2], names[0]!.replace('.sqs.', `-${zones[1]!.name}.sqs.`));
    assert.equal(names[3], 'sqs.us-east-1.amazonaws.com');
    assert.ok(names.slice(0, 3).every((n) => rand.test(n)));
    assert.equal(ep.DnsEntries![0]!.HostedZoneId, 'Z7HUB22UULQXV');
    const enis = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ep.NetworkInterfaceIds }))).NetworkInterfaces!;
    for (const [i, eni] of enis.entries()) {
      assert.equal(eni.InterfaceType, 'vpc_endpoint');
      assert.equal(eni.RequesterManaged, true);
      assert.equal(eni.Description, `VPC Endpoint Interface ${id}`);
      assert.equal(eni.SubnetId, subnets[i]);
      assert.match(eni.PrivateIpAddress!, new RegExp(`^10\\.${nextCidr - 1}\\.${i}\\.\\d+$`));
      assert.deepEqual(eni.Groups!.map((g) => g.GroupId), ep.Groups!.map((g) => g.GroupId));
    }
    // AWS: users cannot delete an endpoint's ENI, and a subnet holding one cannot be deleted.
    await rejectsWith(ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: ep.NetworkInterfaceIds![0] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DeleteSubnetCommand({ SubnetId: subnets[0] })), 'DependencyViolation');
    await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id] }));
    const left = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    assert.deepEqual(left.NetworkInterfaces, []);
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnets[0] }));
  });

  it('allows one subnet per Availability Zone (AWS: DuplicateSubnetsInSameZone)', async () => {
    const { vpcId, subnets } = await network([0, 0]);
    const err = await rejectsWith(iface(vpcId, subnets), 'DuplicateSubnetsInSameZone');
    assert.equal(err.message, `Found another VPC endpoint subnet in the availability zone of ${subnets[1]}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.`);
  });

  it('refuses a subnet in a zone the service does not support, comparing zone IDs (AWS: "does not support the availability zone of the subnet")', async () => {
    const athena = 'com.amazonaws.us-east-1.athena';
    const d = await ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [athena] }));
    const supported = new Set(d.ServiceDetails![0]!.AvailabilityZoneIds);
    assert.equal(supported.size, zones.length - 1);
    const missing = zones.findIndex((z) => !supported.has(z.id));
    const ok = zones.findIndex((z) => supported.has(z.id));
    const { vpcId, subnets } = await network([missing, ok]);
    const err = await rejectsWith(iface(vpcId, subnets, { ServiceName: athena }), 'InvalidParameter');
    assert.equal(err.message, `The VPC endpoint service ${athena} does not support the availability zone of the subnet: ${subnets[0]}.`);
    const made = await iface(vpcId, [subnets[1]!], { ServiceName: athena });
    assert.equal(made.NetworkInterfaceIds!.length, 1);
  });

  it('requires enableDnsSupport and enableDnsHostnames for private DNS (AWS: InvalidParameter) and allows it off', async () => {
    const { vpcId, subnets } = await network([0], false);
    const err = await rejectsWith(iface(vpcId, subnets), 'InvalidParameter');
    assert.equal(err.message, `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpcId}`);
    const off = await iface(vpcId, subnets, { PrivateDnsEnabled: false });
    assert.equal(off.PrivateDnsEnabled, false);
    assert.equal(off.DnsEntries!.length, 2, 'regional and zonal names, no private name');
  });

  it('allows one private-DNS endpoint per service per VPC (AWS: "conflicting DNS domain")', async () => {
    const { vpcId, subnets } = await network([0]);
    await iface(vpcId, subnets);
    const err = await rejectsWith(iface(vpcId, subnets), 'InvalidParameter');
    assert.equal(err.message, `private-dns-enabled cannot be set because there is already a conflicting DNS domain for sqs.us-east-1.amazonaws.com in the VPC ${vpcId}`);
    const second = await iface(vpcId, subnets, { PrivateDnsEnabled: false });
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: second.VpcEndpointId, PrivateDnsEnabled: true })), 'InvalidParameter');
  });

  it('checks security groups: given ones must exist in the VPC (AWS: SecurityGroupIds)', async () => {
    const { vpcId, subnets } = await network([0]);
    const other = await network([1]);
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'ep', Description: 'endpoint' }))).GroupId!;
    const foreign = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: other.vpcId, GroupName: 'ep', Description: 'endpoint' }))).GroupId!;
    await rejectsWith(iface(vpcId, subnets, { SecurityGroupIds: ['sg-0123456789abcdef0'] }), 'InvalidGroup.NotFound');
    await rejectsWith(iface(vpcId, subnets, { SecurityGroupIds: [foreign] }), 'InvalidParameter');
    const ep = await iface(vpcId, subnets, { SecurityGroupIds: [sg], PrivateDnsEnabled: false });
    assert.deepEqual(ep.Groups!.map((g) => [g.GroupId, g.GroupName]), [[sg, 'ep']]);
    await rejectsWith(iface(vpcId, ['subnet-0123456789abcdef0']), 'InvalidSubnetID.NotFound');
    await rejectsWith(iface(vpcId, other.subnets), 'InvalidParameter');
  });

  it('checks DnsOptions and IpAddressType (AWS: PrivateDnsOnlyForInboundResolverEndpoint needs a gateway endpoint for the service)', async () => {
    const { vpcId, subnets } = await network([0]);
    const err = await rejectsWith(iface(vpcId, subnets, { ServiceName: S3, PrivateDnsEnabled: true, DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: true } }), 'InvalidParameter');
    assert.equal(err.message, `To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC ${vpcId} must have a Gateway endpoint for the service.`);
    await rejectsWith(iface(vpcId, subnets, { DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: true } }), 'InvalidParameter');
    await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3 }));
    const ep = await iface(vpcId, subnets, { ServiceName: S3, PrivateDnsEnabled: true, DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: true } });
    assert.deepEqual(ep.DnsOptions, { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: true });
    assert.ok(ep.DnsEntries![0]!.DnsName!.startsWith(`*.${ep.VpcEndpointId}-`), 'S3 interface names are wildcards');
    assert.ok(ep.DnsEntries!.some((d) => d.DnsName === '*.s3.us-east-1.amazonaws.com'));
    await rejectsWith(iface(vpcId, subnets, { IpAddressType: 'dualstack', PrivateDnsEnabled: false }), 'InvalidParameter');
    await rejectsWith(iface(vpcId, subnets, { IpAddressType: 'ipv6', ServiceName: S3 }), 'InvalidParameter');
    await rejectsWith(iface(vpcId, subnets, { PrivateDnsEnabled: false, DnsOptions: { DnsRecordIpType: 'ipv6' } }), 'InvalidParameter');
    await rejectsWith(iface(vpcId, subnets, { PrivateDnsEnabled: false, IpAddressType: 'bogus' as never }), 'InvalidParameterValue');
  });
});

describe('ModifyVpcEndpoint (Interface)', () => {
  it('adds and removes subnets (ENIs follow) and security groups, toggles private DNS', async () => {
    const { vpcId, subnets } = await network([0, 1, 2]);
    const ep = await iface(vpcId, [subnets[0]!, subnets[1]!]);
    const id = ep.VpcEndpointId!;
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'extra', Description: 'x' }))).GroupId!;
    const defaultSg = ep.Groups![0]!.GroupId!;
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddSubnetIds: [subnets[2]!], RemoveSubnetIds: [subnets[0]!], AddSecurityGroupIds: [sg], RemoveSecurityGroupIds: [defaultSg], PrivateDnsEnabled: false }));
    const now = await endpoint(id);
    assert.deepEqual(now.SubnetIds, [subnets[1], subnets[2]]);
    assert.equal(now.PrivateDnsEnabled, false);
    assert.deepEqual(now.Groups!.map((g) => g.GroupId), [sg]);
    const enis = (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).NetworkInterfaces!;
    assert.deepEqual(enis.map((e) => e.SubnetId).sort(), [subnets[1], subnets[2]].sort());
    assert.ok(enis.every((e) => e.Groups!.length === 1 && e.Groups![0]!.GroupId === sg));
    assert.deepEqual(now.NetworkInterfaceIds!.slice().sort(), enis.map((e) => e.NetworkInterfaceId).sort());
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, RemoveSecurityGroupIds: [sg] })), 'InvalidParameter');
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddRouteTableIds: ['rtb-0123456789abcdef0'] })), 'InvalidParameter');
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, PrivateDnsEnabled: true }));
    assert.equal((await endpoint(id)).PrivateDnsEnabled, true);
  });

  it('refuses a second subnet in a zone on modify (AWS: DuplicateSubnetsInSameZone)', async () => {
    const { vpcId, subnets } = await network([0, 0]);
    const ep = await iface(vpcId, [subnets[0]!], { PrivateDnsEnabled: false });
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: ep.VpcEndpointId, AddSubnetIds: [subnets[1]!] })), 'DuplicateSubnetsInSameZone');
  });
});

describe('life cycle with a settle delay (AWS: "Interface endpoint lifecycle")', () => {
  it('reads pending then available, deleting then gone; refuses to modify a deleting endpoint (IncorrectState)', async () => {
    const { vpcId, subnets } = await network([0]);
    h.world.settings.endpointSettleMs = 400;
    try {
      const ep = await iface(vpcId, subnets);
      assert.equal(ep.State, 'pending');
      const pending = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'vpc-endpoint-state', Values: ['pending'] }] }));
      assert.equal(pending.VpcEndpoints!.length, 1);
      await new Promise((r) => setTimeout(r, 450));
      assert.equal((await endpoint(ep.VpcEndpointId!)).State, 'available');
      await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [ep.VpcEndpointId!] }));
      const deleting = await endpoint(ep.VpcEndpointId!);
      assert.equal(deleting.State, 'deleting');
      assert.deepEqual(deleting.NetworkInterfaceIds, []);
      await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: ep.VpcEndpointId, PrivateDnsEnabled: false })), 'IncorrectState');
      // AWS: the private DNS domain stays taken while the old endpoint is deleting.
      await rejectsWith(iface(vpcId, subnets), 'InvalidParameter');
      await new Promise((r) => setTimeout(r, 450));
      await rejectsWith(ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ep.VpcEndpointId!] })), 'InvalidVpcEndpointId.NotFound');
      const again = await iface(vpcId, subnets);
      assert.equal(again.State, 'pending');
    } finally {
      h.world.settings.endpointSettleMs = 0;
    }
  });

  it('waits in pendingAcceptance for a custom service that requires acceptance, until the provider accepts (setEndpointConnectionState)', async () => {
    const { vpcId, subnets } = await network([0]);
    const zoneId = zones[0]!.id;
    const name = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';
    const custom: CustomService = {
      kind: 'custom', serviceName: name, serviceId: 'vpce-svc-0123456789abcdef0', region: REGION, type: 'Interface', zoneIds: [zoneId],
      baseEndpointDnsNames: ['vpce-svc-0123456789abcdef0.us-east-1.vpce.amazonaws.com'], policySupported: false, acceptanceRequired: true,
      managesVpcEndpoints: false, supportedIpAddressTypes: ['ipv4'], owner: '999999999999', tags: [], privateDnsVerified: false,
    };
    registerCustomServiceSource((_access, account, region) => (account === ACCOUNT && region === REGION ? [custom] : []));
    const listed = await ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [name] }));
    assert.deepEqual([listed.ServiceDetails![0]!.Owner, listed.ServiceDetails![0]!.AcceptanceRequired], ['999999999999', true]);
    const ep = await iface(vpcId, subnets, { ServiceName: name });
    assert.equal(ep.State, 'pendingAcceptance');
    assert.equal(ep.PrivateDnsEnabled, false);
    assert.equal(ep.PolicyDocument, undefined);
    assert.match(ep.DnsEntries![0]!.DnsName!, /\.vpce-svc-0123456789abcdef0\.us-east-1\.vpce\.amazonaws\.com$/);
    await rejectsWith(iface(vpcId, subnets, { ServiceName: name, PolicyDocument: '{"Statement":[]}' }), 'InvalidParameter');
    h.world.transact((tx) => setEndpointConnectionState(tx, ACCOUNT, REGION, ep.VpcEndpointId!, 'available'));
    assert.equal((await endpoint(ep.VpcEndpointId!)).State, 'available');
    h.world.transact((tx) => setEndpointConnectionState(tx, ACCOUNT, REGION, ep.VpcEndpointId!, 'rejected'));
    assert.equal((await endpoint(ep.VpcEndpointId!)).State, 'rejected');
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: ep.VpcEndpointId, AddSecurityGroupIds: [ep.Groups![0]!.GroupId!] })), 'IncorrectState');
    // Another account does not see the service.
    const other = h.ec2('555555555555', REGION);
    await rejectsWith(other.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [name] })), 'InvalidServiceName');
  });
});

describe('DescribeVpcEndpointServices', () => {
  it('lists S3 and DynamoDB as Gateway and Interface, the interface services, with AWS fields, filters and paging', async () => {
    const all = await ec2.send(new DescribeVpcEndpointServicesCommand({}));
    const names = all.ServiceNames!;
    for (const s of ['s3', 'dynamodb', 'ec2', 'sts', 'sqs', 'sns', 'logs', 'monitoring', 'kms', 'secretsmanager', 'ssm', 'ssmmessages', 'ec2messages', 'ecr.api', 'ecr.dkr', 'execute-api', 'lambda', 'elasticloadbalancing', 'athena', 'cloudtrail']) {
      assert.ok(names.includes(`com.amazonaws.us-east-1.${s}`), s);
    }
    const s3 = all.ServiceDetails!.filter((d) => d.ServiceName === S3);
    assert.deepEqual(s3.map((d) => d.ServiceType![0]!.ServiceType), ['Gateway', 'Interface']);
    assert.equal(s3[0]!.PrivateDnsName, undefined, 'gateway services have no private DNS name');
    assert.deepEqual(s3[0]!.BaseEndpointDnsNames, ['s3.us-east-1.amazonaws.com']);
    assert.equal(s3[1]!.PrivateDnsName, '*.s3.us-east-1.amazonaws.com');
    const sqs = all.ServiceDetails!.find((d) => d.ServiceName === SQS)!;
    assert.deepEqual({
      owner: sqs.Owner, dns: sqs.PrivateDnsName, base: sqs.BaseEndpointDnsNames, policy: sqs.VpcEndpointPolicySupported,
      acceptance: sqs.AcceptanceRequired, manages: sqs.ManagesVpcEndpoints, ip: sqs.SupportedIpAddressTypes, region: sqs.ServiceRegion,
    }, {
      owner: 'amazon', dns: 'sqs.us-east-1.amazonaws.com', base: ['sqs.us-east-1.vpce.amazonaws.com'], policy: true,
      acceptance: false, manages: false, ip: ['ipv4'], region: 'us-east-1',
    });
    assert.match(sqs.ServiceId!, /^vpce-svc-[0-9a-f]{17}$/);
    assert.deepEqual(sqs.AvailabilityZones, zones.map((z) => z.name).sort());
    const ecr = all.ServiceDetails!.find((d) => d.ServiceName === 'com.amazonaws.us-east-1.ecr.api')!;
    assert.equal(ecr.PrivateDnsName, 'api.ecr.us-east-1.amazonaws.com');
    const gateways = await ec2.send(new DescribeVpcEndpointServicesCommand({ Filters: [{ Name: 'service-type', Values: ['Gateway'] }] }));
    assert.deepEqual(gateways.ServiceNames, ['com.amazonaws.us-east-1.dynamodb', S3]);
    const byName = await ec2.send(new DescribeVpcEndpointServicesCommand({ Filters: [{ Name: 'service-name', Values: ['*.ssm*'] }] }));
    assert.deepEqual(byName.ServiceNames, ['com.amazonaws.us-east-1.ssm', 'com.amazonaws.us-east-1.ssmmessages']);
    const owners = await ec2.send(new DescribeVpcEndpointServicesCommand({ Filters: [{ Name: 'owner', Values: ['amazon'] }, { Name: 'supported-ip-address-types', Values: ['ipv6'] }] }));
    assert.deepEqual(owners.ServiceNames, ['com.amazonaws.us-east-1.dynamodb', S3]);
    const page1 = await ec2.send(new DescribeVpcEndpointServicesCommand({ MaxResults: 5 }));
    assert.equal(page1.ServiceDetails!.length, 5);
    const page2 = await ec2.send(new DescribeVpcEndpointServicesCommand({ MaxResults: 5, NextToken: page1.NextToken }));
    assert.equal(page2.ServiceDetails![0]!.ServiceName, all.ServiceDetails![5]!.ServiceName);
    await rejectsWith(ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: ['com.amazonaws.us-east-1.nothing'] })), 'InvalidServiceName');
    const west = await h.ec2(ACCOUNT, 'us-west-2').send(new DescribeVpcEndpointServicesCommand({ ServiceNames: ['com.amazonaws.us-west-2.s3'] }));
    assert.equal(west.ServiceDetails!.length, 2);
    const cross = await ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceRegions: ['us-west-2'] }));
    assert.deepEqual(cross.ServiceDetails, []);
  });
});
