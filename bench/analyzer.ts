/**
 * @module Analyzer benchmark (issue 14): `vpce import` of a generated account the size the issue names: 1,000 VPCs,
 * 10,000 subnets, 100,000 routes and 5,000 security groups, written as AWS CLI JSON files, then read, checked and
 * committed into a SQLite state (target < 10 s, with the progress bar on a terminal).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../src/cli/import.js';
import { report } from './measure.js';
import { run as whatIfBench } from './what-if.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const VPCS = 1000;
const SUBNETS_PER_VPC = 10;
const TABLES_PER_VPC = 10;
const ROUTES_PER_TABLE = 10;
const GROUPS_PER_VPC = 5;

const hex = (prefix: string, n: number): string => `${prefix}-${n.toString(16).padStart(17, '0')}`;

/** The account as describe-* outputs, one file per command. */
export function writeAccount(dir: string): { routes: number } {
  const vpcs: unknown[] = [], subnets: unknown[] = [], tables: unknown[] = [], groups: unknown[] = [], igws: unknown[] = [], acls: unknown[] = [];
  let routes = 0;
  for (let v = 0; v < VPCS; v++) {
    const vpcId = hex('vpc', v);
    // 10.x.y.0/20 blocks: VPC v gets 10.(v>>4).((v&15)<<4).0/20, its subnets /24s inside.
    const base = `10.${v >> 4}.${(v & 15) << 4}`;
    vpcs.push({ VpcId: vpcId, OwnerId: ACCOUNT, CidrBlock: `${base}.0/20`, IsDefault: false, InstanceTenancy: 'default', DhcpOptionsId: 'default',
      CidrBlockAssociationSet: [{ AssociationId: hex('vpc-cidr-assoc', v), CidrBlock: `${base}.0/20`, CidrBlockState: { State: 'associated' } }] });
    const igwId = hex('igw', v);
    igws.push({ InternetGatewayId: igwId, OwnerId: ACCOUNT, Attachments: [{ State: 'available', VpcId: vpcId }] });
    const subnetIds: string[] = [];
    for (let s = 0; s < SUBNETS_PER_VPC; s++) {
      const id = hex('subnet', v * SUBNETS_PER_VPC + s);
      subnetIds.push(id);
      const [o2, o3] = base.split('.').slice(1).map(Number) as [number, number];
      subnets.push({ SubnetId: id, VpcId: vpcId, OwnerId: ACCOUNT, CidrBlock: `10.${o2}.${o3 + s}.0/24`, AvailabilityZone: `${REGION}${'abc'[s % 3]}`, DefaultForAz: false, MapPublicIpOnLaunch: false });
    }
    for (let t = 0; t < TABLES_PER_VPC; t++) {
      const rs: unknown[] = [{ DestinationCidrBlock: `${base}.0/20`, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }];
      for (let r = 1; r < ROUTES_PER_TABLE; r++) rs.push({ DestinationCidrBlock: `172.${16 + t}.${r}.0/24`, GatewayId: igwId, Origin: 'CreateRoute', State: 'active' });
      routes += rs.length;
      tables.push({ RouteTableId: hex('rtb', v * TABLES_PER_VPC + t), VpcId: vpcId, OwnerId: ACCOUNT, Routes: rs,
        Associations: t === 0 ? [{ Main: true, RouteTableAssociationId: hex('rtbassoc', v * 100), RouteTableId: hex('rtb', v * TABLES_PER_VPC) }]
          : [{ Main: false, RouteTableAssociationId: hex('rtbassoc', v * 100 + t), RouteTableId: hex('rtb', v * TABLES_PER_VPC + t), SubnetId: subnetIds[t] }] });
    }
    for (let g = 0; g < GROUPS_PER_VPC; g++) {
      const id = hex('sg', v * GROUPS_PER_VPC + g);
      groups.push({ GroupId: id, GroupName: g === 0 ? 'default' : `app-${g}`, Description: 'bench', VpcId: vpcId, OwnerId: ACCOUNT,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }], UserIdGroupPairs: [{ GroupId: hex('sg', v * GROUPS_PER_VPC), UserId: ACCOUNT }] }],
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
    }
    acls.push({ NetworkAclId: hex('acl', v), VpcId: vpcId, OwnerId: ACCOUNT, IsDefault: true,
      Entries: [false, true].flatMap((Egress) => [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress, CidrBlock: '0.0.0.0/0' }, { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress, CidrBlock: '0.0.0.0/0' }]),
      Associations: subnetIds.map((s, i) => ({ NetworkAclAssociationId: hex('aclassoc', v * SUBNETS_PER_VPC + i), NetworkAclId: hex('acl', v), SubnetId: s })) });
  }
  const out = join(dir, REGION);
  mkdirSync(out, { recursive: true });
  const files: [string, string, unknown[]][] = [
    ['describe-vpcs', 'Vpcs', vpcs], ['describe-subnets', 'Subnets', subnets], ['describe-route-tables', 'RouteTables', tables],
    ['describe-security-groups', 'SecurityGroups', groups], ['describe-internet-gateways', 'InternetGateways', igws], ['describe-network-acls', 'NetworkAcls', acls],
  ];
  for (const [name, key, list] of files) writeFileSync(join(out, `${name}.json`), JSON.stringify({ [key]: list }));
  return { routes };
}

export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'vpce-bench-analyzer-'));
  try {
    const snapshot = join(root, 'snapshot');
    const { routes } = writeAccount(snapshot);
    const started = performance.now();
    const summary = runImport(snapshot, { state: join(root, 'state') });
    const seconds = (performance.now() - started) / 1000;
    const c = summary.counts;
    report('generated account', `${c['vpc']} VPCs, ${c['subnet']} subnets, ${routes} routes in ${c['routeTable']} tables, ${c['securityGroup']} security groups (${summary.records} records, ${summary.findings.length} findings)`);
    report('vpce import (read, check, commit to SQLite)', `${seconds.toFixed(2)} s`, { ok: seconds < 10, text: '< 10 s' });
    // What-if on the state just imported: VPC 500's main route table.
    await whatIfBench({ state: join(root, 'state'), tableId: hex('rtb', 500 * TABLES_PER_VPC) });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
