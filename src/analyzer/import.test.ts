/** @module The pure import: documents -> checked plan -> one transaction, without files or a server. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { World } from '../model/world.js';
import { memoryStore } from '../persistence/memory-store.js';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { applyImport, planImport } from './import.js';

const vpcs = { Vpcs: [{ VpcId: 'vpc-0a1', OwnerId: '210987654321', CidrBlock: '10.1.0.0/16', IsDefault: false }] };
const subnets = { Subnets: [{ SubnetId: 'subnet-0b1', VpcId: 'vpc-0a1', CidrBlock: '10.1.1.0/24', AvailabilityZone: 'eu-west-1b' }] };
const groups = (rules: unknown[]) => ({ SecurityGroups: [{ GroupId: 'sg-0c1', VpcId: 'vpc-0a1', GroupName: 'g', Description: 'd', IpPermissions: rules, IpPermissionsEgress: [] }] });
const tcp443 = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.9/8', Description: 'corp' }] };

describe('planImport', () => {
  it('takes the account from OwnerId and the Region from zone names, whatever order the files come in', () => {
    const plan = planImport([{ file: 's.json', body: subnets }, { file: 'v.json', body: vpcs }], { now: 0 });
    assert.equal(plan.account, '210987654321');
    assert.deepEqual([...plan.drafts.byRegion.keys()], ['eu-west-1']);
    assert.deepEqual(plan.counts, { vpc: 1, subnet: 1 });
    assert.deepEqual(plan.findings.filter((f) => f.severity !== 'note'), []);
  });

  it('--account and --region win over the data; a folder\'s Region wins over --region', () => {
    const plan = planImport([{ file: 'v.json', body: vpcs }, { file: 'us-east-2/s.json', region: 'us-east-2', body: subnets }], { now: 0, account: '111122223333', region: 'ap-south-1' });
    assert.equal(plan.account, '111122223333');
    assert.ok(plan.drafts.get('ap-south-1', 'vpc-0a1'));
    // The subnet's VPC is in another Region: it is left out.
    assert.equal(plan.drafts.get('us-east-2', 'subnet-0b1'), undefined);
    assert.deepEqual(plan.findings.filter((f) => f.severity === 'error').map((f) => f.resourceId), ['subnet-0b1']);
  });

  it('security group rules: canonical CIDRs, descriptions, and ids stable across imports (derived when describe-security-group-rules is absent)', () => {
    const one = planImport([{ file: 'v', body: vpcs }, { file: 'g', body: groups([tcp443]) }], { now: 0, region: 'eu-west-1' });
    const two = planImport([{ file: 'v', body: vpcs }, { file: 'g', body: groups([tcp443]) }], { now: 5, region: 'eu-west-1' });
    const rule = (p: typeof one) => { const g = p.drafts.get('eu-west-1', 'sg-0c1')!.record; return g.kind === 'securityGroup' ? g.rules[0]! : undefined; };
    assert.deepEqual(rule(one), { ruleId: rule(one)!.ruleId, egress: false, protocol: 'tcp', fromPort: 443, toPort: 443, peer: { type: 'cidr', cidr: '10.0.0.0/8' }, description: 'corp' });
    assert.match(rule(one)!.ruleId, /^sgr-[0-9a-f]{17}$/);
    assert.equal(rule(two)!.ruleId, rule(one)!.ruleId);
    const withIds = planImport([{ file: 'v', body: vpcs }, { file: 'g', body: groups([tcp443]) },
      { file: 'r', body: { SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-0123456789abcdef0', GroupId: 'sg-0c1', IsEgress: false, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '10.0.0.0/8' }] } }], { now: 0, region: 'eu-west-1' });
    assert.equal(rule(withIds)!.ruleId, 'sgr-0123456789abcdef0');
  });

  it('a rule that EC2 would refuse is left out with a warning, the group stays', () => {
    const plan = planImport([{ file: 'v', body: vpcs }, { file: 'g', body: groups([{ IpProtocol: 'tcp', FromPort: 70000, ToPort: 70001, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]) }], { now: 0, region: 'eu-west-1' });
    const g = plan.drafts.get('eu-west-1', 'sg-0c1')!.record;
    assert.equal(g.kind === 'securityGroup' ? g.rules.length : -1, 0);
    assert.deepEqual(plan.findings.filter((f) => f.severity === 'warning').map((f) => f.code), ['invalid-value']);
  });

  it('network ACL entries keep AWS\'s catch-all 32767 and validate the rest', () => {
    const acl = { NetworkAcls: [{ NetworkAclId: 'acl-0d1', VpcId: 'vpc-0a1', IsDefault: false, Associations: [], Entries: [
      { RuleNumber: 100, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '52.218.128.0/17', PortRange: { From: 443, To: 443 } },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 110, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
    ] }] };
    const plan = planImport([{ file: 'v', body: vpcs }, { file: 'a', body: acl }], { now: 0, region: 'eu-west-1' });
    const a = plan.drafts.get('eu-west-1', 'acl-0d1')!.record;
    assert.deepEqual(a.kind === 'networkAcl' ? a.entries.map((e) => [e.ruleNumber, e.action, e.portRange?.from]) : [], [[100, 'deny', 443], [32767, 'deny', undefined]]);
    assert.ok(plan.findings.some((f) => f.code === 'invalid-value' && /entry 110/.test(f.message)), 'a TCP entry without ports is refused as EC2 does');
  });
});

describe('applyImport', () => {
  it('writes everything in one transaction, marks the partition so no default VPC is added, and reports progress', () => {
    const world = new World(memoryStore(), seededIdGen(3), fixedClock(0));
    const plan = planImport([{ file: 'v', body: vpcs }, { file: 's', body: subnets }], { now: 0 });
    const seen: number[] = [];
    assert.equal(applyImport(world, plan, (done) => seen.push(done)), 2);
    assert.deepEqual(seen, [2]);
    const p = world.partition('210987654321/eu-west-1');
    assert.deepEqual([...p.list('vpc')].map((v) => v.id), ['vpc-0a1']);
    assert.ok(p.find('partition-info'));
    assert.equal([...p.list('dhcpOptions')].length, 1, 'a Region-default DHCP option set for VPCs made later');
    assert.equal(world.version, 1);
  });
});
