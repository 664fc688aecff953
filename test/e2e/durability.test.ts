/** @module State survives restarts, and `kill -9` during a burst of writes loses no acknowledged write. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSubnetCommand, CreateVpcCommand, DescribeNetworkAclsCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { serveProcess } from './process.js';

function ec2(url: string): EC2Client {
  return new EC2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' }, maxAttempts: 1 });
}

describe('durable state (SQLite, WAL)', () => {
  it('restores every resource after a clean restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-restart-'));
    try {
      let server = await serveProcess(dir);
      let client = ec2(server.url);
      const { Vpc } = await client.send(new CreateVpcCommand({ CidrBlock: '10.10.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'keep' }] }] }));
      const { Subnet } = await client.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.10.1.0/24' }));
      client.destroy();
      await server.stop();
      server = await serveProcess(dir);
      client = ec2(server.url);
      const vpcs = await client.send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] }));
      assert.deepEqual(vpcs.Vpcs![0]!.Tags, [{ Key: 'Name', Value: 'keep' }]);
      const subnets = await client.send(new DescribeSubnetsCommand({ SubnetIds: [Subnet!.SubnetId!] }));
      assert.equal(subnets.Subnets![0]!.CidrBlock, '10.10.1.0/24');
      client.destroy();
      await server.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loses no acknowledged write and leaves no half-made VPC when killed with SIGKILL mid-burst', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-kill-'));
    try {
      let server = await serveProcess(dir);
      let client = ec2(server.url);
      const acknowledged: string[] = [];
      let next = 0;
      let killed = false;
      // 16 writers create VPCs until the server is killed after 150 acknowledgements.
      const writer = async (): Promise<void> => {
        while (!killed) {
          const i = next++;
          try {
            const r = await client.send(new CreateVpcCommand({ CidrBlock: `10.${i % 250}.0.0/16` }));
            acknowledged.push(r.Vpc!.VpcId!);
            if (acknowledged.length >= 150 && !killed) { killed = true; server.child.kill('SIGKILL'); }
          } catch {
            if (!killed) throw new Error('write failed before the kill');
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, writer));
      client.destroy();
      await server.stop();
      server = await serveProcess(dir);
      client = ec2(server.url);
      const vpcs = new Set((await client.send(new DescribeVpcsCommand({}))).Vpcs!.map((v) => v.VpcId!));
      const missing = acknowledged.filter((id) => !vpcs.has(id));
      assert.deepEqual(missing, [], 'every acknowledged VPC survives');
      // Atomicity: each VPC that exists has all of its companions (main table, default group, default ACL).
      const tables = (await client.send(new DescribeRouteTablesCommand({}))).RouteTables!;
      const groups = (await client.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!;
      const acls = (await client.send(new DescribeNetworkAclsCommand({}))).NetworkAcls!;
      for (const id of vpcs) {
        assert.ok(tables.some((t) => t.VpcId === id && t.Associations?.some((a) => a.Main)), `main route table of ${id}`);
        assert.ok(groups.some((g) => g.VpcId === id && g.GroupName === 'default'), `default group of ${id}`);
        assert.ok(acls.some((a) => a.VpcId === id && a.IsDefault), `default ACL of ${id}`);
      }
      client.destroy();
      await server.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
