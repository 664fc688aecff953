/** @module Elastic IP association through @aws-sdk/client-ec2: AssociateAddress, DisassociateAddress, DescribeAddresses(Attribute), AllocateAddress pools. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AllocateAddressCommand, AssignPrivateIpAddressesCommand, AssociateAddressCommand, AttachInternetGatewayCommand, AttachNetworkInterfaceCommand, CreateInternetGatewayCommand,
  CreateNatGatewayCommand, CreateNetworkInterfaceCommand, CreateRouteCommand, DescribeRouteTablesCommand, DescribeAddressesAttributeCommand, DescribeAddressesCommand, DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand, DisassociateAddressCommand, ReleaseAddressCommand, RunInstancesCommand, TerminateInstancesCommand,
  UnassignPrivateIpAddressesCommand, type EC2Client, type Instance,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

let h: Harness;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2('210000000001');
  ({ vpcId, subnetId } = await vpcWithSubnet(ec2, '10.30.0.0/16', '10.30.1.0/24', 'us-east-1a'));
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const main = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: main, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
});
after(async () => { await h.close(); });

async function allocate(client = ec2): Promise<{ id: string; ip: string }> {
  const a = await client.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  return { id: a.AllocationId!, ip: a.PublicIp! };
}

/** An instance with an auto-assigned public address on its primary interface. */
async function launch(client = ec2, subnet = subnetId): Promise<Instance> {
  const r = await client.send(new RunInstancesCommand({
    ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, InstanceType: 't3.small',
    NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet, AssociatePublicIpAddress: true }],
  }));
  return r.Instances![0]!;
}

async function instance(id: string): Promise<Instance> {
  return (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!;
}

async function address(id: string) {
  return (await ec2.send(new DescribeAddressesCommand({ AllocationIds: [id] }))).Addresses![0]!;
}

async function eni(id: string) {
  return (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] }))).NetworkInterfaces![0]!;
}

describe('AssociateAddress with an instance', () => {
  it("replaces the instance's auto-assigned public IP (AWS: released to Amazon's pool) and shows the association everywhere", async () => {
    const inst = await launch();
    const autoIp = inst.PublicIpAddress!;
    assert.ok(autoIp, 'launched with a public address');
    const eniId = inst.NetworkInterfaces![0]!.NetworkInterfaceId!;
    const eip = await allocate();
    const { AssociationId } = await ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, InstanceId: inst.InstanceId }));
    assert.match(AssociationId!, /^eipassoc-[0-9a-f]{17}$/);
    const a = await address(eip.id);
    assert.equal(a.AssociationId, AssociationId);
    assert.equal(a.InstanceId, inst.InstanceId);
    assert.equal(a.NetworkInterfaceId, eniId);
    assert.equal(a.NetworkInterfaceOwnerId, '210000000001');
    assert.equal(a.PrivateIpAddress, inst.PrivateIpAddress);
    const described = await instance(inst.InstanceId!);
    assert.equal(described.PublicIpAddress, eip.ip);
    assert.equal(described.PublicDnsName, `ec2-${eip.ip.replace(/\./g, '-')}.compute-1.amazonaws.com`);
    const e = await eni(eniId);
    const expected = {
      PublicIp: eip.ip, AllocationId: eip.id, AssociationId, IpOwnerId: '210000000001',
      PublicDnsName: `ec2-${eip.ip.replace(/\./g, '-')}.compute-1.amazonaws.com`,
    };
    assert.deepEqual({ ...e.Association }, expected);
    assert.deepEqual({ ...e.PrivateIpAddresses![0]!.Association }, expected);
    // The data plane: traffic to the internet leaves with the Elastic IP.
    const trace = await (await fetch(`${h.url}/_vpce/explain`, {
      method: 'POST', body: JSON.stringify({ from: inst.InstanceId, to: '198.51.100.7:443/tcp', account: '210000000001', region: 'us-east-1' }),
    })).json() as { trace: { steps: { kind: string; verdict: string; decidedBy?: { address?: string } }[] } };
    const igwStep = trace.trace.steps.find((s) => s.kind === 'internetGateway');
    assert.equal(igwStep?.verdict, 'deliver', JSON.stringify(trace.trace.steps));
    assert.equal(igwStep?.decidedBy?.address, eip.ip);

    // AWS: after disassociation an instance with one interface gets a new public IPv4 address.
    await ec2.send(new DisassociateAddressCommand({ AssociationId }));
    const after = await address(eip.id);
    assert.equal(after.AssociationId, undefined);
    assert.equal(after.InstanceId, undefined);
    assert.equal(after.NetworkInterfaceId, undefined);
    const fresh = (await instance(inst.InstanceId!)).PublicIpAddress;
    assert.ok(fresh !== undefined && fresh !== eip.ip, 'a new Amazon-owned public address');
    assert.equal((await eni(eniId)).Association?.IpOwnerId, 'amazon');
    await rejectsWith(ec2.send(new DisassociateAddressCommand({ AssociationId })), 'InvalidAssociationID.NotFound');
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.id }));
  });

  it('needs the interface when the instance has several (AWS: InvalidInstanceID) and accepts both when they match', async () => {
    const inst = await launch();
    const second = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!.NetworkInterfaceId!;
    await ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: second, InstanceId: inst.InstanceId, DeviceIndex: 1 }));
    const eip = await allocate();
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, InstanceId: inst.InstanceId })), 'InvalidInstanceID');
    const { AssociationId } = await ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, InstanceId: inst.InstanceId, NetworkInterfaceId: second }));
    const a = await address(eip.id);
    assert.equal(a.NetworkInterfaceId, second);
    assert.equal(a.InstanceId, inst.InstanceId, 'the instance the interface is attached to');
    const shown = (await instance(inst.InstanceId!)).NetworkInterfaces!.find((n) => n.NetworkInterfaceId === second)!;
    assert.equal(shown.Association?.PublicIp, eip.ip, 'DescribeInstances shows the address on that interface');
    // The primary interface keeps its own public address: the Elastic IP went to the second one.
    assert.ok((await instance(inst.InstanceId!)).PublicIpAddress !== eip.ip);
    // AWS: an instance named with an interface must be the one the interface is attached to.
    const lone = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!.NetworkInterfaceId!;
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, InstanceId: inst.InstanceId, NetworkInterfaceId: lone })), 'InvalidParameterCombination');
    await ec2.send(new DisassociateAddressCommand({ AssociationId }));
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.id }));
  });

  it('refuses a terminated instance (InvalidInstanceID: not in a valid state) and an unknown one', async () => {
    const inst = await launch();
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    const eip = await allocate();
    const err = await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, InstanceId: inst.InstanceId })), 'InvalidInstanceID');
    assert.match(err.message, /is not in a valid state for this operation/);
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, InstanceId: 'i-0123456789abcdef0' })), 'InvalidInstanceID.NotFound');
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.id }));
  });

  it('an address on a terminated instance\'s deleted interface is disassociated and can be released', async () => {
    const inst = await launch();
    const eip = await allocate();
    await ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, InstanceId: inst.InstanceId }));
    await rejectsWith(ec2.send(new ReleaseAddressCommand({ AllocationId: eip.id })), 'InvalidIPAddress.InUse');
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    assert.equal((await address(eip.id)).AssociationId, undefined);
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.id }));
  });
});

describe('AssociateAddress with a network interface', () => {
  it('moves an associated address unless AllowReassociation is false (AWS: Resource.AlreadyAssociated); repeating is idempotent', async () => {
    const one = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!;
    const two = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!;
    const eip = await allocate();
    const first = await ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, NetworkInterfaceId: one.NetworkInterfaceId }));
    const again = await ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, NetworkInterfaceId: one.NetworkInterfaceId, AllowReassociation: false }));
    assert.equal(again.AssociationId, first.AssociationId, 'the same association again is answered with its ID');
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, NetworkInterfaceId: two.NetworkInterfaceId, AllowReassociation: false })), 'Resource.AlreadyAssociated');
    const moved = await ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, NetworkInterfaceId: two.NetworkInterfaceId }));
    assert.notEqual(moved.AssociationId, first.AssociationId);
    assert.equal((await eni(one.NetworkInterfaceId!)).Association, undefined);
    assert.equal((await eni(two.NetworkInterfaceId!)).Association?.AllocationId, eip.id);
    assert.equal((await address(eip.id)).InstanceId, undefined, 'an unattached interface has no instance');
    // AWS: an Elastic IP already on the target address is disassociated (it stays allocated).
    const other = await allocate();
    await ec2.send(new AssociateAddressCommand({ AllocationId: other.id, NetworkInterfaceId: two.NetworkInterfaceId }));
    assert.equal((await address(eip.id)).AssociationId, undefined);
    assert.equal((await eni(two.NetworkInterfaceId!)).Association?.AllocationId, other.id);
    await ec2.send(new DisassociateAddressCommand({ AssociationId: (await address(other.id)).AssociationId }));
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.id }));
    await ec2.send(new ReleaseAddressCommand({ AllocationId: other.id }));
  });

  it('associates with a secondary private address (PrivateIpAddress), shown on that address entry', async () => {
    const e = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, SecondaryPrivateIpAddressCount: 1 }))).NetworkInterface!;
    const secondary = e.PrivateIpAddresses!.find((a) => !a.Primary)!.PrivateIpAddress!;
    const eip = await allocate();
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, NetworkInterfaceId: e.NetworkInterfaceId, PrivateIpAddress: '10.30.1.250' })), 'InvalidParameterValue');
    const { AssociationId } = await ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, NetworkInterfaceId: e.NetworkInterfaceId, PrivateIpAddress: secondary }));
    const d = await eni(e.NetworkInterfaceId!);
    assert.equal(d.Association, undefined, 'the primary address has no public address');
    const entry = d.PrivateIpAddresses!.find((a) => a.PrivateIpAddress === secondary)!;
    assert.equal(entry.Association?.PublicIp, eip.ip);
    assert.equal(entry.Association?.AssociationId, AssociationId);
    assert.equal((await address(eip.id)).PrivateIpAddress, secondary);
    const byFilter = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'addresses.association.public-ip', Values: [eip.ip] }] }));
    assert.deepEqual(byFilter.NetworkInterfaces!.map((n) => n.NetworkInterfaceId), [e.NetworkInterfaceId]);
    await ec2.send(new DisassociateAddressCommand({ AssociationId }));
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.id }));
  });

  it('rejects bad requests with the EC2 codes', async () => {
    const e = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!;
    const eip = await allocate();
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: eip.id })), 'MissingParameter');
    await rejectsWith(ec2.send(new AssociateAddressCommand({ NetworkInterfaceId: e.NetworkInterfaceId })), 'MissingParameter');
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: 'eipalloc-0123456789abcdef0', NetworkInterfaceId: e.NetworkInterfaceId })), 'InvalidAllocationID.NotFound');
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, NetworkInterfaceId: 'eni-0123456789abcdef0' })), 'InvalidNetworkInterfaceID.NotFound');
    await rejectsWith(ec2.send(new AssociateAddressCommand({ PublicIp: '3.3.3.3', NetworkInterfaceId: e.NetworkInterfaceId })), 'InvalidAddress.NotFound');
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, PublicIp: eip.ip, NetworkInterfaceId: e.NetworkInterfaceId })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new DisassociateAddressCommand({})), 'MissingParameter');
    await rejectsWith(ec2.send(new DisassociateAddressCommand({ AssociationId: 'eipassoc-0123456789abcdef0', PublicIp: eip.ip })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new DisassociateAddressCommand({ AssociationId: 'eipassoc-0123456789abcdef0' })), 'InvalidAssociationID.NotFound');
    // The deprecated PublicIp form names the address as well.
    await ec2.send(new AssociateAddressCommand({ PublicIp: eip.ip, NetworkInterfaceId: e.NetworkInterfaceId }));
    assert.equal((await address(eip.id)).NetworkInterfaceId, e.NetworkInterfaceId);
    await ec2.send(new DisassociateAddressCommand({ PublicIp: eip.ip }));
    assert.equal((await address(eip.id)).AssociationId, undefined);
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.id }));
  });

  it('needs an internet gateway on the VPC (AWS: Gateway.NotAttached)', async () => {
    const { subnetId: closed } = await vpcWithSubnet(ec2, '10.31.0.0/16', '10.31.1.0/24', 'us-east-1a');
    const e = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: closed }))).NetworkInterface!;
    const eip = await allocate();
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: eip.id, NetworkInterfaceId: e.NetworkInterfaceId })), 'Gateway.NotAttached');
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.id }));
  });

  it("leaves a NAT gateway's address alone: its interface takes no other address, its address cannot be taken (AuthFailure)", async () => {
    const eip = await allocate();
    const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: eip.id }))).NatGateway!;
    const natEni = nat.NatGatewayAddresses![0]!.NetworkInterfaceId!;
    const assoc = (await address(eip.id)).AssociationId!;
    await rejectsWith(ec2.send(new DisassociateAddressCommand({ AssociationId: assoc })), 'AuthFailure', 401);
    const other = await allocate();
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: other.id, NetworkInterfaceId: natEni })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ReleaseAddressCommand({ AllocationId: eip.id })), 'InvalidIPAddress.InUse');
    await ec2.send(new ReleaseAddressCommand({ AllocationId: other.id }));
    // Its interface is the NAT gateway's: no user attaches it or changes its addresses.
    const inst = await launch();
    await rejectsWith(ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: natEni, InstanceId: inst.InstanceId, DeviceIndex: 1 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: natEni, SecondaryPrivateIpAddressCount: 1 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: natEni, PrivateIpAddresses: ['10.30.1.200'] })), 'InvalidParameterValue');
  });
});

describe('DescribeAddresses', () => {
  it('filters on association-id, instance-id, network-interface-id, private-ip-address, public-ip, allocation-id, domain and tags', async () => {
    const client = h.ec2('210000000002');
    const { vpcId: v, subnetId: s } = await vpcWithSubnet(client, '10.40.0.0/16', '10.40.1.0/24', 'us-east-1a');
    const igw = (await client.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await client.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: v }));
    const inst = await launch(client, s);
    const tagged = await client.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: 'web' }] }] }));
    const free = await allocate(client);
    const { AssociationId } = await client.send(new AssociateAddressCommand({ AllocationId: tagged.AllocationId, InstanceId: inst.InstanceId }));
    const ids = async (name: string, value: string): Promise<string[]> =>
      (await client.send(new DescribeAddressesCommand({ Filters: [{ Name: name, Values: [value] }] }))).Addresses!.map((a) => a.AllocationId!).sort();
    const eniId = inst.NetworkInterfaces![0]!.NetworkInterfaceId!;
    assert.deepEqual(await ids('association-id', AssociationId!), [tagged.AllocationId]);
    assert.deepEqual(await ids('instance-id', inst.InstanceId!), [tagged.AllocationId]);
    assert.deepEqual(await ids('network-interface-id', eniId), [tagged.AllocationId]);
    assert.deepEqual(await ids('network-interface-owner-id', '210000000002'), [tagged.AllocationId]);
    assert.deepEqual(await ids('private-ip-address', inst.PrivateIpAddress!), [tagged.AllocationId]);
    assert.deepEqual(await ids('public-ip', free.ip), [free.id]);
    assert.deepEqual(await ids('allocation-id', free.id), [free.id]);
    assert.deepEqual(await ids('domain', 'vpc'), [tagged.AllocationId!, free.id].sort());
    assert.deepEqual(await ids('tag:Name', 'web'), [tagged.AllocationId]);
    assert.deepEqual(await ids('network-border-group', 'us-east-1'), [tagged.AllocationId!, free.id].sort());
    await rejectsWith(client.send(new DescribeAddressesCommand({ Filters: [{ Name: 'bogus', Values: ['x'] }] })), 'InvalidParameterValue');
    const all = (await client.send(new DescribeAddressesCommand({}))).Addresses!;
    assert.deepEqual(all.find((a) => a.AllocationId === tagged.AllocationId)?.Tags, [{ Key: 'Name', Value: 'web' }]);
  });
});

describe('DescribeAddressesAttribute', () => {
  it('answers domain-name without a PTR record (none is set), pages, and names unknown allocations', async () => {
    const client = h.ec2('210000000003');
    const a = await allocate(client);
    const b = await allocate(client);
    const all = await client.send(new DescribeAddressesAttributeCommand({ Attribute: 'domain-name' }));
    assert.deepEqual(all.Addresses!.map((x) => ({ ...x })), [{ AllocationId: a.id, PublicIp: a.ip }, { AllocationId: b.id, PublicIp: b.ip }]);
    const one = await client.send(new DescribeAddressesAttributeCommand({ Attribute: 'domain-name', AllocationIds: [b.id] }));
    assert.deepEqual(one.Addresses!.map((x) => x.AllocationId), [b.id]);
    const page = await client.send(new DescribeAddressesAttributeCommand({ Attribute: 'domain-name', MaxResults: 1 }));
    assert.equal(page.Addresses!.length, 1);
    const rest = await client.send(new DescribeAddressesAttributeCommand({ Attribute: 'domain-name', MaxResults: 1, NextToken: page.NextToken }));
    assert.deepEqual(rest.Addresses!.map((x) => x.AllocationId), [b.id]);
    await rejectsWith(client.send(new DescribeAddressesAttributeCommand({ Attribute: 'domain-name', AllocationIds: ['eipalloc-0123456789abcdef0'] })), 'InvalidAllocationID.NotFound');
    await rejectsWith(client.send(new DescribeAddressesAttributeCommand({})), 'MissingParameter');
    await rejectsWith(client.send(new DescribeAddressesAttributeCommand({ Attribute: 'domain-name', MaxResults: 0 })), 'InvalidParameterValue');
  });
});

describe('AllocateAddress pools and named addresses', () => {
  it('recovers a released address that no one holds (Address), and refuses one outside the pool or in use (InvalidAddress.NotFound)', async () => {
    const client = h.ec2('210000000004');
    const a = await allocate(client);
    await client.send(new ReleaseAddressCommand({ AllocationId: a.id }));
    const back = await client.send(new AllocateAddressCommand({ Domain: 'vpc', Address: a.ip }));
    assert.equal(back.PublicIp, a.ip);
    assert.notEqual(back.AllocationId, a.id);
    await rejectsWith(client.send(new AllocateAddressCommand({ Address: a.ip })), 'InvalidAddress.NotFound');
    // Held by another account of the Region.
    await rejectsWith(h.ec2('210000000005').send(new AllocateAddressCommand({ Address: a.ip })), 'InvalidAddress.NotFound');
    await rejectsWith(client.send(new AllocateAddressCommand({ Address: '192.0.2.10' })), 'InvalidAddress.NotFound');
    await rejectsWith(client.send(new AllocateAddressCommand({ Address: 'not-an-ip' })), 'InvalidParameterValue');
  });

  it("serves Amazon's pool and the Region's border group, and refuses pools vpce does not have", async () => {
    const client = h.ec2('210000000006');
    const ok = await client.send(new AllocateAddressCommand({ PublicIpv4Pool: 'amazon', NetworkBorderGroup: 'us-east-1' }));
    assert.equal(ok.PublicIpv4Pool, 'amazon');
    assert.equal(ok.NetworkBorderGroup, 'us-east-1');
    await rejectsWith(client.send(new AllocateAddressCommand({ PublicIpv4Pool: 'ipv4pool-ec2-0123456789abcdef0' })), 'InvalidPublicIpv4PoolID.NotFound');
    await rejectsWith(client.send(new AllocateAddressCommand({ IpamPoolId: 'ipam-pool-0123456789abcdef0' })), 'InvalidIpamPoolId.NotFound');
    await rejectsWith(client.send(new AllocateAddressCommand({ CustomerOwnedIpv4Pool: 'ipv4pool-coip-0123456789abcdef0' })), 'InvalidCoipPoolId.NotFound');
    await rejectsWith(client.send(new AllocateAddressCommand({ PublicIpv4Pool: 'amazon', IpamPoolId: 'ipam-pool-0123456789abcdef0' })), 'InvalidParameterCombination');
    await rejectsWith(client.send(new AllocateAddressCommand({ PublicIpv4Pool: 'amazon', CustomerOwnedIpv4Pool: 'ipv4pool-coip-0123456789abcdef0' })), 'InvalidParameterCombination');
    await rejectsWith(client.send(new AllocateAddressCommand({ NetworkBorderGroup: 'us-east-1-bos-1' })), 'InvalidParameterValue');
    await rejectsWith(client.send(new AllocateAddressCommand({ TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'a', Value: 'b' }] }] })), 'InvalidParameterValue');
    await rejectsWith(client.send(new ReleaseAddressCommand({ AllocationId: ok.AllocationId, NetworkBorderGroup: 'us-east-1-bos-1' })), 'InvalidParameterValue');
    await client.send(new ReleaseAddressCommand({ AllocationId: ok.AllocationId, NetworkBorderGroup: 'us-east-1' }));
    const left = (await client.send(new DescribeAddressesCommand({}))).Addresses!;
    assert.equal(left.length, 0);
  });
});
