/**
 * @module `vpce import` and `vpce snapshot`: real AWS CLI outputs (Batfish's AWS snapshots, Apache 2.0, see
 * test/fixtures/aws-snapshots/README.md) and vpce's own fixtures imported into a state, read back through the EC2 and
 * ELBv2 APIs with the SDK, round-tripped through `vpce snapshot`, and traced with explain.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AllocateAddressCommand, AttachInternetGatewayCommand, AuthorizeSecurityGroupEgressCommand, CreateInternetGatewayCommand, CreateManagedPrefixListCommand,
  CreateNatGatewayCommand, CreateNetworkAclCommand, CreateNetworkAclEntryCommand, CreateRouteCommand, CreateSecurityGroupCommand, CreateSubnetCommand,
  CreateVpcCommand, CreateVpcEndpointCommand, CreateVpcEndpointServiceConfigurationCommand, ModifyVpcAttributeCommand, ModifyVpcEndpointServicePermissionsCommand, RunInstancesCommand,
  DescribeInstancesCommand, DescribeManagedPrefixListsCommand, DescribeNatGatewaysCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand, DescribeVpcEndpointsCommand, DescribeVpcPeeringConnectionsCommand, DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DescribeListenersCommand, DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand, RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { runImport, type ImportSummary } from '../../src/cli/import.js';
import { runSnapshot } from '../../src/cli/snapshot.js';
import { sqliteStore } from '../../src/persistence/sqlite-store.js';
import { startHarness, type Harness } from './harness.js';
import { runVpce } from './process.js';
import { awsCliSkip, jsonCli } from './aws-cli.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));
const snapshots = (name: string): string => join(FIXTURES, 'aws-snapshots', name);
const ours = (name: string): string => join(FIXTURES, 'analyzer', name);

const temp: string[] = [];
const tempDir = (): string => { const d = mkdtempSync(join(tmpdir(), 'vpce-import-')); temp.push(d); return d; };
after(() => { for (const d of temp) rmSync(d, { recursive: true, force: true }); });

/** A server on a state the import wrote (S3 buckets from the same folder); closing it releases the state. */
async function serveState(dir: string): Promise<Harness> {
  const store = sqliteStore(dir);
  const h = await startHarness(store, dir);
  return { ...h, close: async () => { await h.close(); store.close(); } };
}

const codes = (s: ImportSummary, severity: string): string[] => s.findings.filter((f) => f.severity === severity).map((f) => `${f.code} ${f.resourceId ?? f.file ?? ''}`);

describe('vpce import of the aws-snapshots fixtures', () => {
  const expected: Record<string, { account: string; counts: Record<string, number>; leftOut?: string[] }> = {
    'hybrid-cloud': { account: '118292266645', counts: { volume: 5, address: 1, dhcpOptions: 1, instance: 4, internetGateway: 3, managedPrefixList: 2, networkAcl: 4, networkInterface: 9, routeTable: 5, securityGroup: 11, subnet: 10, vpc: 4, vpnGateway: 1 } },
    'nat-gateway': { account: '554773406868', counts: { volume: 3, instance: 3, internetGateway: 1, natGateway: 1, networkAcl: 2, networkInterface: 4, routeTable: 3, securityGroup: 3, subnet: 3, vpc: 1 } },
    'load-balancer': { account: '554773406868', counts: { volume: 3, instance: 3, internetGateway: 1, listener: 1, loadBalancer: 1, managedPrefixList: 2, networkAcl: 1, networkInterface: 5, routeTable: 2, securityGroup: 3, subnet: 3, targetGroup: 1, vpc: 1 },
      // Three of its four target groups are in a VPC the snapshot does not hold: left out, each an error finding.
      leftOut: ['target1', 'target2', 'target3'] },
    'vpc-peering': { account: '554773406868', counts: { volume: 3, instance: 3, networkAcl: 3, networkInterface: 3, routeTable: 3, securityGroup: 6, subnet: 3, vpc: 3, vpcPeeringConnection: 2 } },
    'public-private-subnet': { account: '554773406868', counts: { volume: 2, instance: 2, internetGateway: 1, networkAcl: 1, networkInterface: 2, routeTable: 2, securityGroup: 3, subnet: 2, vpc: 1, vpnGateway: 1 } },
    'vpn-gateway': { account: '554773406868', counts: { volume: 1, instance: 1, networkAcl: 1, networkInterface: 1, routeTable: 1, securityGroup: 3, subnet: 1, vpc: 1, vpnGateway: 1 } },
  };
  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: counts per kind, the account from OwnerId, only records with a missing parent left out`, () => {
      const s = runImport(snapshots(name), { state: tempDir() });
      assert.equal(s.account, want.account);
      assert.deepEqual(s.counts, want.counts);
      assert.deepEqual(s.findings.filter((f) => f.severity === 'error').map((f) => /targetgroup\/([^/]+)\//.exec(f.resourceId ?? '')?.[1] ?? f.resourceId), want.leftOut ?? []);
    });
  }

  it('hybrid-cloud through the EC2 API: real ids, the Region from the folder, no default VPC added, a route to a missing NAT gateway is a blackhole', async () => {
    const dir = tempDir();
    const s = runImport(snapshots('hybrid-cloud'), { state: dir });
    assert.ok(codes(s, 'warning').includes('missing-reference rtb-f28e418b'), 'the missing NAT gateway is a finding');
    const h = await serveState(dir);
    try {
      const ec2 = h.ec2('118292266645', 'us-west-2');
      const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!;
      assert.equal(vpcs.length, 4);
      assert.ok(vpcs.some((v) => v.VpcId === 'vpc-815775e7'));
      // The account's own default VPC (172.31.0.0/16) is imported; vpce adds none of its own.
      assert.equal(vpcs.filter((v) => v.IsDefault === true).length, 1);
      const rt = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: ['rtb-f28e418b'] }))).RouteTables![0]!;
      const toNat = rt.Routes!.find((r) => r.NatGatewayId === 'nat-055c00735cace0ec4');
      assert.equal(toNat?.State, 'blackhole');
      const pls = (await ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ['pl-68a54001'] }))).PrefixLists!;
      assert.equal(pls[0]?.PrefixListName, 'com.amazonaws.us-west-2.s3');
      const reservations = (await ec2.send(new DescribeInstancesCommand({}))).Reservations!;
      assert.equal(reservations.flatMap((r) => r.Instances ?? []).length, 4);
      const sg = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!;
      assert.equal(sg.length, 11);
    } finally { await h.close(); }
  });

  it('nat-gateway and vpc-peering through the EC2 API: the NAT gateway and the peering connection keep their ids and wiring', async () => {
    const dir = tempDir();
    runImport(snapshots('nat-gateway'), { state: dir });
    let h = await serveState(dir);
    try {
      const ec2 = h.ec2('554773406868', 'us-east-2');
      const nat = (await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways!;
      assert.deepEqual(nat.map((n) => [n.NatGatewayId, n.SubnetId, n.NatGatewayAddresses?.[0]?.PublicIp]), [['nat-07ab4846da51f4612', 'subnet-0428892a357fa1f94', '3.135.127.225']]);
      const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!;
      assert.equal(subnets.length, 3);
    } finally { await h.close(); }
    const dir2 = tempDir();
    runImport(snapshots('vpc-peering'), { state: dir2 });
    h = await serveState(dir2);
    try {
      const pcx = (await h.ec2('554773406868', 'us-east-2').send(new DescribeVpcPeeringConnectionsCommand({}))).VpcPeeringConnections!;
      assert.equal(pcx.length, 2);
      assert.ok(pcx.every((p) => p.VpcPeeringConnectionId?.startsWith('pcx-') && p.Status?.Code === 'active'));
    } finally { await h.close(); }
  });

  it('nat-gateway traced: the private instance reaches the internet through the imported NAT gateway, the isolated one has no route', async () => {
    const dir = tempDir();
    runImport(snapshots('nat-gateway'), { state: dir });
    const q = { to: '8.8.8.8:443/tcp', account: '554773406868', region: 'us-east-2' };
    const priv = await explain(dir, { ...q, from: 'i-0a128d26e59be60f3' });
    assert.equal(priv.delivered, true);
    assert.ok(priv.trace.steps.some((st) => st.resourceId === 'nat-07ab4846da51f4612'), 'through the NAT gateway');
    const isolated = await explain(dir, { ...q, from: 'i-0a73a1a6021c03ddb' });
    assert.equal(isolated.delivered, false);
  });

  it('load-balancer through the ELBv2 API: load balancer, target groups and the listener keep their ARNs', async () => {
    const dir = tempDir();
    runImport(snapshots('load-balancer'), { state: dir });
    const h = await serveState(dir);
    try {
      const elb = h.elbv2('554773406868', 'us-east-2');
      const lbs = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers!;
      const arn = 'arn:aws:elasticloadbalancing:us-east-2:554773406868:loadbalancer/net/test-lb/725b996cb6be8fba';
      assert.deepEqual(lbs.map((l) => l.LoadBalancerArn), [arn]);
      const listeners = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: arn }))).Listeners!;
      assert.equal(listeners[0]?.DefaultActions?.[0]?.TargetGroupArn, 'arn:aws:elasticloadbalancing:us-east-2:554773406868:targetgroup/test-lb-tg/8e891d8fcdf8ece8');
      assert.deepEqual((await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups!.map((t) => t.TargetGroupName), ['test-lb-tg']);
    } finally { await h.close(); }
  });
});

describe('vpce import of broken data', () => {
  it('a subnet in a missing VPC is left out, a route to a missing gateway stays as a blackhole, unknown and unreadable files are reported', async () => {
    const dir = tempDir();
    const s = runImport(ours('broken-references'), { state: dir });
    assert.equal(s.account, '123456789012');
    assert.deepEqual(codes(s, 'error'), ['missing-reference subnet-0e99b93155EXAMPLE']);
    const warnings = codes(s, 'warning');
    assert.ok(warnings.includes('missing-reference rtb-09ba434c1bEXAMPLE'), warnings.join('\n'));
    assert.ok(warnings.includes('unsupported-route rtb-09ba434c1bEXAMPLE'), 'a transit gateway route is reported');
    assert.ok(warnings.some((w) => w.startsWith('unknown-file') && w.endsWith('list-buckets.json')));
    assert.ok(warnings.some((w) => w.startsWith('unreadable-file') && w.endsWith('notes.json')));
    assert.ok(warnings.includes('invalid-value subnet-0c1d2e3f40EXAMPLE'), 'a subnet outside its VPC\'s blocks is reported');
    assert.equal(s.counts['subnet'], 2);
    // Where each record came from, for tools that point back at the files (vpce lint's SARIF locations).
    const sources = JSON.parse(readFileSync(join(dir, 'import-sources.json'), 'utf8')) as { records: Record<string, { file: string; region: string }> };
    assert.match(sources.records['subnet-0bb1c79de3EXAMPLE']!.file, /broken-references\/describe-subnets\.json$/);
    assert.equal(sources.records['subnet-0bb1c79de3EXAMPLE']!.region, 'us-west-2');
    assert.equal(sources.records['subnet-0e99b93155EXAMPLE'], undefined, 'a record left out has no source');
    const h = await serveState(dir);
    try {
      const ec2 = h.ec2('123456789012', 'us-west-2');
      const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!;
      assert.deepEqual(subnets.map((x) => x.SubnetId), ['subnet-0bb1c79de3EXAMPLE', 'subnet-0c1d2e3f40EXAMPLE']);
      const rt = (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables![0]!;
      assert.deepEqual(rt.Routes!.map((r) => [r.DestinationCidrBlock, r.GatewayId ?? r.NatGatewayId, r.State]), [['10.0.0.0/16', 'local', 'active'], ['0.0.0.0/0', 'nat-06c018cbd8EXAMPLE', 'blackhole']]);
    } finally { await h.close(); }
  });

  it('a path that does not exist is refused with what to give instead; a bad --account or --region is refused', () => {
    assert.throws(() => runImport(join(tempDir(), 'nope'), { state: tempDir() }), /no file or folder .*aws ec2 describe-vpcs/);
    assert.throws(() => runImport(ours('broken-references'), { state: tempDir(), account: '12' }), /--account must be a 12-digit account id/);
    assert.throws(() => runImport(ours('broken-references'), { state: tempDir(), region: 'mars-1' }), /--region 'mars-1' is not a Region/);
  });
});

/** Every file under `dir`, relative path -> text. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p); else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

async function explain(dir: string, body: Record<string, unknown>): Promise<{ delivered: boolean; allowed: boolean; trace: { steps: { kind: string; resourceId: string }[] } }> {
  const h = await serveState(dir);
  try {
    const res = await fetch(`${h.url}/_vpce/explain`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal(res.status, 200, await res.clone().text());
    return await res.json() as { delivered: boolean; allowed: boolean; trace: { steps: { kind: string; resourceId: string }[] } };
  } finally { await h.close(); }
}

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app-role`;
const TO_LOGS = { from: 'i-1234567890abcdef0', to: 's3://example-logs/2022/app.log', account: ACCOUNT, region: 'us-west-2', principal: ROLE };

describe('vpce explain on an imported account', () => {
  it('traces an imported instance to S3 through the imported gateway endpoint, weighing the imported role and bucket policy', async () => {
    const dir = tempDir();
    const s = runImport(ours('endpoint-account'), { state: dir });
    assert.deepEqual(codes(s, 'error'), []);
    assert.equal(s.counts['bucket'], 1);
    assert.equal(s.counts['iamRole'], 1);
    const get = await explain(dir, TO_LOGS);
    assert.equal(get.delivered, true);
    assert.equal(get.allowed, true);
    assert.ok(get.trace.steps.some((st) => st.resourceId === 'vpce-032a826a1bEXAMPLE'), 'the trace goes through the imported endpoint');
    // The imported role allows only s3:GetObject: its identity policy takes part.
    const put = await explain(dir, { ...TO_LOGS, action: 's3:PutObject' });
    assert.equal(put.allowed, false);
  });

  it('vpce explain (the command) prints the hop table through the imported endpoint and exits 0', async () => {
    const dir = tempDir();
    runImport(ours('endpoint-account'), { state: dir });
    const h = await serveState(dir);
    try {
      const r = await runVpce(['explain', '--from', TO_LOGS.from, '--to', TO_LOGS.to, '--principal', ROLE, '--account', ACCOUNT, '--region', 'us-west-2', '--endpoint-url', h.url]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /vpce-032a826a1bEXAMPLE/);
      assert.match(r.stdout, /pl-68a54001/);
      assert.match(r.stdout, /result: ALLOWED/);
    } finally { await h.close(); }
  });

  it('the imported endpoint and bucket read back through the API', async () => {
    const dir = tempDir();
    runImport(ours('endpoint-account'), { state: dir });
    const h = await serveState(dir);
    try {
      const eps = (await h.ec2(ACCOUNT, 'us-west-2').send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints!;
      assert.deepEqual(eps.map((e) => [e.VpcEndpointId, e.VpcEndpointType, e.ServiceName, e.RouteTableIds]), [['vpce-032a826a1bEXAMPLE', 'Gateway', 'com.amazonaws.us-west-2.s3', ['rtb-09ba434c1bEXAMPLE']]]);
    } finally { await h.close(); }
  });
});

describe('vpce snapshot round trip', () => {
  for (const [label, path] of [['hybrid-cloud', snapshots('hybrid-cloud')], ['load-balancer', snapshots('load-balancer')], ['vpc-peering', snapshots('vpc-peering')], ['endpoint-account', ours('endpoint-account')]] as const) {
    it(`${label}: import -> snapshot -> import -> snapshot gives the same files, and no new findings`, () => {
      const a = tempDir(); const b = tempDir(); const snapA = tempDir(); const snapB = tempDir();
      const first = runImport(path, { state: a });
      runSnapshot(a, snapA);
      const second = runImport(snapA, { state: b });
      runSnapshot(b, snapB);
      assert.deepEqual(second.counts, first.counts);
      assert.deepEqual(codes(second, 'error'), []);
      assert.ok(second.findings.every((f) => f.code !== 'unknown-file' && f.code !== 'not-imported'), JSON.stringify(second.findings));
      const ta = tree(snapA); const tb = tree(snapB);
      assert.deepEqual([...tb.keys()].sort(), [...ta.keys()].sort());
      for (const [file, text] of ta) assert.equal(tb.get(file), text, `${file} differs`);
      assert.ok(ta.has(join(label === 'endpoint-account' ? 'us-west-2' : label === 'hybrid-cloud' ? 'us-west-2' : 'us-east-2', 'describe-vpcs.json')));
    });
  }

  it('the same explain answers after a round trip', async () => {
    const a = tempDir(); const b = tempDir(); const snap = tempDir();
    runImport(ours('endpoint-account'), { state: a });
    runSnapshot(a, snap);
    runImport(snap, { state: b });
    for (const q of [TO_LOGS, { ...TO_LOGS, action: 's3:PutObject' }, { ...TO_LOGS, principal: undefined }]) {
      const x = await explain(a, q);
      const y = await explain(b, q);
      assert.deepEqual([y.delivered, y.allowed, y.trace.steps.map((s) => s.resourceId)], [x.delivered, x.allowed, x.trace.steps.map((s) => s.resourceId)]);
    }
  });
});


describe('vpce import and vpce snapshot as commands', () => {
  it('--help explains the layout with examples; --json prints the summary; a missing path exits 2 saying what to give', async () => {
    const help = await runVpce(['import', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:/);
    assert.match(help.stdout, /top-level key/);
    const state = tempDir();
    const out = await runVpce(['import', snapshots('vpn-gateway'), '--state', state, '--json']);
    assert.equal(out.code, 0, out.stderr);
    const summary = JSON.parse(out.stdout) as ImportSummary;
    assert.equal(summary.account, '554773406868');
    assert.equal(summary.counts['vpnGateway'], 1);
    assert.equal(out.stderr, '', 'no progress bar when stderr is not a terminal');
    const missing = await runVpce(['import', join(state, 'nope'), '--state', tempDir()]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /vpce import: no file or folder/);
    const snap = tempDir();
    const written = await runVpce(['snapshot', snap, '--state', state]);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /for account 554773406868 \(us-east-2\)/);
    assert.ok(statSync(join(snap, 'us-east-2', 'describe-vpn-gateways.json')).isFile());
  });
});

describe('vpce snapshot of an account built through the API', () => {
  const A = '222233334444', R = 'eu-west-1';
  let built = '';
  let instance = '';
  let vpc = '';
  let serviceId = '';
  before(async () => {
    built = tempDir();
    const h = await serveState(built);
    try {
      const ec2 = h.ec2(A, R);
      vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!.VpcId!;
      await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpc, EnableDnsHostnames: { Value: true } }));
      const a = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.9.1.0/24', AvailabilityZone: `${R}a` }))).Subnet!.SubnetId!;
      const b = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.9.2.0/24', AvailabilityZone: `${R}b` }))).Subnet!.SubnetId!;
      const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'app', Description: 'app' }))).GroupId!;
      const pl = (await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: 'office', MaxEntries: 5, AddressFamily: 'IPv4', Entries: [{ Cidr: '192.0.2.0/24', Description: 'hq' }] }))).PrefixList!.PrefixListId!;
      await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: pl }] }] }));
      const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
      await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
      const main = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }))).RouteTables![0]!.RouteTableId!;
      await ec2.send(new CreateRouteCommand({ RouteTableId: main, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
      const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
      await ec2.send(new CreateNatGatewayCommand({ SubnetId: a, AllocationId: eip }));
      await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: `com.amazonaws.${R}.s3`, RouteTableIds: [main] }));
      await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: `com.amazonaws.${R}.sqs`, VpcEndpointType: 'Interface', SubnetIds: [a, b], SecurityGroupIds: [sg], PrivateDnsEnabled: true }));
      const acl = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpc }))).NetworkAcl!.NetworkAclId!;
      await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 10, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '10.0.0.0/8', PortRange: { From: 443, To: 443 } }));
      const iam = h.iam(A);
      await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) }));
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app' }));
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'app' }));
      instance = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: a, SecurityGroupIds: [sg], IamInstanceProfile: { Name: 'app' } }))).Instances![0]!.InstanceId!;
      const elb = h.elbv2(A, R);
      const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'svc', Type: 'network', Scheme: 'internal', Subnets: [a, b] }))).LoadBalancers![0]!.LoadBalancerArn!;
      const tg = (await elb.send(new CreateTargetGroupCommand({ Name: 'svc', Protocol: 'TCP', Port: 443, VpcId: vpc, TargetType: 'instance' }))).TargetGroups![0]!.TargetGroupArn!;
      await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: instance, Port: 443 }] }));
      await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb, Protocol: 'TCP', Port: 443, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }));
      const svc = (await ec2.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [lb], AcceptanceRequired: false }))).ServiceConfiguration!.ServiceId!;
      await ec2.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: svc, AddAllowedPrincipals: ['*'] }));
      serviceId = svc;
      const s3 = h.s3(A, R);
      await s3.send(new CreateBucketCommand({ Bucket: 'rt-bucket', CreateBucketConfiguration: { LocationConstraint: R } }));
      await s3.send(new PutBucketPolicyCommand({ Bucket: 'rt-bucket', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::rt-bucket/*', Condition: { StringNotEquals: { 'aws:SourceVpc': vpc } } }] }) }));
    } finally { await h.close(); }
  });

  it('snapshot -> import gives a state whose snapshot is the same files, with no findings', () => {
    const snapA = tempDir(); const copy = tempDir(); const snapB = tempDir();
    runSnapshot(built, snapA);
    const s = runImport(snapA, { state: copy });
    assert.deepEqual(s.findings, []);
    for (const kind of ['vpcEndpoint', 'vpcEndpointService', 'loadBalancer', 'targetGroup', 'listener', 'managedPrefixList', 'natGateway', 'volume', 'iamRole', 'iamInstanceProfile', 'bucket']) {
      assert.ok((s.counts[kind] ?? 0) >= 1, `${kind} imported`);
    }
    runSnapshot(copy, snapB);
    const ta = tree(snapA); const tb = tree(snapB);
    assert.deepEqual([...tb.keys()].sort(), [...ta.keys()].sort());
    for (const [file, text] of ta) assert.equal(tb.get(file), text, `${file} differs`);
    const perms = JSON.parse(tb.get(join(R, `describe-vpc-endpoint-service-permissions.${serviceId}.json`))!) as { AllowedPrincipals: { Principal: string; PrincipalType: string }[] };
    assert.deepEqual(perms.AllowedPrincipals.map((p) => [p.Principal, p.PrincipalType]), [['*', 'All']]);
  });

  it('the imported copy answers explain as the original does (gateway endpoint to S3, interface endpoint to SQS)', async () => {
    const snap = tempDir(); const copy = tempDir();
    runSnapshot(built, snap);
    runImport(snap, { state: copy });
    const role = `arn:aws:iam::${A}:role/app`;
    for (const q of [
      { from: instance, to: 's3://rt-bucket/k', account: A, region: R, principal: role },
      { from: instance, to: 's3://rt-bucket/k', account: A, region: R, principal: role, action: 's3:PutObject' },
      { from: instance, to: `https://sqs.${R}.amazonaws.com/`, account: A, region: R },
    ]) {
      const x = await explain(built, q);
      const y = await explain(copy, q);
      if (q.to.startsWith('s3:') && q.action === undefined) assert.deepEqual([x.delivered, x.allowed], [true, true], 'GetObject through the gateway endpoint works in the original');
      assert.deepEqual([y.delivered, y.allowed, y.trace.steps.map((st) => `${st.kind} ${st.resourceId}`)], [x.delivered, x.allowed, x.trace.steps.map((st) => `${st.kind} ${st.resourceId}`)]);
    }
  });
});

describe('an account exported with the AWS CLI', { skip: awsCliSkip('analyzer import from AWS CLI output') }, () => {
  it('aws ec2 describe-* against vpce serve on an imported state, saved to files, imports back to the same state', async () => {
    const original = tempDir();
    runImport(snapshots('nat-gateway'), { state: original });
    const exported = tempDir();
    const h = await serveState(original);
    try {
      const cli = jsonCli('554773406868', 'us-east-2');
      for (const c of ['vpcs', 'subnets', 'route-tables', 'security-groups', 'security-group-rules', 'network-acls', 'network-interfaces', 'instances', 'internet-gateways', 'nat-gateways', 'volumes']) {
        writeFileSync(join(exported, `describe-${c}.json`), JSON.stringify(await cli.ok(h.url, ['ec2', `describe-${c}`])));
      }
    } finally { await h.close(); }
    const copy = tempDir();
    const s = runImport(exported, { state: copy });
    assert.deepEqual(s.findings.filter((f) => f.code !== 'missing-reference' && f.code !== 'missing-file'), []);
    const a = tempDir(); const b = tempDir();
    runSnapshot(original, a);
    runSnapshot(copy, b);
    const ta = tree(a); const tb = tree(b);
    for (const file of ['describe-vpcs', 'describe-subnets', 'describe-route-tables', 'describe-security-groups', 'describe-network-acls', 'describe-network-interfaces', 'describe-instances', 'describe-nat-gateways']) {
      const key = join('us-east-2', `${file}.json`);
      assert.equal(tb.get(key), ta.get(key), `${key} differs`);
    }
  });
});
