/** @module VPC peering across accounts and Regions through @aws-sdk/client-ec2. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptVpcPeeringConnectionCommand, CreateRouteCommand, CreateRouteTableCommand, CreateVpcCommand,
  CreateVpcPeeringConnectionCommand, DeleteVpcCommand, DeleteVpcPeeringConnectionCommand, DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand, RejectVpcPeeringConnectionCommand, type EC2Client, type VpcPeeringConnection,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { createVpcId } from './fixtures.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const vpc = createVpcId;
async function one(ec2: EC2Client, id: string): Promise<VpcPeeringConnection> {
  return (await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }))).VpcPeeringConnections![0]!;
}

describe('VPC peering in one account and Region', () => {
  it('goes pending-acceptance -> active -> deleted, with routes active then blackhole', async () => {
    const ec2 = h.ec2('444444444401');
    const a = await vpc(ec2, '10.1.0.0/16');
    const b = await vpc(ec2, '10.2.0.0/16');
    const made = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b, TagSpecifications: [{ ResourceType: 'vpc-peering-connection', Tags: [{ Key: 'Name', Value: 'ab' }] }] }))).VpcPeeringConnection!;
    const id = made.VpcPeeringConnectionId!;
    assert.match(id, /^pcx-[0-9a-f]{17}$/);
    assert.equal(made.Status?.Code, 'initiating-request');
    assert.deepEqual([made.RequesterVpcInfo?.VpcId, made.RequesterVpcInfo?.CidrBlock, made.AccepterVpcInfo?.VpcId], [a, '10.1.0.0/16', b]);
    let pcx = await one(ec2, id);
    assert.equal(pcx.Status?.Code, 'pending-acceptance');
    assert.ok(pcx.ExpirationTime, 'a pending request has an expiration time (AWS: expires after 7 days)');
    // A route may target a pending connection; it is a blackhole until the connection is active.
    const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: a }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '10.2.0.0/16', VpcPeeringConnectionId: id }));
    const state = async (): Promise<string | undefined> =>
      (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rt] }))).RouteTables![0]!.Routes!.find((r) => r.VpcPeeringConnectionId === id)?.State;
    assert.equal(await state(), 'blackhole');
    const accepted = await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    assert.equal(accepted.VpcPeeringConnection?.Status?.Code, 'active');
    assert.equal(accepted.VpcPeeringConnection?.AccepterVpcInfo?.CidrBlock, '10.2.0.0/16');
    assert.equal(await state(), 'active');
    const byPcx = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.vpc-peering-connection-id', Values: [id] }] }));
    assert.deepEqual(byPcx.RouteTables!.map((t) => t.RouteTableId), [rt]);
    // AWS: accepting a connection that is not pending-acceptance is an invalid state transition.
    await rejectsWith(ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })), 'InvalidStateTransition');
    await rejectsWith(ec2.send(new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })), 'InvalidStateTransition');
    // AWS: only one connection between the same two VPCs at a time.
    await rejectsWith(ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: b, PeerVpcId: a })), 'VpcPeeringConnectionAlreadyExists');
    for (const [name, value] of [['status-code', 'active'], ['requester-vpc-info.vpc-id', a], ['accepter-vpc-info.vpc-id', b], ['vpc-peering-connection-id', id], ['tag:Name', 'ab'], ['accepter-vpc-info.cidr-block', '10.2.0.0/16']] as const) {
      const r = await ec2.send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: name, Values: [value] }] }));
      assert.deepEqual(r.VpcPeeringConnections!.map((c) => c.VpcPeeringConnectionId), [id], name);
    }
    const del = await ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    assert.equal(del.Return, true);
    pcx = await one(ec2, id);
    assert.equal(pcx.Status?.Code, 'deleted');
    assert.equal(await state(), 'blackhole');
    await rejectsWith(ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })), 'InvalidStateTransition');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: id })), 'InvalidVpcPeeringConnectionID.NotFound');
  });

  it('fails a request between overlapping CIDR blocks (AWS: status failed) and checks the peer VPC of the own account', async () => {
    const ec2 = h.ec2('444444444402');
    const a = await vpc(ec2, '10.3.0.0/16');
    const b = await vpc(ec2, '10.3.128.0/17');
    const made = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b }))).VpcPeeringConnection!;
    assert.equal(made.Status?.Code, 'failed');
    assert.equal((await one(ec2, made.VpcPeeringConnectionId!)).Status?.Code, 'failed');
    await rejectsWith(ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: made.VpcPeeringConnectionId })), 'InvalidStateTransition');
    await rejectsWith(ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: 'vpc-0123456789abcdef0' })), 'InvalidVpcID.NotFound');
    await rejectsWith(ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: 'vpc-0123456789abcdef0', PeerVpcId: a })), 'InvalidVpcID.NotFound');
    await rejectsWith(ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a })), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: a })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: ['pcx-0123456789abcdef0'] })), 'InvalidVpcPeeringConnectionID.NotFound');
    await rejectsWith(ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: 'pcx-0123456789abcdef0' })), 'InvalidVpcPeeringConnectionID.NotFound');
  });

  it('refuses a route through a connection that does not involve the table\'s VPC', async () => {
    const ec2 = h.ec2('444444444403');
    const a = await vpc(ec2, '10.4.0.0/16');
    const b = await vpc(ec2, '10.5.0.0/16');
    const c = await vpc(ec2, '10.6.0.0/16');
    const id = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: c }))).RouteTable!.RouteTableId!;
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '10.5.0.0/16', VpcPeeringConnectionId: id })), 'InvalidParameterValue');
  });

  it('marks the connection deleted when one of its VPCs is deleted (AWS: deleting a VPC deletes its peering connections)', async () => {
    const ec2 = h.ec2('444444444404');
    const a = await vpc(ec2, '10.7.0.0/16');
    const b = await vpc(ec2, '10.8.0.0/16');
    const id = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    await ec2.send(new DeleteVpcCommand({ VpcId: b }));
    assert.equal((await one(ec2, id)).Status?.Code, 'deleted');
  });
});

describe('VPC peering across accounts and Regions', () => {
  it('is visible to both sides only; only the accepter accepts (AWS: OperationNotPermitted) in its own Region', async () => {
    const req = h.ec2('444444444410', 'us-east-1');
    const acc = h.ec2('444444444411', 'eu-west-1');
    const accWrongRegion = h.ec2('444444444411', 'us-east-1');
    const stranger = h.ec2('444444444412', 'us-east-1');
    const a = await vpc(req, '10.10.0.0/16');
    const b = await vpc(acc, '10.11.0.0/16');
    const id = (await req.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b, PeerOwnerId: '444444444411', PeerRegion: 'eu-west-1' }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    const seen = await one(acc, id);
    assert.deepEqual([seen.Status?.Code, seen.RequesterVpcInfo?.OwnerId, seen.RequesterVpcInfo?.Region, seen.AccepterVpcInfo?.Region],
      ['pending-acceptance', '444444444410', 'us-east-1', 'eu-west-1']);
    await rejectsWith(stranger.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] })), 'InvalidVpcPeeringConnectionID.NotFound');
    assert.deepEqual((await stranger.send(new DescribeVpcPeeringConnectionsCommand({}))).VpcPeeringConnections, []);
    await rejectsWith(accWrongRegion.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })), 'InvalidVpcPeeringConnectionID.NotFound');
    await rejectsWith(req.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })), 'OperationNotPermitted');
    await rejectsWith(req.send(new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })), 'OperationNotPermitted');
    // AWS: the accepter rejects a pending request rather than deleting it.
    await rejectsWith(acc.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })), 'OperationNotPermitted');
    const pending = await acc.send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'status-code', Values: ['pending-acceptance'] }, { Name: 'requester-vpc-info.owner-id', Values: ['444444444410'] }] }));
    assert.deepEqual(pending.VpcPeeringConnections!.map((c) => c.VpcPeeringConnectionId), [id]);
    await acc.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    assert.equal((await one(req, id)).Status?.Code, 'active');
    // Either owner may delete an active connection.
    await acc.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    assert.equal((await one(req, id)).Status?.Code, 'deleted');
  });

  it('rejects, and fails a request to a VPC that does not exist in the other account', async () => {
    const req = h.ec2('444444444420');
    const acc = h.ec2('444444444421');
    const a = await vpc(req, '10.20.0.0/16');
    const b = await vpc(acc, '10.21.0.0/16');
    const id = (await req.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b, PeerOwnerId: '444444444421' }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    const rejected = await acc.send(new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    assert.equal(rejected.Return, true);
    assert.equal((await one(req, id)).Status?.Code, 'rejected');
    // AWS: a rejected connection cannot be deleted.
    await rejectsWith(req.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })), 'InvalidStateTransition');
    const ghost = (await req.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: 'vpc-0123456789abcdef0', PeerOwnerId: '444444444421' }))).VpcPeeringConnection!;
    assert.equal(ghost.Status?.Code, 'failed');
    await rejectsWith(req.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b, PeerRegion: 'mars-north-1' })), 'InvalidParameterValue');
  });
});

describe('DeleteVpc and pending peering requests', () => {
  it('refuses to delete a VPC with a pending-acceptance request from another account (AWS: DeleteVpc API reference)', async () => {
    const h2 = await startHarness();
    try {
      const requester = h2.ec2('333333333333');
      const accepter = h2.ec2('444444444444');
      const a = (await requester.send(new CreateVpcCommand({ CidrBlock: '10.61.0.0/16' }))).Vpc!.VpcId!;
      const b = (await accepter.send(new CreateVpcCommand({ CidrBlock: '10.62.0.0/16' }))).Vpc!.VpcId!;
      const pcx = (await requester.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b, PeerOwnerId: '444444444444' }))).VpcPeeringConnection!;
      await rejectsWith(accepter.send(new DeleteVpcCommand({ VpcId: b })), 'DependencyViolation');
      await requester.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx.VpcPeeringConnectionId }));
      await accepter.send(new DeleteVpcCommand({ VpcId: b }));
    } finally {
      await h2.close();
    }
  });
});
