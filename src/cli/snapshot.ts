/**
 * @module `vpce snapshot DIR`: write a state out as the AWS CLI would print it, one file per command named after
 * it (`describe-vpcs.json`), one folder per Region, so that `vpce import DIR` reads it back to the same state. The
 * describe outputs come from the API's own handlers, so they are what `aws ec2 describe-*` against `vpce serve` prints.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { authorizationDetails } from '../analyzer/export-iam.js';
import { allAwsPrefixLists } from '../model/aws-prefix-lists.js';
import { iamPartitionKey, IAM_REGION } from '../model/iam-ids.js';
import { REGIONS } from '../model/regions.js';
import { partitionKey, World } from '../model/world.js';
import { openObjectStore } from '../persistence/object-store.js';
import { sqliteStore } from '../persistence/sqlite-store.js';
import { makeEc2Context, type Ec2Context } from '../services/ec2/context.js';
import { ec2Handlers } from '../services/ec2/index.js';
import { elbv2Handlers } from '../services/elbv2/index.js';
import { systemClock } from '../shared/clock.js';
import { randomIdGen } from '../shared/ids.js';

type Out = Record<string, unknown>;
type AnyHandler = (ctx: Ec2Context, input: Out) => Out;

/** Every page of a Describe operation, merged under its list member. */
function all(table: object, op: string, ctx: Ec2Context, list: string, input: Out = {}): unknown[] {
  const h = (table as Record<string, AnyHandler>)[op]!;
  const items: unknown[] = [];
  let token: string | undefined;
  do {
    const out = h(ctx, { ...input, ...(token !== undefined ? (op.startsWith('Describe') && table === elbv2Handlers ? { Marker: token } : { NextToken: token }) : {}) });
    items.push(...((out[list] as unknown[] | undefined) ?? []));
    token = (out['NextToken'] ?? out['NextMarker']) as string | undefined;
  } while (token !== undefined);
  return items;
}

/** Plain JSON as the CLI prints it (Dates as ISO text, absent members dropped). */
const json = (v: unknown): string => `${JSON.stringify(v, null, 1)}\n`;

export interface SnapshotSummary { readonly account: string; readonly regions: readonly string[]; readonly files: number }

/** Write the state of `account` (default: the only account with state) under `dir`. */
export function writeSnapshot(world: World, dir: string, accountOpt: string | undefined, buckets: { name: string; region: string; policy: string | null }[] | undefined): SnapshotSummary {
  const accounts = new Set(REGIONS.flatMap((r) => world.accountsIn(r.name)));
  const account = accountOpt ?? (accounts.size === 1 ? [...accounts][0]! : undefined);
  if (account === undefined) throw new Error(accounts.size === 0 ? 'the state holds no account' : `the state holds several accounts (${[...accounts].join(', ')}): pick one with --account`);
  let files = 0;
  const write = (path: string, body: unknown): void => { writeFileSync(path, json(body)); files++; };
  const regions: string[] = [];
  const staticIds = new Set(allAwsPrefixLists().map((p) => p.id));
  for (const { name: region } of REGIONS) {
    if (!world.accountsIn(region).includes(account)) continue;
    regions.push(region);
    const ctx = makeEc2Context(world, account, region, 'snapshot', false);
    const view = world.partition(partitionKey(account, region));
    const out = join(dir, region);
    mkdirSync(out, { recursive: true });
    const vpcs = all(ec2Handlers, 'DescribeVpcs', ctx, 'Vpcs');
    write(join(out, 'describe-vpcs.json'), { Vpcs: vpcs });
    write(join(out, 'describe-vpc-attribute.json'), [...view.list('vpc')].flatMap((v) => [
      { VpcId: v.id, EnableDnsSupport: { Value: v.enableDnsSupport } }, { VpcId: v.id, EnableDnsHostnames: { Value: v.enableDnsHostnames } },
    ]));
    const simple: [string, string, string][] = [
      ['describe-subnets', 'DescribeSubnets', 'Subnets'], ['describe-route-tables', 'DescribeRouteTables', 'RouteTables'],
      ['describe-security-groups', 'DescribeSecurityGroups', 'SecurityGroups'], ['describe-security-group-rules', 'DescribeSecurityGroupRules', 'SecurityGroupRules'],
      ['describe-network-acls', 'DescribeNetworkAcls', 'NetworkAcls'], ['describe-network-interfaces', 'DescribeNetworkInterfaces', 'NetworkInterfaces'],
      ['describe-instances', 'DescribeInstances', 'Reservations'], ['describe-internet-gateways', 'DescribeInternetGateways', 'InternetGateways'],
      ['describe-egress-only-internet-gateways', 'DescribeEgressOnlyInternetGateways', 'EgressOnlyInternetGateways'],
      ['describe-nat-gateways', 'DescribeNatGateways', 'NatGateways'], ['describe-vpn-gateways', 'DescribeVpnGateways', 'VpnGateways'],
      ['describe-vpc-peering-connections', 'DescribeVpcPeeringConnections', 'VpcPeeringConnections'], ['describe-vpc-endpoints', 'DescribeVpcEndpoints', 'VpcEndpoints'],
      ['describe-vpc-endpoint-service-configurations', 'DescribeVpcEndpointServiceConfigurations', 'ServiceConfigurations'],
      ['describe-addresses', 'DescribeAddresses', 'Addresses'], ['describe-volumes', 'DescribeVolumes', 'Volumes'],
    ];
    for (const [file, op, list] of simple) write(join(out, `${file}.json`), { [list]: all(ec2Handlers, op, ctx, list) });
    for (const svc of view.list('vpcEndpointService')) {
      write(join(out, `describe-vpc-endpoint-service-permissions.${svc.id}.json`), { AllowedPrincipals: all(ec2Handlers, 'DescribeVpcEndpointServicePermissions', ctx, 'AllowedPrincipals', { ServiceId: svc.id }) });
    }
    // The Region's default DHCP option set is vpce's (made with the partition); only sets VPCs use, or the user made, go out.
    const regionDefaults = new Set([...view.list('dhcpOptions')].filter((d) => d.regionDefault === true).map((d) => d.id));
    const used = new Set([...view.list('vpc')].flatMap((v) => (v.dhcpOptionsId !== undefined ? [v.dhcpOptionsId] : [])));
    write(join(out, 'describe-dhcp-options.json'), { DhcpOptions: (all(ec2Handlers, 'DescribeDhcpOptions', ctx, 'DhcpOptions') as Out[]).filter((d) => !regionDefaults.has(String(d['DhcpOptionsId'])) || used.has(String(d['DhcpOptionsId']))) });
    // vpce's built-in AWS-managed lists are part of every state: only lists the state holds go out.
    const lists = (all(ec2Handlers, 'DescribeManagedPrefixLists', ctx, 'PrefixLists') as Out[]).filter((p) => !staticIds.has(String(p['PrefixListId'])));
    write(join(out, 'describe-managed-prefix-lists.json'), { PrefixLists: lists });
    for (const pl of lists) {
      const id = String(pl['PrefixListId']);
      write(join(out, `get-managed-prefix-list-entries.${id}.json`), { Entries: all(ec2Handlers, 'GetManagedPrefixListEntries', ctx, 'Entries', { PrefixListId: id }) });
    }
    const lbs = all(elbv2Handlers, 'DescribeLoadBalancers', ctx, 'LoadBalancers') as Out[];
    if (lbs.length > 0 || view.count('targetGroup') > 0) {
      write(join(out, 'describe-load-balancers.json'), { LoadBalancers: lbs });
      const tgs = all(elbv2Handlers, 'DescribeTargetGroups', ctx, 'TargetGroups') as Out[];
      write(join(out, 'describe-target-groups.json'), { TargetGroups: tgs });
      // Batfish's forms, which say which load balancer / target group each output is of (the CLI's do not).
      write(join(out, 'describe-listeners.json'), { LoadBalancerListeners: lbs.map((lb) => ({ LoadBalancerArn: lb['LoadBalancerArn'], Listeners: all(elbv2Handlers, 'DescribeListeners', ctx, 'Listeners', { LoadBalancerArn: lb['LoadBalancerArn'] }) })) });
      write(join(out, 'describe-target-health.json'), { LoadBalancerTargetHealth: tgs.map((tg) => ({ TargetGroupArn: tg['TargetGroupArn'], TargetHealthDescriptions: all(elbv2Handlers, 'DescribeTargetHealth', ctx, 'TargetHealthDescriptions', { TargetGroupArn: tg['TargetGroupArn'] }) })) });
    }
  }
  const iam = world.partition(iamPartitionKey(account));
  if (iam.size > 0) {
    mkdirSync(join(dir, IAM_REGION), { recursive: true });
    write(join(dir, IAM_REGION, 'get-account-authorization-details.json'), authorizationDetails(iam));
  }
  for (const b of buckets ?? []) {
    const folder = join(dir, 's3', b.name);
    mkdirSync(folder, { recursive: true });
    // AWS: get-bucket-location prints null for us-east-1.
    write(join(folder, 'get-bucket-location.json'), { LocationConstraint: b.region === 'us-east-1' ? null : b.region });
    if (b.policy !== null) write(join(folder, 'get-bucket-policy.json'), { Policy: b.policy });
  }
  return { account, regions, files };
}

/** Open the state in `stateDir` (not while a server holds it) and write it under `dir`. */
export function runSnapshot(stateDir: string, dir: string, accountOpt?: string): SnapshotSummary {
  if (!existsSync(join(stateDir, 'state.db'))) throw new Error(`no state in '${stateDir}': give the --state folder \`vpce serve\` or \`vpce import\` used`);
  if (accountOpt !== undefined && !/^\d{12}$/.test(accountOpt)) throw new Error(`--account must be a 12-digit account id, not '${accountOpt}'`);
  let store;
  try { store = sqliteStore(stateDir); } catch (e) {
    throw new Error(`cannot open state in '${stateDir}': ${(e as Error).message}. Is \`vpce serve\` using it? Stop it first`);
  }
  try {
    const world = new World(store, randomIdGen, systemClock);
    const objects = openObjectStore(stateDir);
    try {
      const accounts = new Set(REGIONS.flatMap((r) => world.accountsIn(r.name)));
      const account = accountOpt ?? (accounts.size === 1 ? [...accounts][0] : undefined);
      const buckets = account !== undefined ? objects.bucketsOf(account).map((b) => ({ name: b.name, region: b.region, policy: b.policy })) : [];
      return writeSnapshot(world, dir, accountOpt, buckets);
    } finally { objects.close(); }
  } finally {
    store.close();
  }
}

export function registerSnapshotCommand(program: Command): void {
  program
    .command('snapshot')
    .description('write a state out as AWS CLI JSON (one describe-*.json per command, one folder per Region): what `vpce import` reads')
    .argument('<dir>', 'folder to write (created if missing)')
    .option('--state <dir>', 'state directory to read', '.vpce')
    .option('--account <id>', 'account to write (default: the only account with state)')
    .addHelpText('after', `
Examples:
  vpce snapshot ./snap --state .vpce                # snap/us-east-1/describe-vpcs.json, ...
  vpce import ./snap --state ./copy                 # the same state again, ids and all
`)
    .action((dir: string, opts: { state: string; account?: string }) => {
      try {
        const summary = runSnapshot(opts.state, dir, opts.account);
        console.log(`wrote ${summary.files} files for account ${summary.account} (${summary.regions.join(', ') || 'no Region'}) to ${dir}`);
      } catch (e) {
        console.error(`vpce snapshot: ${(e as Error).message}`);
        process.exit(2);
      }
    });
}

