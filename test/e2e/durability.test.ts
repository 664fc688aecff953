/** @module State survives restarts, and `kill -9` during a burst of writes loses no acknowledged write. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSubnetCommand, CreateVpcCommand, DescribeNetworkAclsCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { spawn } from 'node:child_process';
import { CLI, serveProcess } from './process.js';

function ec2(url: string): EC2Client {
  return new EC2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' }, maxAttempts: 1 });
}

describe('durable state (SQLite, WAL)', () => {
  // One server per state directory: a second `vpce serve` on the same state would serve a diverging copy of it.
  it('refuses a second server on a state directory in use, saying so (exit 2), and opens it once the first stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-lock-'));
    try {
      const first = await serveProcess(dir);
      const second = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--state', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      second.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const guard = setTimeout(() => second.kill('SIGKILL'), 10_000);
      const code = await new Promise<number | null>((resolve) => second.once('exit', (c) => resolve(c)));
      clearTimeout(guard);
      assert.equal(code, 2, stderr);
      assert.match(stderr, /is in use by another vpce process/);
      // The first server still answers; after it is killed, the state opens again at once.
      const client = ec2(first.url);
      await client.send(new CreateVpcCommand({ CidrBlock: '10.11.0.0/16' }));
      client.destroy();
      await first.stop('SIGKILL');
      const again = await serveProcess(dir);
      const c2 = ec2(again.url);
      assert.ok((await c2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.11.0.0/16'] }] }))).Vpcs!.length === 1);
      c2.destroy();
      await again.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

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
