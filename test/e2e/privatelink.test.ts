/**
 * @module PrivateLink across accounts: a provider's NLB-backed endpoint service, a consumer's interface endpoint,
 * acceptance, rejection, permissions and zone matching by zone ID; plus every provider-side error code.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptVpcEndpointConnectionsCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand,
  CreateVpcEndpointServiceConfigurationCommand, DeleteVpcEndpointServiceConfigurationsCommand, DescribeAvailabilityZonesCommand,
  DescribeVpcEndpointConnectionsCommand, DescribeVpcEndpointServiceConfigurationsCommand, DescribeVpcEndpointServicePermissionsCommand,
  DescribeVpcEndpointServicesCommand, DescribeVpcEndpointsCommand, ModifyVpcEndpointServiceConfigurationCommand,
  ModifyVpcEndpointServicePermissionsCommand, RejectVpcEndpointConnectionsCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, DeleteLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbRejects, rejectsWith, startHarness, type Harness } from './harness.js';

const PROVIDER = '333333333333';
const CONSUMER = '444444444444';
const STRANGER = '555555555555';

let h: Harness;
let prov: EC2Client;
let cons: EC2Client;
let nlbArn: string;
let serviceId: string;
let serviceName: string;
let consumerVpc: string;
/** Consumer subnets by the provider NLB's zone IDs, and one in a zone the NLB does not cover. */
let goodSubnet: string;
let badSubnet: string;

async function zoneNameFor(client: EC2Client, zoneId: string): Promise<string> {
  const zones = (await client.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!;
  return zones.find((z) => z.ZoneId === zoneId)!.ZoneName!;
}

before(async () => {
  h = await startHarness();
  prov = h.ec2(PROVIDER);
  cons = h.ec2(CONSUMER);
  const elb = h.elbv2(PROVIDER);
  const vpc = (await prov.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
  const s1 = (await prov.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.50.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!;
  const s2 = (await prov.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.50.2.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!;
  nlbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'svc', Type: 'network', Scheme: 'internal', Subnets: [s1.SubnetId!, s2.SubnetId!] }))).LoadBalancers![0]!.LoadBalancerArn!;
  consumerVpc = (await cons.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc!.VpcId!;
  // AWS: zone names map to zone IDs per account; place the consumer's subnet by the provider's zone ID.
  goodSubnet = (await cons.send(new CreateSubnetCommand({ VpcId: consumerVpc, CidrBlock: '10.60.1.0/24', AvailabilityZone: await zoneNameFor(cons, s1.AvailabilityZoneId!) }))).Subnet!.SubnetId!;
  const provZones = (await prov.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!;
  const uncovered = provZones.find((z) => z.ZoneId !== s1.AvailabilityZoneId && z.ZoneId !== s2.AvailabilityZoneId)!.ZoneId!;
  badSubnet = (await cons.send(new CreateSubnetCommand({ VpcId: consumerVpc, CidrBlock: '10.60.2.0/24', AvailabilityZone: await zoneNameFor(cons, uncovered) }))).Subnet!.SubnetId!;
});
after(async () => { await h.close(); });

describe('endpoint service configuration (provider)', () => {
  it('CreateVpcEndpointServiceConfiguration: vpce-svc id, service name, PascalCase state, NLB zones, base DNS name, tags, ClientToken', async () => {
    const input = { NetworkLoadBalancerArns: [nlbArn], AcceptanceRequired: true, ClientToken: 'tok-1', TagSpecifications: [{ ResourceType: 'vpc-endpoint-service' as const, Tags: [{ Key: 'app', Value: 'db' }] }] };
    const c = (await prov.send(new CreateVpcEndpointServiceConfigurationCommand(input))).ServiceConfiguration!;
    serviceId = c.ServiceId!;
    serviceName = c.ServiceName!;
    assert.match(serviceId, /^vpce-svc-[0-9a-f]{17}$/);
    assert.equal(serviceName, `com.amazonaws.vpce.us-east-1.${serviceId}`);
    assert.equal(c.ServiceState, 'Available');
    assert.deepEqual(c.AvailabilityZones, ['us-east-1a', 'us-east-1b']);
    assert.deepEqual(c.BaseEndpointDnsNames, [`${serviceId}.us-east-1.vpce.amazonaws.com`]);
    assert.deepEqual(c.Tags, [{ Key: 'app', Value: 'db' }]);
    const again = (await prov.send(new CreateVpcEndpointServiceConfigurationCommand(input))).ServiceConfiguration!;
    assert.equal(again.ServiceId, serviceId);
    await rejectsWith(prov.send(new CreateVpcEndpointServiceConfigurationCommand({ ...input, AcceptanceRequired: false })), 'IdempotentParameterMismatch');
  });
  it('NLB ARN rules: InvalidNetworkLoadBalancerArn.NotFound (other account) / .Malformed; InvalidParameter without exactly one kind', async () => {
    await rejectsWith(cons.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [nlbArn] })), 'InvalidNetworkLoadBalancerArn.NotFound');
    await rejectsWith(prov.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: ['not-an-arn'] })), 'InvalidNetworkLoadBalancerArn.Malformed');
    await rejectsWith(prov.send(new CreateVpcEndpointServiceConfigurationCommand({})), 'InvalidParameter');
  });
  it('Describe by id and filters; InvalidVpcEndpointServiceId.NotFound / .Malformed; Modify (PrivateDnsName, acceptance)', async () => {
    const byFilter = (await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ Filters: [{ Name: 'service-name', Values: [serviceName] }, { Name: 'tag:app', Values: ['db'] }] }))).ServiceConfigurations!;
    assert.deepEqual(byFilter.map((s) => s.ServiceId), [serviceId]);
    await rejectsWith(prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: ['vpce-svc-0123456789abcdef0'] })), 'InvalidVpcEndpointServiceId.NotFound');
    await rejectsWith(prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: ['svc-1'] })), 'InvalidVpcEndpointServiceId.Malformed');
    await prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: serviceId, PrivateDnsName: 'db.example.com' }));
    let c = (await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [serviceId] }))).ServiceConfigurations![0]!;
    assert.equal(c.PrivateDnsName, 'db.example.com');
    assert.equal(c.PrivateDnsNameConfiguration!.State, 'pendingVerification');
    await rejectsWith(prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: serviceId, PrivateDnsName: 'x.example.com', RemovePrivateDnsName: true })), 'InvalidParameterCombination');
    await prov.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: serviceId, RemovePrivateDnsName: true }));
    c = (await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [serviceId] }))).ServiceConfigurations![0]!;
    assert.equal(c.PrivateDnsName, undefined);
  });
  it('permissions: account root ARN added and described; an invalid principal (path) is InvalidParameterValue', async () => {
    const r = await prov.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: serviceId, AddAllowedPrincipals: [`arn:aws:iam::${CONSUMER}:root`] }));
    assert.equal(r.ReturnValue, true);
    assert.equal(r.AddedPrincipals![0]!.PrincipalType, 'Account');
    const d = (await prov.send(new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: serviceId }))).AllowedPrincipals!;
    assert.deepEqual(d.map((p) => p.Principal), [`arn:aws:iam::${CONSUMER}:root`]);
    // AWS: "Principal ARNs with path components aren't supported."
    await rejectsWith(prov.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: serviceId, AddAllowedPrincipals: [`arn:aws:iam::${CONSUMER}:role/path/r`] })), 'InvalidParameterValue');
  });
  it('AWS DeleteLoadBalancer while an endpoint service uses it: ResourceInUse', async () => {
    await elbRejects(h.elbv2(PROVIDER).send(new DeleteLoadBalancerCommand({ LoadBalancerArn: nlbArn })), 'ResourceInUse');
  });
});

describe('consumer in another account', () => {
  let endpointId: string;
  it('an allowed consumer finds the service (zones by its own names) and its endpoint starts pendingAcceptance', async () => {
    const found = (await cons.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [serviceName] }))).ServiceDetails!;
    assert.equal(found.length, 1);
    assert.equal(found[0]!.AcceptanceRequired, true);
    const ep = (await cons.send(new CreateVpcEndpointCommand({ VpcEndpointType: 'Interface', VpcId: consumerVpc, ServiceName: serviceName, SubnetIds: [goodSubnet] }))).VpcEndpoint!;
    endpointId = ep.VpcEndpointId!;
    assert.equal(ep.State, 'pendingAcceptance');
  });
  it('AWS "consumer subnets must be in zones the service supports" (by zone ID): InvalidParameter', async () => {
    await rejectsWith(cons.send(new CreateVpcEndpointCommand({ VpcEndpointType: 'Interface', VpcId: consumerVpc, ServiceName: serviceName, SubnetIds: [badSubnet] })), 'InvalidParameter');
  });
  it('a non-allowed account cannot see or connect: InvalidServiceName', async () => {
    const stranger = h.ec2(STRANGER);
    const vpc = (await stranger.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))).Vpc!.VpcId!;
    const sub = (await stranger.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.70.1.0/24' }))).Subnet!.SubnetId!;
    await rejectsWith(stranger.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [serviceName] })), 'InvalidServiceName');
    await rejectsWith(stranger.send(new CreateVpcEndpointCommand({ VpcEndpointType: 'Interface', VpcId: vpc, ServiceName: serviceName, SubnetIds: [sub] })), 'InvalidServiceName');
  });
  it('provider describes connections (owner view, filters) and accepts: the consumer sees available', async () => {
    const conns = (await prov.send(new DescribeVpcEndpointConnectionsCommand({ Filters: [{ Name: 'vpc-endpoint-state', Values: ['pendingAcceptance'] }, { Name: 'vpc-endpoint-owner', Values: [CONSUMER] }] }))).VpcEndpointConnections!;
    assert.deepEqual(conns.map((c) => [c.VpcEndpointId, c.ServiceId, c.VpcEndpointOwner]), [[endpointId, serviceId, CONSUMER]]);
    assert.deepEqual(conns[0]!.NetworkLoadBalancerArns, [nlbArn]);
    const r = await prov.send(new AcceptVpcEndpointConnectionsCommand({ ServiceId: serviceId, VpcEndpointIds: [endpointId, 'vpce-0123456789abcdef0'] }));
    assert.deepEqual(r.Unsuccessful!.map((u) => [u.ResourceId, u.Error!.Code]), [['vpce-0123456789abcdef0', 'InvalidVpcEndpointId.NotFound']]);
    const ep = (await cons.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }))).VpcEndpoints![0]!;
    assert.equal(ep.State, 'available');
  });
  it('D4: accepting an endpoint that is not pendingAcceptance fails per item (InvalidState); D5: delete with live connections: ExistingVpcEndpointConnections', async () => {
    const r = await prov.send(new AcceptVpcEndpointConnectionsCommand({ ServiceId: serviceId, VpcEndpointIds: [endpointId] }));
    assert.deepEqual(r.Unsuccessful!.map((u) => u.Error!.Code), ['InvalidState']);
    const d = await prov.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: [serviceId, 'vpce-svc-0123456789abcdef0'] }));
    assert.deepEqual(d.Unsuccessful!.map((u) => [u.ResourceId, u.Error!.Code]), [[serviceId, 'ExistingVpcEndpointConnections'], ['vpce-svc-0123456789abcdef0', 'InvalidVpcEndpointService.NotFound']]);
  });
  it('provider rejects: the consumer sees rejected; then the service can be deleted and disappears for consumers', async () => {
    const r = await prov.send(new RejectVpcEndpointConnectionsCommand({ ServiceId: serviceId, VpcEndpointIds: [endpointId] }));
    assert.deepEqual(r.Unsuccessful, []);
    assert.equal((await cons.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }))).VpcEndpoints![0]!.State, 'rejected');
    const d = await prov.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: [serviceId] }));
    assert.deepEqual(d.Unsuccessful, []);
    await rejectsWith(cons.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [serviceName] })), 'InvalidServiceName');
    await h.elbv2(PROVIDER).send(new DeleteLoadBalancerCommand({ LoadBalancerArn: nlbArn }));
  });
});

describe('wildcard permissions', () => {
  it('a service allowing "*" sees connections from any account, and they stay after the principal is removed (terraform-provider-aws#37260)', async () => {
    const pvpc = (await prov.send(new CreateVpcCommand({ CidrBlock: '10.51.0.0/16' }))).Vpc!.VpcId!;
    const psub = (await prov.send(new CreateSubnetCommand({ VpcId: pvpc, CidrBlock: '10.51.1.0/24' }))).Subnet!.SubnetId!;
    const arn = (await h.elbv2(PROVIDER).send(new CreateLoadBalancerCommand({ Name: 'wild', Type: 'network', Scheme: 'internal', Subnets: [psub] }))).LoadBalancers![0]!.LoadBalancerArn!;
    const svc = (await prov.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [arn], AcceptanceRequired: true }))).ServiceConfiguration!;
    await prov.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: svc.ServiceId, AddAllowedPrincipals: ['*'] }));
    const anyone = h.ec2('666677778888');
    const zoneId = (await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [svc.ServiceId!] }))).ServiceConfigurations![0]!.AvailabilityZones!;
    const provZones = (await prov.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!;
    const firstZoneId = provZones.find((z) => z.ZoneName === zoneId[0])!.ZoneId!;
    const vpc = (await anyone.send(new CreateVpcCommand({ CidrBlock: '10.80.0.0/16' }))).Vpc!.VpcId!;
    const sub = (await anyone.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.80.1.0/24', AvailabilityZone: await zoneNameFor(anyone, firstZoneId) }))).Subnet!.SubnetId!;
    const ep = (await anyone.send(new CreateVpcEndpointCommand({ VpcEndpointType: 'Interface', VpcId: vpc, ServiceName: svc.ServiceName, SubnetIds: [sub] }))).VpcEndpoint!;
    const seen = async (): Promise<string[]> => (await prov.send(new DescribeVpcEndpointConnectionsCommand({ Filters: [{ Name: 'service-id', Values: [svc.ServiceId!] }] }))).VpcEndpointConnections!.map((c) => c.VpcEndpointId!);
    assert.deepEqual(await seen(), [ep.VpcEndpointId]);
    await prov.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: svc.ServiceId, RemoveAllowedPrincipals: ['*'] }));
    assert.deepEqual(await seen(), [ep.VpcEndpointId]);
    await prov.send(new AcceptVpcEndpointConnectionsCommand({ ServiceId: svc.ServiceId, VpcEndpointIds: [ep.VpcEndpointId!] }));
    assert.equal((await anyone.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ep.VpcEndpointId!] }))).VpcEndpoints![0]!.State, 'available');
  });
});
