/**
 * @module Breadth of the endpoint and endpoint-service operations over the SDK: every input parameter is served or
 * refused (payer responsibility, IP address types, Regions, GWLB, subnet configurations, Resource/ServiceNetwork
 * parameters), and the outputs carry every field Terraform's aws_vpc_endpoint(_service) resources and data sources read.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, CreateVpcEndpointServiceConfigurationCommand,
  DeleteVpcEndpointsCommand, DeleteVpcEndpointServiceConfigurationsCommand, DescribeAvailabilityZonesCommand, DescribeNetworkInterfacesCommand, DescribeVpcEndpointConnectionsCommand,
  DescribeVpcEndpointServiceConfigurationsCommand, DescribeVpcEndpointServicePermissionsCommand, DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand, DescribeVpcsCommand, ModifyVpcAttributeCommand, ModifyVpcEndpointCommand, ModifyVpcEndpointServiceConfigurationCommand,
  ModifyVpcEndpointServicePayerResponsibilityCommand, ModifyVpcEndpointServicePermissionsCommand, type EC2Client,
  type PayerResponsibility,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { rejectsWith, startHarness, type Harness } from './harness.js';

const PROVIDER = '717171717171';
const CONSUMER = '727272727272';
const S3 = 'com.amazonaws.us-east-1.s3';

let h: Harness;
let prov: EC2Client;
let cons: EC2Client;
let nlbArn: string;
let serviceId: string;
let serviceName: string;
let vpcId: string;
let subnetA: string;
let subnetB: string;
let zoneNames: string[];

before(async () => {
  h = await startHarness();
  prov = h.ec2(PROVIDER);
  cons = h.ec2(CONSUMER);
  const pvpc = (await prov.send(new CreateVpcCommand({ CidrBlock: '10.80.0.0/16' }))).Vpc!.VpcId!;
  // One NLB subnet in every zone of the provider, so any consumer zone is covered (zone names differ per account).
  zoneNames = (await prov.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!.map((z) => z.ZoneName!).sort();
  const subnets: string[] = [];
  for (const [i, zone] of zoneNames.entries()) {
    subnets.push((await prov.send(new CreateSubnetCommand({ VpcId: pvpc, CidrBlock: `10.80.${i + 1}.0/24`, AvailabilityZone: zone }))).Subnet!.SubnetId!);
  }
  nlbArn = (await h.elbv2(PROVIDER).send(new CreateLoadBalancerCommand({ Name: 'breadth', Type: 'network', Scheme: 'internal', Subnets: subnets }))).LoadBalancers![0]!.LoadBalancerArn!;
  const svc = (await prov.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [nlbArn], AcceptanceRequired: false }))).ServiceConfiguration!;
  serviceId = svc.ServiceId!;
  serviceName = svc.ServiceName!;
  vpcId = (await cons.send(new CreateVpcCommand({ CidrBlock: '10.90.0.0/16' }))).Vpc!.VpcId!;
  await cons.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  subnetA = (await cons.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.90.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  subnetB = (await cons.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.90.2.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!.SubnetId!;
});
after(async () => { await h.close(); });

describe('endpoint service configurations: what Terraform reads, and every parameter served or refused', () => {
  it('DescribeVpcEndpointServiceConfigurations has every field aws_vpc_endpoint_service reads; no empty Tags', async () => {
    const c = (await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [serviceId] }))).ServiceConfigurations![0]!;
    assert.deepEqual(c.ServiceType, [{ ServiceType: 'Interface' }]);
    assert.equal(c.ServiceState, 'Available');
    assert.equal(c.AcceptanceRequired, false);
    assert.equal(c.ManagesVpcEndpoints, false);
    assert.equal(c.PayerResponsibility, 'ServiceOwner');
    assert.deepEqual(c.SupportedIpAddressTypes, ['ipv4']);
    assert.deepEqual(c.NetworkLoadBalancerArns, [nlbArn]);
    assert.deepEqual(c.BaseEndpointDnsNames, [`${serviceId}.us-east-1.vpce.amazonaws.com`]);
    assert.deepEqual(c.AvailabilityZones, zoneNames);
    assert.deepEqual(c.SupportedRegions, [{ Region: 'us-east-1', ServiceState: 'Available' }]);
    assert.equal(c.Tags, undefined);
  });
  it('DescribeVpcEndpointServicePermissions: PrincipalType and ServicePermissionId, no empty Tags', async () => {
    await prov.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: serviceId, AddAllowedPrincipals: [`arn:aws:iam::${CONSUMER}:root`] }));
    const p = (await prov.send(new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: serviceId }))).AllowedPrincipals!;
    assert.equal(p.length, 1);
    assert.equal(p[0]!.PrincipalType, 'Account');
    assert.match(p[0]!.ServicePermissionId!, /^vpce-svc-perm-[0-9a-f]{17}$/);
    assert.equal(p[0]!.ServiceId, serviceId);
    assert.equal(p[0]!.Tags, undefined);
  });
  it('ModifyVpcEndpointServicePayerResponsibility: ServiceOwner is served; other values InvalidParameterValue; unknown service NotFound', async () => {
    assert.equal((await prov.send(new ModifyVpcEndpointServicePayerResponsibilityCommand({ ServiceId: serviceId, PayerResponsibility: 'ServiceOwner' }))).ReturnValue, true);
    const detail = (await cons.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [serviceName] }))).ServiceDetails![0]!;
    assert.equal(detail.PayerResponsibility, 'ServiceOwner');
    // AWS (PayerResponsibility): "Valid Values: ServiceOwner"; it cannot be set back to the endpoint owner.
    await rejectsWith(prov.send(new ModifyVpcEndpointServicePayerResponsibilityCommand({ ServiceId: serviceId, PayerResponsibility: 'EndpointOwner' as PayerResponsibility })), 'InvalidParameterValue');
    await rejectsWith(prov.send(new ModifyVpcEndpointServicePayerResponsibilityCommand({ ServiceId: 'vpce-svc-0123456789abcdef0', PayerResponsibility: 'ServiceOwner' })), 'InvalidVpcEndpointServiceId.NotFound');
    await rejectsWith(cons.send(new ModifyVpcEndpointServicePayerResponsibilityCommand({ ServiceId: serviceId, PayerResponsibility: 'ServiceOwner' })), 'InvalidVpcEndpointServiceId.NotFound');
    await rejectsWith(prov.send(new ModifyVpcEndpointServicePayerResponsibilityCommand({ ServiceId: 'svc', PayerResponsibility: 'ServiceOwner' })), 'InvalidVpcEndpointServiceId.Malformed');
  });
  it('SupportedIpAddressTypes: ipv4 served; ipv6 needs dualstack load balancers (InvalidParameter); unknown types InvalidParameterValue', async () => {
    const ok = (await prov.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [nlbArn], SupportedIpAddressTypes: ['ipv4'] }))).ServiceConfiguration!;
    assert.deepEqual(ok.SupportedIpAddressTypes, ['ipv4']);
    await rejectsWith(prov.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [nlbArn], SupportedIpAddressTypes: ['ipv4', 'ipv6'] })), 'InvalidParameter');
    await rejectsWith(prov.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [nlbArn], SupportedIpAddressTypes: ['ipv5'] })), 'InvalidParameterValue');
    await rejectsWith(prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: ok.ServiceId, AddSupportedIpAddressTypes: ['ipv6'] })), 'InvalidParameter');
    // A service keeps at least one type.
    await rejectsWith(prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: ok.ServiceId, RemoveSupportedIpAddressTypes: ['ipv4'] })), 'InvalidParameter');
    await rejectsWith(prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: ok.ServiceId, AddSupportedIpAddressTypes: ['ip'] })), 'InvalidParameterValue');
    const f = (await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ Filters: [{ Name: 'supported-ip-address-types', Values: ['ipv6'] }] }))).ServiceConfigurations!;
    assert.deepEqual(f, []);
    await prov.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: [ok.ServiceId!] }));
  });
  it('SupportedIpAddressTypes ipv6 with a dualstack NLB is served: consumers see it; an IPv4-only NLB cannot then be added', async () => {
    // AWS: a dualstack load balancer needs subnets with IPv6 blocks.
    const pvpc = (await prov.send(new CreateVpcCommand({ CidrBlock: '10.81.0.0/16', AmazonProvidedIpv6CidrBlock: true }))).Vpc!;
    const block = (await prov.send(new DescribeVpcsCommand({ VpcIds: [pvpc.VpcId!] }))).Vpcs![0]!.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!;
    const sn = (await prov.send(new CreateSubnetCommand({
      VpcId: pvpc.VpcId!, CidrBlock: '10.81.1.0/24', AvailabilityZone: zoneNames[0]!, Ipv6CidrBlock: block.replace('/56', '/64'),
    }))).Subnet!.SubnetId!;
    const dual = (await h.elbv2(PROVIDER).send(new CreateLoadBalancerCommand({ Name: 'dual', Type: 'network', Scheme: 'internal', Subnets: [sn], IpAddressType: 'dualstack' }))).LoadBalancers![0]!.LoadBalancerArn!;
    const svc = (await prov.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [dual], SupportedIpAddressTypes: ['ipv4', 'ipv6'] }))).ServiceConfiguration!;
    assert.deepEqual(svc.SupportedIpAddressTypes, ['ipv4', 'ipv6']);
    const f = (await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ Filters: [{ Name: 'supported-ip-address-types', Values: ['ipv6'] }] }))).ServiceConfigurations!;
    assert.deepEqual(f.map((c) => c.ServiceId), [svc.ServiceId]);
    await prov.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: svc.ServiceId, AddAllowedPrincipals: [`arn:aws:iam::${CONSUMER}:root`] }));
    const seen = (await cons.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [svc.ServiceName!] }))).ServiceDetails![0]!;
    assert.deepEqual(seen.SupportedIpAddressTypes, ['ipv4', 'ipv6']);
    // AWS: a dualstack endpoint needs subnets with IPv6 CIDR blocks; these have none.
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: svc.ServiceName, SubnetIds: [subnetA], IpAddressType: 'dualstack' })), 'InvalidParameter');
    await rejectsWith(prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: svc.ServiceId, AddNetworkLoadBalancerArns: [nlbArn] })), 'InvalidParameter');
    await prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: svc.ServiceId, RemoveSupportedIpAddressTypes: ['ipv6'] }));
    const after = (await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [svc.ServiceId!] }))).ServiceConfigurations![0]!;
    assert.deepEqual(after.SupportedIpAddressTypes, ['ipv4']);
    await prov.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: [svc.ServiceId!] }));
  });
  it('SupportedRegions: the own Region is served; another Region (cross-Region PrivateLink) is refused with InvalidParameter', async () => {
    const own = (await prov.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [nlbArn], SupportedRegions: ['us-east-1'] }))).ServiceConfiguration!;
    assert.deepEqual(own.SupportedRegions, [{ Region: 'us-east-1', ServiceState: 'Available' }]);
    await rejectsWith(prov.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [nlbArn], SupportedRegions: ['us-west-2'] })), 'InvalidParameter');
    await rejectsWith(prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: own.ServiceId, AddSupportedRegions: ['eu-west-1'] })), 'InvalidParameter');
    await rejectsWith(prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: own.ServiceId, RemoveSupportedRegions: ['us-east-1'] })), 'InvalidParameter');
    assert.equal((await prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: own.ServiceId, AddSupportedRegions: ['us-east-1'] }))).Return, true);
    await prov.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: [own.ServiceId!] }));
  });
  it('Gateway Load Balancer ARNs are refused on Modify too (InvalidParameter: no GWLB here)', async () => {
    const gwlb = 'arn:aws:elasticloadbalancing:us-east-1:717171717171:loadbalancer/gwy/g/0123456789abcdef';
    await rejectsWith(prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: serviceId, AddGatewayLoadBalancerArns: [gwlb] })), 'InvalidParameter');
    await rejectsWith(prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: serviceId, RemoveGatewayLoadBalancerArns: [gwlb] })), 'InvalidParameter');
    await rejectsWith(prov.send(new CreateVpcEndpointServiceConfigurationCommand({ GatewayLoadBalancerArns: [gwlb] })), 'InvalidParameter');
  });
  it('DeleteVpcEndpointServiceConfigurations: an unknown id is an Unsuccessful item InvalidVpcEndpointService.NotFound (what Terraform treats as gone)', async () => {
    const out = await prov.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: ['vpce-svc-0123456789abcdef0'] }));
    assert.deepEqual(out.Unsuccessful!.map((u) => [u.ResourceId, u.Error!.Code, u.Error!.Message]), [
      ['vpce-svc-0123456789abcdef0', 'InvalidVpcEndpointService.NotFound', "The VpcEndpointService Id 'vpce-svc-0123456789abcdef0' does not exist"],
    ]);
    const bad = await prov.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: ['nope'] }));
    assert.deepEqual(bad.Unsuccessful!.map((u) => u.Error!.Code), ['InvalidVpcEndpointServiceId.Malformed']);
  });
});

describe('DescribeVpcEndpointServices', () => {
  it('AWS: ServiceNames lists each name once; ServiceDetails keeps one entry per endpoint type (S3: Gateway and Interface)', async () => {
    const out = await cons.send(new DescribeVpcEndpointServicesCommand({}));
    const names = out.ServiceNames!;
    assert.equal(new Set(names).size, names.length);
    assert.equal(names.filter((n) => n === S3).length, 1);
    const s3 = out.ServiceDetails!.filter((d) => d.ServiceName === S3).map((d) => d.ServiceType![0]!.ServiceType).sort();
    assert.deepEqual(s3, ['Gateway', 'Interface']);
    // The provider's own service, as Terraform reads it for aws_vpc_endpoint_service's data source.
    const own = (await prov.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [serviceName] }))).ServiceDetails!;
    assert.equal(own.length, 1);
    assert.equal(own[0]!.Owner, PROVIDER);
    assert.equal(own[0]!.PayerResponsibility, 'ServiceOwner');
    assert.deepEqual(own[0]!.SupportedIpAddressTypes, ['ipv4']);
    assert.equal(own[0]!.VpcEndpointPolicySupported, true);
  });
});

describe('CreateVpcEndpoint / ModifyVpcEndpoint parameters and the DescribeVpcEndpoints fields Terraform reads', () => {
  let endpointId: string;
  it('SubnetConfigurations choose the interface address (served); a configuration outside the subnets, or an IPv6 address, is InvalidParameter', async () => {
    const ep = (await cons.send(new CreateVpcEndpointCommand({
      VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: serviceName, SubnetIds: [subnetA],
      SubnetConfigurations: [{ SubnetId: subnetA, Ipv4: '10.90.1.50' }],
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 'breadth' }] }],
    }))).VpcEndpoint!;
    endpointId = ep.VpcEndpointId!;
    const eni = (await cons.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ep.NetworkInterfaceIds }))).NetworkInterfaces![0]!;
    assert.equal(eni.PrivateIpAddress, '10.90.1.50');
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sqs', SubnetIds: [subnetA], PrivateDnsEnabled: false, SubnetConfigurations: [{ SubnetId: subnetB, Ipv4: '10.90.2.9' }] })), 'InvalidParameter');
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sqs', SubnetIds: [subnetA], PrivateDnsEnabled: false, SubnetConfigurations: [{ SubnetId: subnetA, Ipv6: '2600::1' }] })), 'InvalidParameter');
    // Each configuration names its subnet; one subnet once.
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sqs', SubnetIds: [subnetA], PrivateDnsEnabled: false, SubnetConfigurations: [{ Ipv4: '10.90.1.9' }] })), 'MissingParameter');
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sqs', SubnetIds: [subnetA], PrivateDnsEnabled: false, SubnetConfigurations: [{ SubnetId: subnetA, Ipv4: '10.90.1.9' }, { SubnetId: subnetA, Ipv4: '10.90.1.10' }] })), 'InvalidParameter');
    // Subnets may be named by their configurations alone.
    const bySubnetConfig = (await cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sqs', PrivateDnsEnabled: false, SubnetConfigurations: [{ SubnetId: subnetA, Ipv4: '10.90.1.11' }] }))).VpcEndpoint!;
    assert.deepEqual(bySubnetConfig.SubnetIds, [subnetA]);
    await cons.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [bySubnetConfig.VpcEndpointId!] }));
    // An address outside the subnet is the subnet's own error.
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sqs', SubnetIds: [subnetA], PrivateDnsEnabled: false, SubnetConfigurations: [{ SubnetId: subnetA, Ipv4: '10.90.2.9' }] })), 'InvalidParameterValue');
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, SubnetConfigurations: [{ SubnetId: subnetA, Ipv4: '10.90.1.60' }] })), 'InvalidParameter');
  });
  it('ModifyVpcEndpoint SubnetConfigurations set the address of an added subnet; a kept subnet keeps its address', async () => {
    await cons.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, AddSubnetIds: [subnetB], SubnetConfigurations: [{ SubnetId: subnetA, Ipv4: '10.90.1.50' }, { SubnetId: subnetB, Ipv4: '10.90.2.77' }] }));
    const ep = (await cons.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }))).VpcEndpoints![0]!;
    const ips = (await cons.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ep.NetworkInterfaceIds }))).NetworkInterfaces!.map((n) => n.PrivateIpAddress).sort();
    assert.deepEqual(ips, ['10.90.1.50', '10.90.2.77']);
    await rejectsWith(cons.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, SubnetConfigurations: [{ SubnetId: subnetA, Ipv4: '10.90.1.51' }] })), 'InvalidParameter');
  });
  it('Resource and ServiceNetwork parameters are refused on the types vpce serves (InvalidParameter), never dropped', async () => {
    const base = { VpcId: vpcId, VpcEndpointType: 'Interface' as const, ServiceName: 'com.amazonaws.us-east-1.sqs', SubnetIds: [subnetA], PrivateDnsEnabled: false };
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ ...base, ServiceNetworkArn: `arn:aws:vpc-lattice:us-east-1:${CONSUMER}:servicenetwork/sn-0123456789abcdef0` })), 'InvalidParameter');
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ ...base, ResourceConfigurationArn: `arn:aws:vpc-lattice:us-east-1:${CONSUMER}:resourceconfiguration/rcfg-0123456789abcdef0` })), 'InvalidParameter');
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ ...base, DnsOptions: { PrivateDnsPreference: 'VERIFIED_DOMAINS_ONLY' } })), 'InvalidParameter');
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ ...base, DnsOptions: { PrivateDnsSpecifiedDomains: ['example.com'] } })), 'InvalidParameter');
    await rejectsWith(cons.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, DnsOptions: { PrivateDnsPreference: 'ALL_DOMAINS' } })), 'InvalidParameter');
    // AWS (VpcEndpointType): Resource and ServiceNetwork endpoints are not emulated.
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Resource', ServiceName: 'x' })), 'InvalidParameter');
  });
  it('IpAddressType: ipv4 served; dualstack/ipv6 refused (service without IPv6, or subnets without IPv6 blocks: InvalidParameter)', async () => {
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: serviceName, SubnetIds: [subnetA], IpAddressType: 'dualstack' })), 'InvalidParameter');
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: S3, SubnetIds: [subnetA], IpAddressType: 'dualstack' })), 'InvalidParameter');
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: S3, SubnetIds: [subnetA], IpAddressType: 'ipv6', DnsOptions: { DnsRecordIpType: 'ipv6' } })), 'InvalidParameter');
    await rejectsWith(cons.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, IpAddressType: 'dualstack' })), 'InvalidParameter');
  });
  it('DescribeVpcEndpoints has every field aws_vpc_endpoint reads', async () => {
    const ep = (await cons.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }))).VpcEndpoints![0]!;
    assert.equal(ep.VpcEndpointType, 'Interface');
    assert.equal(ep.IpAddressType, 'ipv4');
    assert.equal(ep.DnsOptions!.DnsRecordIpType, 'ipv4');
    assert.equal(ep.RequesterManaged, false);
    assert.equal(ep.OwnerId, CONSUMER);
    assert.equal(ep.State, 'available');
    assert.equal(ep.PrivateDnsEnabled, false);
    assert.equal(ep.NetworkInterfaceIds!.length, 2);
    assert.deepEqual([...ep.SubnetIds!].sort(), [subnetA, subnetB].sort());
    assert.equal(ep.Groups!.length, 1);
    assert.deepEqual(ep.RouteTableIds, []);
    assert.ok(ep.PolicyDocument);
    assert.ok(ep.CreationTimestamp instanceof Date);
    assert.ok(ep.DnsEntries!.length >= 3);
    assert.deepEqual(ep.Tags, [{ Key: 'Name', Value: 'breadth' }]);
  });
  it('a gateway endpoint is ipv4 only: dualstack or ipv6 refused on create and modify (InvalidParameter), ipv4 served', async () => {
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, VpcEndpointType: 'Gateway', IpAddressType: 'dualstack' })), 'InvalidParameter');
    const gw = (await cons.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, VpcEndpointType: 'Gateway', IpAddressType: 'ipv4' }))).VpcEndpoint!;
    assert.equal(gw.IpAddressType, 'ipv4');
    await rejectsWith(cons.send(new ModifyVpcEndpointCommand({ VpcEndpointId: gw.VpcEndpointId, IpAddressType: 'ipv6' })), 'InvalidParameter');
    await cons.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [gw.VpcEndpointId!] }));
  });
  it('data "aws_vpc_endpoint" filters: vpc-id, service-name, vpc-endpoint-state, vpc-endpoint-type, tag:<key>', async () => {
    const ids = async (Filters: { Name: string; Values: string[] }[]): Promise<string[]> =>
      (await cons.send(new DescribeVpcEndpointsCommand({ Filters }))).VpcEndpoints!.map((e) => e.VpcEndpointId!);
    const all = [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'service-name', Values: [serviceName] }, { Name: 'vpc-endpoint-state', Values: ['available'] }, { Name: 'tag:Name', Values: ['breadth'] }];
    assert.deepEqual(await ids(all), [endpointId]);
    assert.deepEqual(await ids([{ Name: 'vpc-endpoint-type', Values: ['Interface'] }, { Name: 'tag:Name', Values: ['bre*'] }]), [endpointId]);
    assert.deepEqual(await ids([{ Name: 'vpc-endpoint-state', Values: ['pending'] }, { Name: 'vpc-id', Values: [vpcId] }]), []);
    assert.deepEqual(await ids([{ Name: 'tag:Name', Values: ['other'] }]), []);
  });
  it('DescribeVpcEndpointConnections: the documented vpc-endpoint-region filter', async () => {
    const rows = async (region: string): Promise<string[]> =>
      (await prov.send(new DescribeVpcEndpointConnectionsCommand({ Filters: [{ Name: 'vpc-endpoint-region', Values: [region] }] }))).VpcEndpointConnections!.map((c) => c.VpcEndpointId!);
    assert.deepEqual(await rows('us-east-1'), [endpointId]);
    assert.deepEqual(await rows('us-west-2'), []);
  });
});
