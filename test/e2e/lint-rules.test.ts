/**
 * @module `vpce lint` rules, one scenario account per rule built through @aws-sdk/client-ec2 (records the API cannot
 * make are put through the model), linted in-process: each rule fires where its pitfall is and stays silent on a
 * clean account, and every finding carries the engine's proof.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AllocateAddressCommand, AssociateRouteTableCommand, AttachInternetGatewayCommand, AuthorizeSecurityGroupEgressCommand,
  AcceptVpcPeeringConnectionCommand, CreateInternetGatewayCommand, CreateNatGatewayCommand, CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand, CreateRouteCommand, CreateRouteTableCommand, CreateSecurityGroupCommand, CreateSubnetCommand,
  CreateVpcCommand, CreateVpcEndpointCommand, CreateVpcPeeringConnectionCommand, DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand, EC2Client, ModifyVpcAttributeCommand, ReplaceNetworkAclAssociationCommand,
  RevokeSecurityGroupEgressCommand, RunInstancesCommand, AuthorizeSecurityGroupIngressCommand, CreateVpnGatewayCommand, AttachVpnGatewayCommand,
} from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { runLint, failsAt } from '../../src/lint/run.js';
import { RULES } from '../../src/lint/registry.js';
import { formatText } from '../../src/lint/format-text.js';
import { formatSarif } from '../../src/lint/sarif.js';
import type { Finding, LintBucket, LintReport } from '../../src/lint/types.js';
import type { Instance, NatGateway, VpcEndpoint, VpcEndpointService } from '../../src/model/resources.js';
import { parseFlowRecords } from '../../src/lint/flow-log.js';

const R = 'us-east-1';
const CLEAN = '100000000000';
const A = {
  shadow: '100000000001', policy: '100000000002', groups: '100000000003', dns: '100000000004',
  peer: '100000000005', service: '100000000006', unused: '100000000007', region: '100000000008', managed: '100000000009',
} as const;
const AMI = 'ami-0abcdef1234567890';

let h: Harness;
let report: LintReport;
const ids: Record<string, string> = {};
const buckets: LintBucket[] = [];

const of = (account: string, rule: string): Finding[] => report.findings.filter((f) => f.ruleId === rule && f.resources.some((r) => r.account === account));

async function vpc(ec2: EC2Client, cidr: string, dns = false): Promise<{ vpcId: string; main: string }> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  if (dns) await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const main = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
  return { vpcId, main };
}
const subnet = async (ec2: EC2Client, vpcId: string, cidr: string, az = `${R}a`): Promise<string> =>
  (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
const instance = async (ec2: EC2Client, subnetId: string, groups?: string[]): Promise<string> =>
  (await ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, SubnetId: subnetId, ...(groups ? { SecurityGroupIds: groups } : {}) }))).Instances![0]!.InstanceId!;
const gateway = async (ec2: EC2Client, vpcId: string, tables: string[], service = 's3'): Promise<string> =>
  (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.${R}.${service}`, RouteTableIds: tables }))).VpcEndpoint!.VpcEndpointId!;
const group = async (ec2: EC2Client, vpcId: string, name: string): Promise<string> =>
  (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: name }))).GroupId!;

/** A clean account: gateway and interface endpoints used from two zones, groups and NACLs open, a bucket policy that keeps administrators in. */
async function clean(): Promise<void> {
  const ec2 = h.ec2(CLEAN, R);
  const { vpcId, main } = await vpc(ec2, '10.0.0.0/16', true);
  const s1 = await subnet(ec2, vpcId, '10.0.1.0/24', `${R}a`);
  const s2 = await subnet(ec2, vpcId, '10.0.2.0/24', `${R}b`);
  ids['cleanInstance'] = await instance(ec2, s1);
  await instance(ec2, s2);
  ids['cleanGateway'] = await gateway(ec2, vpcId, [main]);
  const sg = await group(ec2, vpcId, 'endpoint');
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] }));
  ids['cleanSqs'] = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: `com.amazonaws.${R}.sqs`, SubnetIds: [s1, s2], SecurityGroupIds: [sg], PrivateDnsEnabled: true }))).VpcEndpoint!.VpcEndpointId!;
  buckets.push({
    name: 'clean-data', owner: CLEAN, region: R,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyViaEndpoint', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::clean-data/*', Condition: { StringNotEquals: { 'aws:SourceVpce': ids['cleanGateway'] } } }] }),
  });
}

before(async () => {
  h = await startHarness();
  await clean();

  // VPCE001: a /24 of S3's list routed to an internet gateway in the endpoint's table.
  {
    const ec2 = h.ec2(A.shadow, R);
    const { vpcId, main } = await vpc(ec2, '10.1.0.0/16');
    await subnet(ec2, vpcId, '10.1.1.0/24');
    ids['shadowEndpoint'] = await gateway(ec2, vpcId, [main]);
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: main, DestinationCidrBlock: '54.231.0.0/24', GatewayId: igw }));
    ids['shadowIgw'] = igw;
  }

  // VPCE002/003/004/011: i1 reaches S3 through the gateway endpoint, i2 through a NAT gateway.
  {
    const ec2 = h.ec2(A.policy, R);
    const { vpcId, main } = await vpc(ec2, '10.2.0.0/16');
    const s1 = await subnet(ec2, vpcId, '10.2.1.0/24');
    const pub = await subnet(ec2, vpcId, '10.2.0.0/24');
    const priv = await subnet(ec2, vpcId, '10.2.2.0/24');
    ids['policyEndpoint'] = await gateway(ec2, vpcId, [main]);
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    const pubRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: pubRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: pubRt, SubnetId: pub }));
    const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: pub, AllocationId: eip }))).NatGateway!.NatGatewayId!;
    ids['nat'] = nat;
    const privRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: privRt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privRt, SubnetId: priv }));
    ids['privSubnet'] = priv;
    ids['viaEndpoint'] = await instance(ec2, s1);
    ids['viaNat'] = await instance(ec2, priv);
    buckets.push({
      name: 'office-only', owner: A.policy, region: R,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Office', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::office-only/*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }] }),
    });
    buckets.push({
      name: 'vpce-only', owner: A.policy, region: R,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyViaEndpoint', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::vpce-only', 'arn:aws:s3:::vpce-only/*'], Condition: { StringNotEquals: { 'aws:SourceVpce': ids['policyEndpoint'] } } }] }),
    });
  }

  // VPCE005/006/007/012: egress only inside the VPC, an endpoint group with no ingress, a NACL that drops replies.
  {
    const ec2 = h.ec2(A.groups, R);
    const { vpcId, main } = await vpc(ec2, '10.3.0.0/16');
    const s1 = await subnet(ec2, vpcId, '10.3.1.0/24', `${R}a`);
    const s2 = await subnet(ec2, vpcId, '10.3.2.0/24', `${R}b`);
    ids['groupsEndpoint'] = await gateway(ec2, vpcId, [main]);
    const inside = await group(ec2, vpcId, 'inside-only');
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: inside, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: inside, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '10.3.0.0/16' }] }] }));
    ids['insideGroup'] = inside;
    ids['closedIn'] = await instance(ec2, s1, [inside]);
    ids['otherZone'] = await instance(ec2, s2);
    const closed = await group(ec2, vpcId, 'no-ingress');
    ids['closedGroup'] = closed;
    ids['sqs'] = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: `com.amazonaws.${R}.sqs`, SubnetIds: [s1], SecurityGroupIds: [closed], PrivateDnsEnabled: false }))).VpcEndpoint!.VpcEndpointId!;
    const acl = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 100, Egress: true, Protocol: '6', RuleAction: 'allow', CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } }));
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 100, Egress: false, Protocol: '-1', RuleAction: 'allow', CidrBlock: '10.3.0.0/16' }));
    const assoc = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [s2] }] }))).NetworkAcls![0]!.Associations!.find((x) => x.SubnetId === s2)!.NetworkAclAssociationId!;
    await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assoc, NetworkAclId: acl }));
    ids['acl'] = acl;
    ids['aclSubnet'] = s2;
  }

  // VPCE008/009: private DNS on, then the VPC's DNS turned off; a second endpoint claiming the name (model only).
  {
    const ec2 = h.ec2(A.dns, R);
    const { vpcId } = await vpc(ec2, '10.4.0.0/16', true);
    const s1 = await subnet(ec2, vpcId, '10.4.1.0/24');
    ids['dnsEndpoint'] = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: `com.amazonaws.${R}.sqs`, SubnetIds: [s1], PrivateDnsEnabled: true }))).VpcEndpoint!.VpcEndpointId!;
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: false } }));
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: false } }));
    const { vpcId: twin } = await vpc(ec2, '10.14.0.0/16', true);
    const t1 = await subnet(ec2, twin, '10.14.1.0/24');
    const first = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: twin, VpcEndpointType: 'Interface', ServiceName: `com.amazonaws.${R}.sqs`, SubnetIds: [t1], PrivateDnsEnabled: true }))).VpcEndpoint!.VpcEndpointId!;
    ids['twinFirst'] = first;
    // AWS refuses a second private-DNS endpoint for the service; an imported account can still hold one.
    h.world.transact((tx) => {
      const p = tx.in(A.dns, R);
      const rec = p.get('vpcEndpoint', first)!;
      const copy: VpcEndpoint = { ...rec, id: 'vpce-0feedfacefeedface', networkInterfaceIds: [], subnetIds: [] };
      p.put(copy);
    });
  }

  // VPCE010: a VPC sends S3's range to a peering connection whose other VPC has the gateway endpoint.
  {
    const ec2 = h.ec2(A.peer, R);
    const hub = await vpc(ec2, '10.5.0.0/16');
    await subnet(ec2, hub.vpcId, '10.5.1.0/24');
    ids['hubEndpoint'] = await gateway(ec2, hub.vpcId, [hub.main]);
    const spoke = await vpc(ec2, '10.15.0.0/16');
    await subnet(ec2, spoke.vpcId, '10.15.1.0/24');
    const pcx = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: spoke.vpcId, PeerVpcId: hub.vpcId }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: spoke.main, DestinationCidrBlock: '54.231.0.0/16', VpcPeeringConnectionId: pcx }));
    ids['pcx'] = pcx;
    ids['spokeTable'] = spoke.main;
    // On-premises over VPN: the gateway's edge-associated table sends S3's prefix list to a gateway endpoint.
    const vgw = (await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway!.VpnGatewayId!;
    await ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: hub.vpcId }));
    const edge = (await ec2.send(new CreateRouteTableCommand({ VpcId: hub.vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: edge, GatewayId: vgw }));
    ids['edgeEndpoint'] = await gateway(ec2, hub.vpcId, [edge]);
    ids['vgw'] = vgw;
    ids['edgeTable'] = edge;
  }

  // VPCE013: endpoint services (records only: no load balancer is needed for the rule).
  h.world.transact((tx) => {
    const p = tx.in(A.service, R);
    const base: Omit<VpcEndpointService, 'id' | 'serviceName' | 'acceptanceRequired'> = {
      kind: 'vpcEndpointService', ownerId: A.service, tags: [], networkLoadBalancerArns: [], zoneIds: ['use1-az1'],
      allowedPrincipals: [{ principal: '*', principalType: 'All', permissionId: 'vpce-svc-perm-0000000000000001' }], state: 'Available', createdAt: 0,
    };
    p.put({ ...base, id: 'vpce-svc-0000000000000open', serviceName: `com.amazonaws.vpce.${R}.vpce-svc-0000000000000open`, acceptanceRequired: false });
    p.put({ ...base, id: 'vpce-svc-00000000000000ok', serviceName: `com.amazonaws.vpce.${R}.vpce-svc-00000000000000ok`, acceptanceRequired: true });
  });

  // VPCE014: a gateway endpoint on a table no subnet uses.
  {
    const ec2 = h.ec2(A.unused, R);
    const { vpcId } = await vpc(ec2, '10.7.0.0/16');
    await subnet(ec2, vpcId, '10.7.1.0/24');
    const lonely = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    ids['unusedEndpoint'] = await gateway(ec2, vpcId, [lonely]);
  }

  // VPCE015: a bucket in eu-west-1 whose policy requires a us-east-1 gateway endpoint.
  {
    const ec2 = h.ec2(A.region, R);
    const { vpcId, main } = await vpc(ec2, '10.8.0.0/16');
    await subnet(ec2, vpcId, '10.8.1.0/24');
    ids['usEndpoint'] = await gateway(ec2, vpcId, [main]);
    buckets.push({
      name: 'eu-data', owner: A.region, region: 'eu-west-1',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyViaEndpoint', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::eu-data/*', Condition: { StringNotEquals: { 'aws:SourceVpce': ids['usEndpoint'] } } }] }),
    });
  }

  // VPCE016: an S3 endpoint policy that allows the company's bucket only.
  {
    const ec2 = h.ec2(A.managed, R);
    const { vpcId, main } = await vpc(ec2, '10.9.0.0/16');
    await subnet(ec2, vpcId, '10.9.1.0/24');
    ids['strictEndpoint'] = (await ec2.send(new CreateVpcEndpointCommand({
      VpcId: vpcId, ServiceName: `com.amazonaws.${R}.s3`, RouteTableIds: [main],
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::corp-data', 'arn:aws:s3:::corp-data/*', 'arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*'] }] }),
    }))).VpcEndpoint!.VpcEndpointId!;
  }

  report = runLint({ world: h.world, buckets, options: { volumeGb: 1000 } });
});
after(async () => { await h.close(); });

describe('lint rules', () => {
  for (const rule of RULES) {
    it(`${rule.info.id} stays silent on the clean account`, () => {
      assert.deepEqual(of(CLEAN, rule.info.id).map((f) => f.message), []);
    });
    it(`${rule.info.id} names an AWS documentation page and a severity`, () => {
      assert.match(rule.info.helpUri, /^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com)\//);
      assert.ok(['error', 'warning', 'note'].includes(rule.info.severity));
    });
  }

  it('VPCE001: a more specific route shadows the gateway endpoint for 54.231.0.0/24, proven by a trace that takes the igw', () => {
    const [f, ...rest] = of(A.shadow, 'VPCE001');
    assert.equal(rest.length, 0);
    assert.equal(f!.data?.['shadowedDestination'], '54.231.0.0/24');
    const p = f!.proof[0]!;
    assert.equal(p.kind, 'trace');
    if (p.kind !== 'trace') return;
    const route = p.trace.steps.find((s) => s.kind === 'routeTable');
    assert.equal(route?.decidedBy.by === 'route' && 'id' in route.decidedBy.route.target ? route.decidedBy.route.target.id : '', ids['shadowIgw']);
    // The clean account's endpoint is not shadowed; this account's other S3 ranges are not reported.
    assert.ok(!report.findings.some((x) => x.ruleId === 'VPCE001' && x.resources.some((r) => r.id === ids['cleanGateway'])));
  });

  it('VPCE002: a bucket policy on aws:SourceIp is reached through an endpoint, whose requests carry aws:VpcSourceIp only', () => {
    const [f] = of(A.policy, 'VPCE002');
    assert.ok(f, 'fires');
    assert.equal(f.resources[0]!.id, 'office-only');
    const p = f.proof[0]!;
    assert.ok(p.kind === 'trace' && p.trace.context !== undefined && !('aws:SourceIp' in p.trace.context.keys) && p.trace.context.keys['aws:SourceVpce'] === ids['policyEndpoint']);
    // The policy hop ran with the bucket policy: its aws:SourceIp statement is not among the allowing ones.
    assert.ok(p.kind === 'trace' && p.trace.policy !== undefined);
    assert.ok(p.kind === 'trace' && !p.trace.policy!.decision.reasons.some((r) => r.kind === 'statement-allows' && r.policy.type === 'resource'), 'the Allow on aws:SourceIp never matches');
    assert.equal(of(A.policy, 'VPCE002').filter((x) => x.resources[0]!.id === 'vpce-only').length, 0);
  });

  it('VPCE003: the bucket requires the endpoint; the instance behind the NAT gateway is denied by that statement', () => {
    const [f] = of(A.policy, 'VPCE003');
    assert.ok(f, 'fires');
    assert.equal(f.resources[0]!.id, 'vpce-only');
    assert.deepEqual(f.resources.slice(1).map((r) => r.id), [ids['viaNat']]);
    const p = f.proof[0]!;
    assert.ok(p.kind === 'trace' && p.trace.policy?.decision.decision === 'ExplicitDeny');
    assert.ok(p.kind === 'trace' && p.trace.steps.some((s) => s.kind === 'natGateway'));
  });

  it('VPCE004: a Deny on every s3 action without the endpoint locks administrators out; a Deny on GetObject only does not', () => {
    const [f] = of(A.policy, 'VPCE004');
    assert.ok(f, 'fires');
    assert.equal(f.resources[0]!.id, 'vpce-only');
    assert.ok(f.proof.every((p) => p.kind === 'policy' && p.decision.decision === 'ExplicitDeny'));
    assert.ok(f.proof.some((p) => p.kind === 'policy' && p.question.includes('s3:PutBucketPolicy')));
  });

  it('VPCE005: a group that allows egress only to the VPC blocks the gateway endpoint\'s prefix list', () => {
    const found = of(A.groups, 'VPCE005').find((f) => f.resources.some((r) => r.id === ids['groupsEndpoint']));
    assert.ok(found, 'fires');
    assert.deepEqual(found.resources.filter((r) => r.kind === 'instance').map((r) => r.id), [ids['closedIn']]);
    const p = found.proof[0]!;
    assert.ok(p.kind === 'trace' && p.trace.disposition.kind === 'deniedBySecurityGroup' && p.trace.disposition.direction === 'egress');
    assert.ok(!of(A.groups, 'VPCE005').some((f) => f.resources.some((r) => r.id === ids['otherZone'])), 'the default group lets the other instance out');
  });

  it('VPCE006: the interface endpoint\'s group lets no subnet in on 443', () => {
    const [f] = of(A.groups, 'VPCE006');
    assert.ok(f, 'fires');
    assert.equal(f.resources[0]!.id, ids['sqs']);
    assert.ok(f.proof.every((p) => p.kind === 'trace' && p.trace.disposition.kind === 'deniedBySecurityGroup' && p.trace.disposition.direction === 'ingress'));
  });

  it('VPCE007: the subnet\'s NACL lets requests out but drops S3\'s replies (no ephemeral ports from its ranges)', () => {
    const [f, ...rest] = of(A.groups, 'VPCE007');
    assert.ok(f, 'fires');
    assert.equal(rest.length, 0, 'only the subnet with the custom NACL');
    assert.equal(f.resources[0]!.id, ids['acl']);
    assert.equal(f.resources[1]!.id, ids['aclSubnet']);
    const p = f.proof[0]!;
    assert.ok(p.kind === 'trace' && p.trace.disposition.kind === 'deniedByNetworkAcl' && p.trace.disposition.path === 'return');
    assert.match(f.message, /replies/);
  });

  it('VPCE008: private DNS in a VPC whose DNS support was turned off: the resolver answers nothing', () => {
    const f = of(A.dns, 'VPCE008').find((x) => x.resources[0]!.id === ids['dnsEndpoint']);
    assert.ok(f, 'fires');
    const p = f.proof[0]!;
    assert.ok(p.kind === 'dns' && p.answer.kind === 'unresolved');
  });

  it('VPCE009: two private-DNS endpoints for sqs in one VPC; the resolver answers with one', () => {
    const [f] = of(A.dns, 'VPCE009');
    assert.ok(f, 'fires');
    assert.deepEqual(f.resources.filter((r) => r.kind === 'vpcEndpoint').map((r) => r.id).sort(), [ids['twinFirst'], 'vpce-0feedfacefeedface'].sort());
    const p = f.proof[0]!;
    assert.ok(p.kind === 'dns' && p.answer.kind === 'resolved' && p.answer.record.by === 'interfaceEndpointPrivateDns');
  });

  it('VPCE010: S3 routed to a peering connection is not carried by the peer\'s gateway endpoint', () => {
    const f = of(A.peer, 'VPCE010').find((x) => x.resources[0]!.id === ids['spokeTable']);
    assert.ok(f, 'fires');
    assert.ok(f.resources.some((r) => r.id === ids['hubEndpoint']));
    const p = f.proof[0]!;
    assert.ok(p.kind === 'trace' && p.trace.disposition.kind !== 'delivered');
  });

  it('VPCE010: the route table of traffic entering over VPN sends S3 to a gateway endpoint, which does not carry it', () => {
    const f = of(A.peer, 'VPCE010').find((x) => x.resources[0]!.id === ids['edgeTable']);
    assert.ok(f, 'fires');
    assert.deepEqual(f.resources.map((r) => r.id), [ids['edgeTable'], ids['vgw'], ids['edgeEndpoint']]);
    const p = f.proof[0]!;
    assert.ok(p.kind === 'trace' && p.trace.disposition.kind === 'droppedAtGateway');
    assert.ok(p.kind === 'trace' && p.trace.steps.some((s) => s.kind === 'vpnGateway'));
  });

  it('VPCE011: S3 and DynamoDB from the private subnet go through the NAT gateway, with the monthly cost for --volume-gb', () => {
    const found = of(A.policy, 'VPCE011');
    assert.deepEqual(found.map((f) => f.data?.['service']).sort(), ['dynamodb', 's3']);
    const s3 = found.find((f) => f.data?.['service'] === 's3')!;
    assert.equal(s3.resources[0]!.id, ids['privSubnet']);
    assert.equal(s3.data?.['monthlyNatUsd'], 45);
    assert.equal(s3.data?.['monthlyEndpointUsd'], 0);
    assert.ok(s3.proof[0]!.kind === 'trace' && s3.proof[0]!.trace.steps.some((s) => s.kind === 'natGateway'));
  });

  it('VPCE011: with flow logs, prices the service bytes the NAT gateway processed (after translation out, before it in)', () => {
    const nat = h.world.locate(ids['nat']!)!.resource as NatGateway;
    const eni = nat.networkInterfaceId!;
    const ip = nat.privateIp!;
    const logs = parseFlowRecords([
      `2 ${A.policy} ${eni} ${ip} 54.231.1.1 40000 443 6 700 1000000 1 2 ACCEPT OK`,
      `2 ${A.policy} ${eni} 54.231.1.1 ${ip} 443 40000 6 1400 2000000 1 2 ACCEPT OK`,
      `2 ${A.policy} ${eni} 10.2.2.4 54.231.1.1 51000 443 6 700 1000000 1 2 ACCEPT OK`,
      `2 ${A.policy} ${eni} ${ip} 198.51.100.7 40001 443 6 10 9999 1 2 ACCEPT OK`,
      `2 ${A.policy} eni-00000000000000000 ${ip} 54.231.1.1 40000 443 6 10 7777 1 2 ACCEPT OK`,
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
      `2 ${A.policy} ${eni} - - - - - - - 1 2 - NODATA`,
    ].join('\n'));
    assert.equal(logs.length, 5, 'the header and the NODATA record are skipped');
    const r = runLint({ world: h.world, buckets: [], options: { flowLogs: logs }, rules: RULES.filter((x) => x.info.id === 'VPCE011') });
    const s3 = r.findings.find((f) => f.data?.['service'] === 's3' && f.resources.some((x) => x.account === A.policy))!;
    assert.equal(s3.data?.['observedBytes'], 3000000);
    assert.equal(s3.data?.['observedNatUsd'], 0.000135);
    assert.match(s3.message, /flow logs show 3000000 bytes/);
  });

  it('VPCE014: with flow logs, an endpoint no record shows traffic through is reported; one with traffic is not', () => {
    const inst = h.world.locate(ids['cleanInstance']!)!.resource as Instance;
    const eni = inst.networkInterfaceIds[0]!;
    const logs = parseFlowRecords(`2 ${CLEAN} ${eni} ${inst.privateIp!} 54.231.1.1 40000 443 6 10 5000 1 2 ACCEPT OK`);
    const r = runLint({ world: h.world, buckets: [], options: { flowLogs: logs }, rules: RULES.filter((x) => x.info.id === 'VPCE014') });
    const clean = r.findings.filter((f) => f.resources[0]!.account === CLEAN).map((f) => f.resources[0]!.id);
    assert.deepEqual(clean, [ids['cleanSqs']], 'the sqs endpoint saw nothing; the S3 gateway endpoint carried the record');
    assert.match(r.findings.find((f) => f.resources[0]!.id === ids['cleanSqs'])!.message, /no traffic in the flow logs \(1 record\)/);
  });

  it('VPCE012: an interface endpoint only in one zone while an instance runs in another', () => {
    const [f] = of(A.groups, 'VPCE012');
    assert.ok(f, 'fires');
    assert.equal(f.resources[0]!.id, ids['sqs']);
    assert.deepEqual(f.resources.slice(1).map((r) => r.id), [ids['otherZone']]);
  });

  it('VPCE013: an endpoint service open to * without acceptance; one that requires acceptance is not reported', () => {
    const found = of(A.service, 'VPCE013');
    assert.deepEqual(found.map((f) => f.resources[0]!.id), ['vpce-svc-0000000000000open']);
    const p = found[0]!.proof[0]!;
    assert.ok(p.kind === 'policy' && p.decision.decision === 'Allow');
  });

  it('VPCE014: a gateway endpoint on a route table no subnet uses', () => {
    const [f] = of(A.unused, 'VPCE014');
    assert.ok(f, 'fires');
    assert.equal(f.resources[0]!.id, ids['unusedEndpoint']);
  });

  it('VPCE015: the eu-west-1 bucket\'s policy requires a us-east-1 gateway endpoint, which never carries its requests', () => {
    const [f] = of(A.region, 'VPCE015');
    assert.ok(f, 'fires');
    assert.equal(f.resources[0]!.id, 'eu-data');
    assert.equal(f.resources[1]!.id, ids['usEndpoint']);
    const p = f.proof[0]!;
    assert.ok(p.kind === 'trace' && !(p.trace.disposition.kind === 'delivered' && p.trace.disposition.to.type === 'awsService'));
    assert.ok(p.kind === 'trace' && p.trace.steps.some((s) => s.kind === 'dns'), 'the name resolves to eu-west-1\'s S3');
    assert.equal(of(A.policy, 'VPCE015').length, 0, 'same-Region endpoints are not reported');
  });

  it('VPCE016: an endpoint policy for the company bucket blocks ECR layers and Amazon Linux 2 repositories (not the AL2023 one it lists)', () => {
    const [f] = of(A.managed, 'VPCE016');
    assert.ok(f, 'fires');
    assert.equal(f.resources[0]!.id, ids['strictEndpoint']);
    assert.match(f.message, /prod-us-east-1-starport-layer-bucket/);
    assert.match(f.message, /amazonlinux\.us-east-1\.amazonaws\.com/);
    assert.doesNotMatch(f.message, /al2023-repos/);
    // AWS (SSM Agent communications with AWS managed S3 buckets): the agent's per-Region buckets are blocked too.
    assert.match(f.message, /amazon-ssm-us-east-1/);
    assert.match(f.message, /us-east-1-birdwatcher-prod/);
    // AWS (CodeArtifact, Create the Amazon S3 gateway endpoint): its asset bucket for us-east-1.
    assert.match(f.message, /assets-193858265520-us-east-1/);
    assert.ok(f.proof.every((p) => p.kind === 'policy' && p.decision.decision === 'ImplicitDeny'));
  });

  it('a rule that throws is reported as a failure (text, JSON and SARIF) while the other rules still report', () => {
    const broken = { info: { ...RULES[0]!.info, id: 'VPCE999', name: 'Broken' }, check: (): Finding[] => { throw new Error('boom'); } };
    const r = runLint({ world: h.world, buckets, rules: [broken, ...RULES.filter((x) => x.info.id === 'VPCE014')] });
    assert.deepEqual(r.failures, [{ ruleId: 'VPCE999', message: 'boom' }]);
    assert.ok(r.findings.some((f) => f.ruleId === 'VPCE014'));
    assert.match(formatText(r), /VPCE999 FAILED TO RUN: boom/);
    const sarif = JSON.parse(formatSarif(r, { toolVersion: 'test' })) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    assert.equal(sarif.runs[0]!.invocations[0]!.executionSuccessful, false);
    assert.match(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications[0]!.message.text, /VPCE999 failed to run: boom/);
  });

  it('findings are ordered by rule then resource, and --fail-on levels compare by severity', () => {
    const keys = report.findings.map((f) => `${f.ruleId}|${f.resources[0]?.id ?? ''}`);
    assert.deepEqual(keys, [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const notesOnly: LintReport = { ...report, findings: report.findings.filter((f) => f.severity === 'note') };
    assert.equal(failsAt(notesOnly, 'error'), false);
    assert.equal(failsAt(notesOnly, 'warning'), false);
    assert.equal(failsAt(notesOnly, 'note'), true);
  });
});
