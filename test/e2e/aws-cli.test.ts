/**
 * @module A shell scenario with the AWS CLI (Debian's awscli v2 in CI): create, describe with filters, an error,
 * a restart that keeps state, and a kill -9 during a burst of writes after which every acknowledged resource
 * is still there. Skips locally (with the reason printed) when no `aws` is installed; never in CI.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveProcess } from './process.js';
import { awsCliSkip, awsEnv, runAws, serviceErrorExit, type CliResult } from './aws-cli.js';

const skip = awsCliSkip('aws-cli scenario');

async function aws(url: string, args: string[]): Promise<CliResult> {
  return runAws(url, ['--output', 'json', ...args], awsEnv('123456789012'));
}

async function ok(url: string, args: string[]): Promise<unknown> {
  const r = await aws(url, args);
  assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

describe('AWS CLI scenario', { skip }, () => {
  it('creates, filters, reports an error, keeps state across restart and a kill -9 mid-burst', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-cli-'));
    let server = await serveProcess(dir);
    try {
      const created = await ok(server.url, ['ec2', 'create-vpc', '--cidr-block', '10.20.0.0/16', '--tag-specifications', 'ResourceType=vpc,Tags=[{Key=Name,Value=cli}]']) as { Vpc: { VpcId: string } };
      const vpcId = created.Vpc.VpcId;
      await ok(server.url, ['ec2', 'create-subnet', '--vpc-id', vpcId, '--cidr-block', '10.20.1.0/24']);
      const filtered = await ok(server.url, ['ec2', 'describe-vpcs', '--filters', 'Name=tag:Name,Values=cli', 'Name=cidr,Values=10.20.*']) as { Vpcs: { VpcId: string }[] };
      assert.deepEqual(filtered.Vpcs.map((v) => v.VpcId), [vpcId]);
      const subnets = await ok(server.url, ['ec2', 'describe-subnets', '--filters', `Name=vpc-id,Values=${vpcId}`, '--query', 'Subnets[].CidrBlock']) as string[];
      assert.deepEqual(subnets, ['10.20.1.0/24']);

      const bad = await aws(server.url, ['ec2', 'create-subnet', '--vpc-id', vpcId, '--cidr-block', '10.20.1.0/25']);
      assert.equal(bad.code, serviceErrorExit());
      assert.match(bad.stderr, /An error occurred \(InvalidSubnet\.Conflict\) when calling the CreateSubnet operation/);

      await server.stop();
      server = await serveProcess(dir);
      const after = await ok(server.url, ['ec2', 'describe-vpcs', '--vpc-ids', vpcId]) as { Vpcs: { Tags: { Key: string; Value: string }[] }[] };
      assert.deepEqual(after.Vpcs[0]!.Tags, [{ Key: 'Name', Value: 'cli' }]);

      // Burst: 4 CLI writers create subnets; the server is killed with SIGKILL after 8 acknowledgements.
      const acknowledged: string[] = [];
      let next = 0;
      let killed = false;
      const writer = async (): Promise<void> => {
        while (!killed && next < 60) {
          const i = next++;
          const r = await aws(server.url, ['ec2', 'create-subnet', '--vpc-id', vpcId, '--cidr-block', `10.20.${10 + i}.0/24`]);
          if (r.code === 0) {
            acknowledged.push((JSON.parse(r.stdout) as { Subnet: { SubnetId: string } }).Subnet.SubnetId);
            if (acknowledged.length >= 8 && !killed) { killed = true; server.child.kill('SIGKILL'); }
          } else if (!killed) {
            assert.fail(`write failed before the kill: ${r.stderr}`);
          }
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
      await server.stop();
      server = await serveProcess(dir);
      const ids = await ok(server.url, ['ec2', 'describe-subnets', '--filters', `Name=vpc-id,Values=${vpcId}`, '--query', 'Subnets[].SubnetId']) as string[];
      assert.deepEqual(acknowledged.filter((id) => !ids.includes(id)), [], 'every acknowledged subnet survives the kill');
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('AWS CLI scenario: VPC endpoints and endpoint services', { skip }, () => {
  it('gateway endpoint routes appear in describe-route-tables, filters work, and an NLB-backed service is created', async () => {
    const server = await serveProcess('memory');
    try {
      const url = server.url;
      const vpcId = ((await ok(url, ['ec2', 'create-vpc', '--cidr-block', '10.40.0.0/16'])) as { Vpc: { VpcId: string } }).Vpc.VpcId;
      const rtb = ((await ok(url, ['ec2', 'create-route-table', '--vpc-id', vpcId])) as { RouteTable: { RouteTableId: string } }).RouteTable.RouteTableId;
      const created = (await ok(url, ['ec2', 'create-vpc-endpoint', '--vpc-id', vpcId, '--service-name', 'com.amazonaws.us-east-1.s3', '--route-table-ids', rtb,
        '--tag-specifications', 'ResourceType=vpc-endpoint,Tags=[{Key=Name,Value=s3gw}]'])) as { VpcEndpoint: { VpcEndpointId: string; State: string; PolicyDocument: string } };
      const vpce = created.VpcEndpoint.VpcEndpointId;
      assert.equal(created.VpcEndpoint.State, 'available');
      assert.match(created.VpcEndpoint.PolicyDocument, /"Principal":"\*"/);
      // AWS: a gateway endpoint adds a route whose destination is the service's prefix list and target the endpoint.
      const routes = (await ok(url, ['ec2', 'describe-route-tables', '--route-table-ids', rtb, '--query', 'RouteTables[0].Routes[?GatewayId!=`local`].[DestinationPrefixListId,GatewayId,Origin]'])) as string[][];
      assert.equal(routes.length, 1);
      assert.match(routes[0]![0]!, /^pl-[0-9a-f]{8}$/);
      assert.deepEqual(routes[0]!.slice(1), [vpce, 'CreateVpcEndpoint']);
      const byTag = (await ok(url, ['ec2', 'describe-vpc-endpoints', '--filters', 'Name=tag:Name,Values=s3gw', 'Name=vpc-endpoint-type,Values=Gateway', '--query', 'VpcEndpoints[].VpcEndpointId'])) as string[];
      assert.deepEqual(byTag, [vpce]);
      const dup = await aws(url, ['ec2', 'create-vpc-endpoint', '--vpc-id', vpcId, '--service-name', 'com.amazonaws.us-east-1.s3', '--route-table-ids', rtb]);
      assert.equal(dup.code, serviceErrorExit());
      assert.match(dup.stderr, /RouteAlreadyExists/);
      const gone = (await ok(url, ['ec2', 'delete-vpc-endpoints', '--vpc-endpoint-ids', vpce, 'vpce-0123456789abcdef0'])) as { Unsuccessful: { ResourceId: string; Error: { Code: string } }[] };
      assert.deepEqual(gone.Unsuccessful.map((u) => [u.ResourceId, u.Error.Code]), [['vpce-0123456789abcdef0', 'InvalidVpcEndpointId.NotFound']]);
      const after = (await ok(url, ['ec2', 'describe-route-tables', '--route-table-ids', rtb, '--query', 'RouteTables[0].Routes[].GatewayId'])) as string[];
      assert.deepEqual(after, ['local']);

      const subnet = ((await ok(url, ['ec2', 'create-subnet', '--vpc-id', vpcId, '--cidr-block', '10.40.1.0/24'])) as { Subnet: { SubnetId: string } }).Subnet.SubnetId;
      const lb = (await ok(url, ['elbv2', 'create-load-balancer', '--name', 'svc', '--type', 'network', '--scheme', 'internal', '--subnets', subnet])) as { LoadBalancers: { LoadBalancerArn: string }[] };
      const svc = (await ok(url, ['ec2', 'create-vpc-endpoint-service-configuration', '--network-load-balancer-arns', lb.LoadBalancers[0]!.LoadBalancerArn, '--acceptance-required'])) as { ServiceConfiguration: { ServiceName: string; ServiceState: string } };
      assert.match(svc.ServiceConfiguration.ServiceName, /^com\.amazonaws\.vpce\.us-east-1\.vpce-svc-[0-9a-f]{17}$/);
      assert.equal(svc.ServiceConfiguration.ServiceState, 'Available');
    } finally {
      await server.stop();
    }
  });
});

