/**
 * @module Network interface addresses, attachments and attributes through @aws-sdk/client-ec2: CreateNetworkInterface
 * address parameters, Assign/UnassignPrivateIpAddresses, Attach/DetachNetworkInterface,
 * Modify/Reset/DescribeNetworkInterfaceAttribute, and what DescribeInstances and the data plane see.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AllocateAddressCommand, AssignPrivateIpAddressesCommand, AssociateAddressCommand, AttachInternetGatewayCommand, AttachNetworkInterfaceCommand,
  CreateInternetGatewayCommand, CreateNetworkInterfaceCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand,
  DeleteNetworkInterfaceCommand, DescribeAddressesCommand, DescribeInstancesCommand, DescribeNetworkInterfaceAttributeCommand,
  DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand, DetachNetworkInterfaceCommand, ModifyNetworkInterfaceAttributeCommand,
  ResetNetworkInterfaceAttributeCommand, RunInstancesCommand, TerminateInstancesCommand, UnassignPrivateIpAddressesCommand,
  type EC2Client, type Instance, type NetworkInterface,
} from '@aws-sdk/client-ec2';
import { iamUserWith, refusedWith, rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

const ACCOUNT = '220000000001';
let h: Harness;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;
let otherZoneSubnet: string;
let defaultGroup: string;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT);
  ({ vpcId, subnetId } = await vpcWithSubnet(ec2, '10.50.0.0/16', '10.50.1.0/24', 'us-east-1a'));
  otherZoneSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.2.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!.SubnetId!;
  defaultGroup = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).SecurityGroups![0]!.GroupId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
});
after(async () => { await h.close(); });

async function create(extra: Record<string, unknown> = {}): Promise<NetworkInterface> {
  return (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, ...extra }))).NetworkInterface!;
}

async function eni(id: string): Promise<NetworkInterface> {
  return (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] }))).NetworkInterfaces![0]!;
}

async function launch(instanceType: 't3.small' | 't2.micro' = 't3.small', subnet = subnetId): Promise<Instance> {
  return (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, InstanceType: instanceType, SubnetId: subnet }))).Instances![0]!;
}

async function instance(id: string): Promise<Instance> {
  return (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!;
}

const ips = (e: NetworkInterface): [string, boolean][] => e.PrivateIpAddresses!.map((a) => [a.PrivateIpAddress!, a.Primary!]);

describe('CreateNetworkInterface addresses', () => {
  it('takes every entry of PrivateIpAddresses, with the Primary one as the primary address', async () => {
    const e = await create({ PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.21' }, { PrivateIpAddress: '10.50.1.20', Primary: true }, { PrivateIpAddress: '10.50.1.22' }] });
    assert.equal(e.PrivateIpAddress, '10.50.1.20');
    assert.deepEqual(ips(e), [['10.50.1.20', true], ['10.50.1.21', false], ['10.50.1.22', false]]);
    // Without a Primary entry the first listed address is the primary one; PrivateIpAddress may repeat it.
    const f = await create({ PrivateIpAddress: '10.50.1.30', PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.30', Primary: true }, { PrivateIpAddress: '10.50.1.31' }] });
    assert.deepEqual(ips(f), [['10.50.1.30', true], ['10.50.1.31', false]]);
    const g = await create({ PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.35' }, { PrivateIpAddress: '10.50.1.36' }] });
    assert.deepEqual(ips(g), [['10.50.1.35', true], ['10.50.1.36', false]]);
    // One listed address plus a count of secondaries.
    const c = await create({ PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.40', Primary: true }], SecondaryPrivateIpAddressCount: 2 });
    assert.equal(c.PrivateIpAddresses!.length, 3);
    assert.equal(c.PrivateIpAddress, '10.50.1.40');
  });

  it('serves InterfaceType trunk and efa, Description, Groups and tags', async () => {
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'trunk', Description: 'x' }))).GroupId!;
    const e = await create({ InterfaceType: 'trunk', Description: 'trunk one', Groups: [sg], TagSpecifications: [{ ResourceType: 'network-interface', Tags: [{ Key: 'k', Value: 'v' }] }] });
    assert.equal(e.InterfaceType, 'trunk');
    assert.equal(e.Description, 'trunk one');
    assert.deepEqual(e.Groups, [{ GroupId: sg, GroupName: 'trunk' }]);
    assert.deepEqual(e.TagSet, [{ Key: 'k', Value: 'v' }]);
    assert.equal((await create({ InterfaceType: 'efa' })).InterfaceType, 'efa');
    await ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: e.NetworkInterfaceId }));
  });

  it('refuses conflicting or unserved parameters with the EC2 codes', async () => {
    await rejectsWith(create({ PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.50', Primary: true }, { PrivateIpAddress: '10.50.1.51', Primary: true }] }), 'InvalidParameterValue');
    await rejectsWith(create({ PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.50', Primary: true }, { PrivateIpAddress: '10.50.1.51' }, { PrivateIpAddress: '10.50.1.51' }] }), 'InvalidParameterValue');
    await rejectsWith(create({ PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.50' }, { PrivateIpAddress: '10.50.1.51' }], SecondaryPrivateIpAddressCount: 1 }), 'InvalidParameterCombination');
    await rejectsWith(create({ PrivateIpAddress: '10.50.1.50', PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.51', Primary: true }] }), 'InvalidParameterCombination');
    await rejectsWith(create({ PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.50', Primary: true }, { PrivateIpAddress: '10.50.1.20' }] }), 'InvalidIPAddress.InUse');
    await rejectsWith(create({ SecondaryPrivateIpAddressCount: 50 }), 'PrivateIpAddressLimitExceeded');
    await rejectsWith(create({ PrivateIpAddresses: [{ Primary: true }] }), 'MissingParameter');
    // AWS: IPv6 needs an IPv6 CIDR block on the subnet.
    await rejectsWith(create({ Ipv6AddressCount: 1 }), 'InvalidParameterValue');
    await rejectsWith(create({ Ipv6Addresses: [{ Ipv6Address: '2600:1f18::5' }] }), 'InvalidParameterValue');
    await rejectsWith(create({ Ipv6PrefixCount: 1 }), 'InvalidParameterValue');
    await rejectsWith(create({ SubnetId: 'subnet-0123456789abcdef0', Ipv6AddressCount: 1 }), 'InvalidSubnetID.NotFound');
    await rejectsWith(create({ EnablePrimaryIpv6: true }), 'InvalidParameterCombination');
    await rejectsWith(create({ Ipv4PrefixCount: 1 }), 'UnsupportedOperation');
    await rejectsWith(create({ ConnectionTrackingSpecification: { TcpEstablishedTimeout: 60 } }), 'UnsupportedOperation');
    await rejectsWith(create({ Operator: { Principal: 'x' } }), 'UnsupportedOperation');
    await rejectsWith(create({ InterfaceType: 'efa-only' }), 'InvalidParameterValue');
    // Nothing above left an interface behind.
    const left = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'private-ip-address', Values: ['10.50.1.50', '10.50.1.51'] }] }));
    assert.equal(left.NetworkInterfaces!.length, 0);
  });
});

describe('AssignPrivateIpAddresses / UnassignPrivateIpAddresses', () => {
  it('assigns named addresses or a count, and unassigns secondaries', async () => {
    const e = await create({ PrivateIpAddress: '10.50.1.60' });
    const named = await ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: e.NetworkInterfaceId, PrivateIpAddresses: ['10.50.1.61', '10.50.1.62'] }));
    assert.equal(named.NetworkInterfaceId, e.NetworkInterfaceId);
    assert.deepEqual(named.AssignedPrivateIpAddresses!.map((a) => a.PrivateIpAddress), ['10.50.1.61', '10.50.1.62']);
    const counted = await ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: e.NetworkInterfaceId, SecondaryPrivateIpAddressCount: 2 }));
    assert.equal(counted.AssignedPrivateIpAddresses!.length, 2);
    let d = await eni(e.NetworkInterfaceId!);
    assert.equal(d.PrivateIpAddresses!.length, 5);
    await ec2.send(new UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: e.NetworkInterfaceId, PrivateIpAddresses: ['10.50.1.61'] }));
    d = await eni(e.NetworkInterfaceId!);
    assert.ok(!ips(d).some(([ip]) => ip === '10.50.1.61'));
    assert.equal(d.PrivateIpAddresses!.length, 4);
    // The unassigned address is free again.
    const again = await create({ PrivateIpAddress: '10.50.1.61' });
    assert.equal(again.PrivateIpAddress, '10.50.1.61');
  });

  it('moves a secondary address from another interface only with AllowReassignment (else InvalidIPAddress.InUse)', async () => {
    const a = await create({ PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.70', Primary: true }, { PrivateIpAddress: '10.50.1.71' }] });
    const b = await create({ PrivateIpAddress: '10.50.1.72' });
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: b.NetworkInterfaceId, PrivateIpAddresses: ['10.50.1.71'] })), 'InvalidIPAddress.InUse');
    // A primary address never moves.
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: b.NetworkInterfaceId, PrivateIpAddresses: ['10.50.1.70'], AllowReassignment: true })), 'InvalidIPAddress.InUse');
    await ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: b.NetworkInterfaceId, PrivateIpAddresses: ['10.50.1.71'], AllowReassignment: true }));
    assert.deepEqual(ips(await eni(a.NetworkInterfaceId!)), [['10.50.1.70', true]]);
    assert.deepEqual(ips(await eni(b.NetworkInterfaceId!)), [['10.50.1.72', true], ['10.50.1.71', false]]);
  });

  it('caps addresses by the instance type once attached (t2.micro: 2 per interface, PrivateIpAddressLimitExceeded)', async () => {
    const inst = await launch('t2.micro');
    const primary = inst.NetworkInterfaces![0]!.NetworkInterfaceId!;
    await ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: primary, SecondaryPrivateIpAddressCount: 1 }));
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: primary, SecondaryPrivateIpAddressCount: 1 })), 'PrivateIpAddressLimitExceeded');
    // DescribeInstances shows the secondary address on the instance's interface.
    const shown = (await instance(inst.InstanceId!)).NetworkInterfaces![0]!;
    assert.equal(shown.PrivateIpAddresses!.length, 2);
    // An interface with more addresses than the type allows cannot be attached either.
    const big = await create({ SecondaryPrivateIpAddressCount: 2 });
    await rejectsWith(ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: big.NetworkInterfaceId, InstanceId: inst.InstanceId, DeviceIndex: 1 })), 'PrivateIpAddressLimitExceeded');
  });

  it('refuses bad requests with the EC2 codes', async () => {
    const e = await create({ PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.80', Primary: true }, { PrivateIpAddress: '10.50.1.81' }] });
    const id = e.NetworkInterfaceId!;
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: id })), 'MissingParameter');
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: id, PrivateIpAddresses: ['10.50.1.82'], SecondaryPrivateIpAddressCount: 1 })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: id, PrivateIpAddresses: ['10.50.1.80'] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: id, PrivateIpAddresses: ['10.50.9.9'] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: id, SecondaryPrivateIpAddressCount: 0 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: id, SecondaryPrivateIpAddressCount: 60 })), 'PrivateIpAddressLimitExceeded');
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: id, Ipv4PrefixCount: 1 })), 'UnsupportedOperation');
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: 'eni-0123456789abcdef0', SecondaryPrivateIpAddressCount: 1 })), 'InvalidNetworkInterfaceID.NotFound');
    await rejectsWith(ec2.send(new UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: id, PrivateIpAddresses: ['10.50.1.80'] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: id, PrivateIpAddresses: ['10.50.1.99'] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: id })), 'MissingParameter');
    await rejectsWith(ec2.send(new UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: id, Ipv4Prefixes: ['10.50.1.96/28'] })), 'UnsupportedOperation');
    assert.deepEqual(ips(await eni(id)), [['10.50.1.80', true], ['10.50.1.81', false]], 'nothing changed');
  });

  it('unassigning a secondary address disassociates its Elastic IP', async () => {
    const e = await create({ PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.90', Primary: true }, { PrivateIpAddress: '10.50.1.91' }] });
    const eip = await ec2.send(new AllocateAddressCommand({}));
    await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, NetworkInterfaceId: e.NetworkInterfaceId, PrivateIpAddress: '10.50.1.91' }));
    await ec2.send(new UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: e.NetworkInterfaceId, PrivateIpAddresses: ['10.50.1.91'] }));
    const a = (await ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.AllocationId!] }))).Addresses![0]!;
    assert.equal(a.AssociationId, undefined);
  });
});

describe('AttachNetworkInterface / DetachNetworkInterface', () => {
  it('attaches at a device index (eni-attach-), shows it on the interface and the instance, and detaches', async () => {
    const inst = await launch();
    const e = await create({ SecondaryPrivateIpAddressCount: 1 });
    const r = await ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: e.NetworkInterfaceId, InstanceId: inst.InstanceId, DeviceIndex: 1, NetworkCardIndex: 0 }));
    assert.match(r.AttachmentId!, /^eni-attach-[0-9a-f]{17}$/);
    assert.equal(r.NetworkCardIndex, 0);
    const d = await eni(e.NetworkInterfaceId!);
    assert.equal(d.Status, 'in-use');
    assert.equal(d.Attachment?.AttachmentId, r.AttachmentId);
    assert.equal(d.Attachment?.InstanceId, inst.InstanceId);
    assert.equal(d.Attachment?.DeviceIndex, 1);
    assert.equal(d.Attachment?.DeleteOnTermination, false, 'AWS: an interface attached later is kept at termination');
    assert.equal(d.Attachment?.InstanceOwnerId, ACCOUNT);
    const shown = (await instance(inst.InstanceId!)).NetworkInterfaces!;
    assert.deepEqual(shown.map((n) => [n.NetworkInterfaceId, n.Attachment?.DeviceIndex]).sort(), [
      [inst.NetworkInterfaces![0]!.NetworkInterfaceId, 0], [e.NetworkInterfaceId, 1],
    ].sort());
    const byInstance = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [inst.InstanceId!] }] }));
    assert.equal(byInstance.NetworkInterfaces!.length, 2);
    // AWS: an attached interface cannot be deleted.
    await rejectsWith(ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: e.NetworkInterfaceId })), 'InvalidNetworkInterface.InUse');
    await ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: r.AttachmentId, Force: true }));
    const detached = await eni(e.NetworkInterfaceId!);
    assert.equal(detached.Status, 'available');
    assert.equal(detached.Attachment, undefined);
    assert.equal((await instance(inst.InstanceId!)).NetworkInterfaces!.length, 1);
    await rejectsWith(ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: r.AttachmentId })), 'InvalidAttachmentID.NotFound');
    await ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: e.NetworkInterfaceId }));
  });

  it('refuses what AWS refuses', async () => {
    const inst = await launch('t2.micro');
    const primaryAttachment = inst.NetworkInterfaces![0]!.Attachment!.AttachmentId!;
    const e = await create();
    const id = e.NetworkInterfaceId!;
    const attach = (extra: Record<string, unknown>) => ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: id, InstanceId: inst.InstanceId, DeviceIndex: 1, ...extra }));
    // AWS: the primary interface (device index 0) cannot be detached.
    await rejectsWith(ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: primaryAttachment })), 'OperationNotPermitted');
    await rejectsWith(attach({ DeviceIndex: 0 }), 'InvalidParameterValue');
    await rejectsWith(attach({ NetworkCardIndex: 1 }), 'InvalidParameterValue');
    await rejectsWith(attach({ InstanceId: 'i-0123456789abcdef0' }), 'InvalidInstanceID.NotFound');
    await rejectsWith(attach({ NetworkInterfaceId: 'eni-0123456789abcdef0' }), 'InvalidNetworkInterfaceID.NotFound');
    await rejectsWith(attach({ EnaSrdSpecification: { EnaSrdEnabled: true } }), 'UnsupportedOperation');
    await rejectsWith(attach({ EnaQueueCount: 2 }), 'UnsupportedOperation');
    // AWS: interface and instance must share the Availability Zone.
    const far = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: otherZoneSubnet }))).NetworkInterface!.NetworkInterfaceId!;
    await rejectsWith(attach({ NetworkInterfaceId: far }), 'InvalidParameterCombination');
    await attach({});
    await rejectsWith(attach({ DeviceIndex: 2 }), 'InvalidNetworkInterface.InUse');
    // t2.micro takes two interfaces.
    const third = await create();
    await rejectsWith(attach({ NetworkInterfaceId: third.NetworkInterfaceId, DeviceIndex: 2 }), 'AttachmentLimitExceeded');
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    await rejectsWith(attach({ NetworkInterfaceId: third.NetworkInterfaceId, DeviceIndex: 2 }), 'IncorrectInstanceState');
    // AWS: at termination an interface that is not deleted on termination is detached and available.
    assert.equal((await eni(id)).Status, 'available');
  });

  it('a secondary interface carries traffic to its secondary addresses (the data plane sees every private address)', async () => {
    const client = ec2;
    const a = await launch();
    const b = await launch();
    const e = await create({ SecondaryPrivateIpAddressCount: 1 });
    await client.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: e.NetworkInterfaceId, InstanceId: b.InstanceId, DeviceIndex: 1 }));
    const secondary = (await eni(e.NetworkInterfaceId!)).PrivateIpAddresses!.find((x) => !x.Primary)!.PrivateIpAddress!;
    const res = await fetch(`${h.url}/_vpce/explain`, { method: 'POST', body: JSON.stringify({ from: a.InstanceId, to: `${secondary}:443/tcp`, account: ACCOUNT, region: 'us-east-1' }) });
    const body = await res.json() as { delivered: boolean; trace: { steps: { kind: string; resourceId?: string; verdict: string }[] } };
    assert.equal(body.delivered, true);
    assert.ok(body.trace.steps.some((s) => s.kind === 'destination' && s.resourceId === e.NetworkInterfaceId));
    // From the internet, Elastic IPs on the primary and on the secondary address both reach the interface.
    const onSecondary = await client.send(new AllocateAddressCommand({}));
    const onPrimary = await client.send(new AllocateAddressCommand({}));
    await client.send(new AssociateAddressCommand({ AllocationId: onSecondary.AllocationId, NetworkInterfaceId: e.NetworkInterfaceId, PrivateIpAddress: secondary }));
    await client.send(new AssociateAddressCommand({ AllocationId: onPrimary.AllocationId, NetworkInterfaceId: e.NetworkInterfaceId }));
    for (const ip of [onSecondary.PublicIp, onPrimary.PublicIp]) {
      const inbound = await fetch(`${h.url}/_vpce/explain`, { method: 'POST', body: JSON.stringify({ from: 'internet@203.0.113.7', to: `${ip}:443/tcp`, account: ACCOUNT, region: 'us-east-1' }) });
      const ib = await inbound.json() as { trace: { steps: { kind: string; verdict: string; note?: string }[] } };
      const igw = ib.trace.steps.find((s) => s.kind === 'internetGateway');
      assert.equal(igw?.verdict, 'forward', JSON.stringify(ib.trace.steps));
      assert.ok(igw?.note?.includes(e.NetworkInterfaceId!), igw?.note);
    }
  });
});

describe('Modify / Reset / DescribeNetworkInterfaceAttribute', () => {
  it('changes one attribute at a time and describes each', async () => {
    const inst = await launch();
    const primary = inst.NetworkInterfaces![0]!;
    const id = primary.NetworkInterfaceId!;
    const attr = async (Attribute: 'description' | 'groupSet' | 'sourceDestCheck' | 'attachment' | 'associatePublicIpAddress') =>
      ec2.send(new DescribeNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Attribute }));
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Description: { Value: 'web' } }));
    assert.deepEqual({ ...(await attr('description')).Description }, { Value: 'web' });
    assert.equal((await attr('description')).NetworkInterfaceId, id);
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, SourceDestCheck: { Value: false } }));
    assert.equal((await attr('sourceDestCheck')).SourceDestCheck?.Value, false);
    assert.equal((await eni(id)).SourceDestCheck, false);
    assert.equal((await instance(inst.InstanceId!)).SourceDestCheck, false, "AWS: the instance's source/destination check is its primary interface's");
    await ec2.send(new ResetNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, SourceDestCheck: 'sourceDestCheck' }));
    assert.equal((await attr('sourceDestCheck')).SourceDestCheck?.Value, true);
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'swap', Description: 'x' }))).GroupId!;
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Groups: [sg, defaultGroup] }));
    assert.deepEqual((await attr('groupSet')).Groups!.map((g) => g.GroupId), [sg, defaultGroup]);
    // AWS: the instance's security groups are its primary interface's.
    assert.deepEqual((await instance(inst.InstanceId!)).SecurityGroups!.map((g) => g.GroupId), [sg, defaultGroup]);
    const att = (await attr('attachment')).Attachment!;
    assert.equal(att.InstanceId, inst.InstanceId);
    assert.equal(att.DeleteOnTermination, true);
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Attachment: { AttachmentId: att.AttachmentId, DeleteOnTermination: false } }));
    assert.equal((await attr('attachment')).Attachment?.DeleteOnTermination, false);
    // The default ENA queue count is the only one: asking for it changes nothing.
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Attachment: { AttachmentId: att.AttachmentId, DefaultEnaQueueCount: true } }));
    assert.equal((await attr('attachment')).Attachment?.DeleteOnTermination, false);
    assert.equal((await attr('associatePublicIpAddress')).AssociatePublicIpAddress, false);
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, AssociatePublicIpAddress: true }));
    assert.equal((await attr('associatePublicIpAddress')).AssociatePublicIpAddress, true);
    const publicIp = (await eni(id)).Association?.PublicIp;
    assert.ok(publicIp);
    assert.equal((await instance(inst.InstanceId!)).PublicIpAddress, publicIp);
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, AssociatePublicIpAddress: false }));
    assert.equal((await instance(inst.InstanceId!)).PublicIpAddress, undefined);
    // Not deleted on termination any more: the interface survives the instance.
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    const kept = await eni(id);
    assert.equal(kept.Status, 'available');
    assert.equal((await ec2.send(new DescribeNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Attribute: 'attachment' }))).Attachment, undefined);
  });

  it('refuses bad requests with the EC2 codes', async () => {
    const e = await create();
    const id = e.NetworkInterfaceId!;
    const modify = (extra: Record<string, unknown>) => ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, ...extra }));
    await rejectsWith(modify({}), 'InvalidParameterCombination');
    await rejectsWith(modify({ Description: { Value: 'a' }, SourceDestCheck: { Value: false } }), 'InvalidParameterCombination');
    await rejectsWith(modify({ Description: { Value: 'd'.repeat(256) } }), 'InvalidParameterValue');
    await rejectsWith(modify({ Groups: ['sg-0123456789abcdef0'] }), 'InvalidGroup.NotFound');
    const otherVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.51.0.0/16' }))).Vpc!.VpcId!;
    const foreign = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [otherVpc] }] }))).SecurityGroups![0]!.GroupId!;
    await rejectsWith(modify({ Groups: [foreign] }), 'InvalidParameter');
    await rejectsWith(modify({ Attachment: { AttachmentId: 'eni-attach-0123456789abcdef0', DeleteOnTermination: true } }), 'InvalidAttachmentID.NotFound');
    await rejectsWith(modify({ Attachment: { DeleteOnTermination: true } }), 'MissingParameter');
    await rejectsWith(modify({ EnaSrdSpecification: { EnaSrdEnabled: true } }), 'UnsupportedOperation');
    await rejectsWith(modify({ ConnectionTrackingSpecification: { UdpTimeout: 60 } }), 'UnsupportedOperation');
    await rejectsWith(modify({ AssociatedSubnetIds: [subnetId] }), 'UnsupportedOperation');
    await rejectsWith(modify({ Attachment: { AttachmentId: 'eni-attach-0123456789abcdef0', EnaQueueCount: 2 } }), 'UnsupportedOperation');
    await rejectsWith(modify({ EnablePrimaryIpv6: true }), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: 'eni-0123456789abcdef0', Description: { Value: 'x' } })), 'InvalidNetworkInterfaceID.NotFound');
    await rejectsWith(ec2.send(new ResetNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id })), 'MissingParameter');
    await rejectsWith(ec2.send(new DescribeNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id })), 'MissingParameter');
    await rejectsWith(ec2.send(new DescribeNetworkInterfaceAttributeCommand({ NetworkInterfaceId: 'eni-0123456789abcdef0', Attribute: 'description' })), 'InvalidNetworkInterfaceID.NotFound');
    const d = await eni(id);
    assert.equal(d.Description, '');
    assert.equal(d.SourceDestCheck, true);
  });
});

describe('authorization (AWS: AttachNetworkInterface and DetachNetworkInterface need the instance and the interface)', () => {
  it('a detach is authorized on the instance and interface its attachment names', async () => {
    const inst = await launch();
    const e = await create();
    const both = h.ec2(await iamUserWith(h, ACCOUNT, 'eni-both', [{
      Effect: 'Allow', Action: ['ec2:AttachNetworkInterface', 'ec2:DetachNetworkInterface'],
      Resource: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${inst.InstanceId}`, `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/${e.NetworkInterfaceId}`],
    }]));
    const eniOnly = h.ec2(await iamUserWith(h, ACCOUNT, 'eni-only', [{
      Effect: 'Allow', Action: ['ec2:AttachNetworkInterface', 'ec2:DetachNetworkInterface'],
      Resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/*`,
    }]));
    await refusedWith(eniOnly.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: e.NetworkInterfaceId, InstanceId: inst.InstanceId, DeviceIndex: 1 })), 'UnauthorizedOperation', /instance\//);
    const { AttachmentId } = await both.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: e.NetworkInterfaceId, InstanceId: inst.InstanceId, DeviceIndex: 1 }));
    await refusedWith(eniOnly.send(new DetachNetworkInterfaceCommand({ AttachmentId })), 'UnauthorizedOperation', /instance\//);
    await both.send(new DetachNetworkInterfaceCommand({ AttachmentId }));
    assert.equal((await eni(e.NetworkInterfaceId!)).Status, 'available');
  });
});
