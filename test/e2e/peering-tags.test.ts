/** @module Each side of a cross-account peering connection tags it for itself, through @aws-sdk/client-ec2. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptVpcPeeringConnectionCommand, CreateTagsCommand, CreateVpcPeeringConnectionCommand, DeleteTagsCommand,
  DescribeTagsCommand, DescribeVpcPeeringConnectionsCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { createVpcId } from './fixtures.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

async function tagsSeen(ec2: EC2Client, id: string): Promise<Record<string, string>> {
  const pcx = (await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }))).VpcPeeringConnections![0]!;
  return Object.fromEntries((pcx.Tags ?? []).map((t) => [t.Key!, t.Value!]));
}

// AWS: a cross-account peering connection is a resource in the accepter's account too, tagged by it alone
// (Terraform's aws_vpc_peering_connection and aws_vpc_peering_connection_accepter each manage their side's tags).
describe('tags of a cross-account peering connection are per side', () => {
  it('the requester and the accepter each see and change only their own tags', async () => {
    const requester = h.ec2('555555555501');
    const accepter = h.ec2('555555555502');
    const a = await createVpcId(requester, '10.1.0.0/16');
    const b = await createVpcId(accepter, '10.2.0.0/16');
    const id = (await requester.send(new CreateVpcPeeringConnectionCommand({
      VpcId: a, PeerVpcId: b, PeerOwnerId: '555555555502',
      TagSpecifications: [{ ResourceType: 'vpc-peering-connection', Tags: [{ Key: 'Side', Value: 'requester' }] }],
    }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    assert.deepEqual(await tagsSeen(accepter, id), {});
    const accepted = await accepter.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    assert.equal(accepted.VpcPeeringConnection?.Tags?.length ?? 0, 0);
    await accepter.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'Side', Value: 'accepter' }, { Key: 'Team', Value: 'net' }] }));
    assert.deepEqual(await tagsSeen(requester, id), { Side: 'requester' });
    assert.deepEqual(await tagsSeen(accepter, id), { Side: 'accepter', Team: 'net' });
    const byFilter = await accepter.send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'tag:Side', Values: ['accepter'] }] }));
    assert.deepEqual(byFilter.VpcPeeringConnections?.map((p) => p.VpcPeeringConnectionId), [id]);
    const requesterView = await requester.send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'tag:Side', Values: ['accepter'] }] }));
    assert.equal(requesterView.VpcPeeringConnections?.length, 0);
    const described = await accepter.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }] }));
    assert.deepEqual(described.Tags?.map((t) => `${t.Key}=${t.Value}`), ['Side=accepter', 'Team=net']);
    await accepter.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'Team' }] }));
    assert.deepEqual(await tagsSeen(accepter, id), { Side: 'accepter' });
    assert.deepEqual(await tagsSeen(requester, id), { Side: 'requester' });
  });
});
