/** @module Error codes that cut across families: malformed IDs per kind, quotas, server faults. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateVpcCidrBlockCommand, CreateDefaultVpcCommand,
  CreateNatGatewayCommand, CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand,
  CreateVpcCommand, DescribeAddressesCommand, DescribeNatGatewaysCommand, DescribeRouteTablesCommand, DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand, DescribeVpnGatewaysCommand, RunInstancesCommand, TerminateInstancesCommand,
  DescribeVpcsCommand, EC2Client,
} from '@aws-sdk/client-ec2';
import { memoryStore } from '../../src/persistence/memory-store.js';
import type { StateStore } from '../../src/persistence/state-store.js';
import { rejectsWith, startHarness, type Harness } from './harness.js';

let h: Harness;
let ec2: EC2Client;
before(async () => { h = await startHarness(); ec2 = h.ec2('555555555555'); });
after(async () => { await h.close(); });

describe('malformed IDs answer the kind\'s .Malformed code (AWS: "Error codes for the Amazon EC2 API")', () => {
  it('subnets, route tables, allocations, peering connections, VPN gateways, NAT gateways', async () => {
    await rejectsWith(ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet_bad'] })), 'InvalidSubnetID.Malformed');
    await rejectsWith(ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: ['rtb'] })), 'InvalidRouteTableId.Malformed');
    await rejectsWith(ec2.send(new DescribeAddressesCommand({ AllocationIds: ['alloc-1'] })), 'InvalidAllocationID.Malformed');
    await rejectsWith(ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: ['peer-1'] })), 'InvalidVpcPeeringConnectionId.Malformed');
    await rejectsWith(ec2.send(new DescribeVpnGatewaysCommand({ VpnGatewayIds: ['vpn-1'] })), 'InvalidVpnGatewayID.Malformed');
    await rejectsWith(ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: ['gw-1'] })), 'NatGatewayMalformed');
  });
});

describe('quotas and states', () => {
  it('CidrLimitExceeded beyond 5 IPv4 blocks per VPC (AWS: "VPC CIDR blocks" quota)', async () => {
    const id = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.100.0.0/16' }))).Vpc!.VpcId!;
    for (let i = 1; i <= 4; i++) await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: id, CidrBlock: `10.${100 + i}.0.0/16` }));
    await rejectsWith(ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: id, CidrBlock: '10.110.0.0/16' })), 'CidrLimitExceeded');
  });

  it('DefaultVpcAlreadyExists when a default VPC exists (AWS: CreateDefaultVpc)', async () => {
    await rejectsWith(ec2.send(new CreateDefaultVpcCommand({})), 'DefaultVpcAlreadyExists');
  });

  it('NatGatewayLimitExceeded beyond 5 NAT gateways per Availability Zone (AWS: NAT gateway quotas)', async () => {
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.120.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.120.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    for (let i = 0; i < 5; i++) await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, ConnectivityType: 'private' }));
    await rejectsWith(ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, ConnectivityType: 'private' })), 'NatGatewayLimitExceeded');
  });

  it('IncorrectInstanceState for a route to a terminated instance', async () => {
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.121.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.121.1.0/24' }))).Subnet!.SubnetId!;
    const inst = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnet }))).Instances![0]!.InstanceId!;
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst] }));
    const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', InstanceId: inst })), 'IncorrectInstanceState');
  });
});

describe('server faults', () => {
  it('answers InternalError (500) when the store cannot commit, and applies nothing', async () => {
    const inner = memoryStore();
    let failing = false;
    const store: StateStore = { ...inner, commit: (c) => { if (failing) throw new Error('disk full'); inner.commit(c); } };
    const h2 = await startHarness(store);
    const client = h2.ec2('666666666666');
    try {
      const before = (await client.send(new DescribeVpcsCommand({}))).Vpcs!.length;
      failing = true;
      const original = console.error;
      console.error = () => {};
      try {
        await rejectsWith(client.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' })), 'InternalError', 500);
      } finally {
        console.error = original;
      }
      failing = false;
      assert.equal((await client.send(new DescribeVpcsCommand({}))).Vpcs!.length, before);
    } finally {
      await h2.close();
    }
  });
});
