/**
 * @module Parameters of served operations that name features vpce does not model are refused with an AWS error,
 * never accepted and dropped, and a refused call changes nothing (through @aws-sdk/client-ec2).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AllocateAddressCommand, AssociateRouteTableCommand, CreateManagedPrefixListCommand, CreateNatGatewayCommand, CreateRouteTableCommand,
  DescribeNatGatewaysCommand, DescribeRouteTablesCommand, ModifyManagedPrefixListCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

let h: Harness;
let ec2: EC2Client;
before(async () => { h = await startHarness(); ec2 = h.ec2('616161616161'); });
after(async () => { await h.close(); });

describe('refused, not dropped', () => {
  it('CreateNatGateway: regional mode (UnsupportedOperation), VpcId/AvailabilityZoneAddresses without it (InvalidParameterCombination), secondary addresses (UnsupportedOperation)', async () => {
    const { vpcId, subnetId } = await vpcWithSubnet(ec2, '10.70.0.0/16', '10.70.1.0/24');
    const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    await rejectsWith(ec2.send(new CreateNatGatewayCommand({ AvailabilityMode: 'regional', VpcId: vpcId })), 'UnsupportedOperation');
    await rejectsWith(ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: eip, VpcId: vpcId })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: eip, SecondaryPrivateIpAddressCount: 2 })), 'UnsupportedOperation');
    await rejectsWith(ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, ConnectivityType: 'private', SecondaryPrivateIpAddresses: ['10.70.1.50'] })), 'UnsupportedOperation');
    assert.equal((await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways?.length ?? 0, 0, 'nothing was made');
    // The zonal mode, named explicitly, is what vpce serves.
    const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: eip, AvailabilityMode: 'zonal' }))).NatGateway!;
    assert.match(nat.NatGatewayId!, /^nat-/);
  });
  it('AssociateRouteTable with a public IPv4 pool: InvalidPublicIpv4PoolID.NotFound, no association made', async () => {
    const { vpcId, subnetId } = await vpcWithSubnet(ec2, '10.71.0.0/16', '10.71.1.0/24');
    const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await rejectsWith(ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: subnetId, PublicIpv4Pool: 'ipv4pool-ec2-0123456789abcdef0' })), 'InvalidPublicIpv4PoolID.NotFound');
    const table = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rt] }))).RouteTables![0]!;
    assert.deepEqual(table.Associations ?? [], []);
  });
  it('ModifyManagedPrefixList with IpamPrefixListResolverSyncEnabled: InvalidParameterValue, the list unchanged', async () => {
    const pl = (await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: 'office', MaxEntries: 5, AddressFamily: 'IPv4' }))).PrefixList!;
    await rejectsWith(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: pl.PrefixListId, CurrentVersion: pl.Version, IpamPrefixListResolverSyncEnabled: true, AddEntries: [{ Cidr: '10.9.0.0/16' }] })), 'InvalidParameterValue');
    const ok = await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: pl.PrefixListId, CurrentVersion: pl.Version, AddEntries: [{ Cidr: '10.9.0.0/16' }] }));
    assert.equal(ok.PrefixList?.Version, (pl.Version ?? 0) + 1, 'the refused call did not bump the version');
  });
});
