/**
 * @module Terraform scenario runner: the real `terraform` binary and the pinned `hashicorp/aws` provider (from the
 * machine's filesystem mirror) against a vpce server, through init, apply, a plan that must show no changes,
 * `terraform import` of an endpoint into a fresh state that must plan clean, and destroy; then the API is asked
 * whether anything the scenario made is left.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeAddressesCommand, DescribeDhcpOptionsCommand, DescribeEgressOnlyInternetGatewaysCommand, DescribeInstancesCommand,
  DescribeInternetGatewaysCommand, DescribeManagedPrefixListsCommand, DescribeNatGatewaysCommand, DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand,
  DescribeVpcEndpointConnectionNotificationsCommand, DescribeVpcEndpointServiceConfigurationsCommand, DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand, DescribeVolumesCommand, DescribeVpcsCommand, DescribeVpnGatewaysCommand,
} from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListInstanceProfilesCommand, ListPoliciesCommand, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { Harness } from './harness.js';

/** The scenario configurations live in the source tree (test/terraform/<name>/), not in dist. */
export const SCENARIOS = fileURLToPath(new URL('../../../test/terraform/', import.meta.url));

/** The accounts the scenarios act as (the provider's default and its `peer` alias). */
export const TF_ACCOUNTS = ['111111111111', '222222222222'] as const;

const PROVIDER_PATH = 'registry.terraform.io/hashicorp/aws/5.100.0';

/** Where Terraform and the provider mirror are, or why the suite cannot run here. */
export function locateTerraform(): { readonly binary: string; readonly mirror: string } | { readonly missing: string } {
  const dirs = (process.env['PATH'] ?? '').split(':').filter(Boolean);
  const binary = dirs.map((d) => join(d, 'terraform')).find((p) => existsSync(p));
  if (!binary) return { missing: 'terraform is not on the PATH' };
  // The machine image keeps the provider in a filesystem mirror (VPCE_TF_MIRROR overrides where to look).
  const roots = [process.env['VPCE_TF_MIRROR'], '/opt/tf-plugins', '/usr/share/terraform/plugins', '/usr/local/share/terraform/plugins']
    .filter((r): r is string => r !== undefined && r !== '');
  const mirror = roots.find((r) => existsSync(join(r, PROVIDER_PATH)));
  if (!mirror) return { missing: `no filesystem mirror holding ${PROVIDER_PATH} (looked in ${roots.join(', ')})` };
  return { binary, mirror };
}

export interface TerraformRun {
  readonly code: number;
  readonly out: string;
}

/** One Terraform working directory bound to a server. */
export class TerraformDir {
  private constructor(readonly dir: string, private readonly binary: string, private readonly env: NodeJS.ProcessEnv) {}

  /** A fresh directory with the shared provider block and the given files, bound to `url` (`logLevel`: TF_LOG, into terraform.log). */
  static async create(tf: { binary: string; mirror: string }, url: string, files: Record<string, string>, logLevel = process.env['VPCE_TF_LOG'] ?? ''): Promise<TerraformDir> {
    const dir = await mkdtemp(join(tmpdir(), 'vpce-tf-'));
    const cli = join(dir, '.terraformrc');
    await writeFile(cli, [
      'provider_installation {',
      `  filesystem_mirror {\n    path    = ${JSON.stringify(tf.mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }`,
      '  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }',
      '}', '',
    ].join('\n'));
    await writeFile(join(dir, 'provider.tf'), await readFile(join(SCENARIOS, 'provider.tf.txt'), 'utf8'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    const env = {
      ...process.env, TF_CLI_CONFIG_FILE: cli, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1',
      TF_VAR_endpoint: url, TF_LOG: logLevel, TF_LOG_PATH: join(dir, 'terraform.log'),
    };
    return new TerraformDir(dir, tf.binary, env);
  }

  /** A scenario folder's files copied into a fresh directory. */
  static async scenario(tf: { binary: string; mirror: string }, url: string, name: string, logLevel?: string): Promise<TerraformDir> {
    const d = await TerraformDir.create(tf, url, {}, logLevel);
    await cp(join(SCENARIOS, name), d.dir, { recursive: true });
    return d;
  }

  run(...args: string[]): Promise<TerraformRun> {
    return new Promise((resolve) => {
      execFile(this.binary, [...args, '-no-color'], { cwd: this.dir, env: this.env, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, out: `${stdout}${stderr}` });
        });
    });
  }

  /** Run and require the exit code (0 by default), failing with Terraform's own words. */
  async must(args: string[], code = 0): Promise<string> {
    const r = await this.run(...args);
    assert.equal(r.code, code, `terraform ${args.join(' ')} exited ${r.code} (wanted ${code}):\n${tail(r.out)}`);
    return r.out;
  }

  async init(): Promise<void> { await this.must(['init', '-input=false']); }
  async apply(): Promise<void> { await this.must(['apply', '-auto-approve', '-input=false']); }
  /** `plan -detailed-exitcode` must answer 0: the state matches the configuration and the server. */
  async planClean(): Promise<void> { await this.must(['plan', '-detailed-exitcode', '-input=false']); }
  async destroy(): Promise<void> { await this.must(['destroy', '-auto-approve', '-input=false']); }

  async outputs(): Promise<Record<string, unknown>> {
    const raw = JSON.parse(await this.must(['output', '-json'])) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
  }

  async remove(): Promise<void> { await rm(this.dir, { recursive: true, force: true }); }
}

function tail(text: string, lines = 80): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** What a scenario's `import_check` output names: a resource address, its id and a configuration for it alone. */
interface ImportCheck {
  readonly address: string;
  readonly id: string;
  readonly config: string;
}

/** `terraform import` of the scenario's endpoint into a fresh state, which must then plan with no changes. */
export async function importPlansClean(tf: { binary: string; mirror: string }, url: string, check: ImportCheck): Promise<void> {
  const d = await TerraformDir.create(tf, url, { 'main.tf': check.config });
  try {
    await d.init();
    await d.must(['import', '-input=false', check.address, check.id]);
    await d.planClean();
  } finally {
    await d.remove();
  }
}

/**
 * Every live resource id an account has in us-east-1, through the API: what a destroy must leave as it found it.
 * Resources in a final state (deleted NAT gateways, terminated instances, deleted peering) do not count.
 */
export async function inventory(h: Harness, account: string): Promise<string[]> {
  const ec2 = h.ec2(account);
  const elb = h.elbv2(account);
  const iam = h.iam(account);
  const ids: string[] = [];
  const add = (xs: readonly (string | undefined)[]) => { for (const x of xs) if (x !== undefined) ids.push(x); };
  add(((await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).map((v) => v.VpcId));
  add(((await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? []).map((s) => s.SubnetId));
  add(((await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? []).map((g) => g.GroupId));
  add(((await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables ?? []).flatMap((t) => [t.RouteTableId, ...(t.Routes ?? []).map((r) => `${t.RouteTableId}:${r.DestinationCidrBlock ?? r.DestinationPrefixListId ?? r.DestinationIpv6CidrBlock}`)]));
  add(((await ec2.send(new DescribeNetworkAclsCommand({}))).NetworkAcls ?? []).map((a) => a.NetworkAclId));
  add(((await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways ?? []).map((g) => g.InternetGatewayId));
  add(((await ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({}))).EgressOnlyInternetGateways ?? []).map((g) => g.EgressOnlyInternetGatewayId));
  add(((await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways ?? []).filter((g) => g.State !== 'deleted').map((g) => g.NatGatewayId));
  add(((await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []).map((a) => a.AllocationId));
  add(((await ec2.send(new DescribeNetworkInterfacesCommand({}))).NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId));
  // An instance's root volume goes with it (DeleteOnTermination defaults to true), so a terminated instance leaves none.
  add(((await ec2.send(new DescribeVolumesCommand({}))).Volumes ?? []).filter((v) => v.State !== 'deleted').map((v) => v.VolumeId));
  add(((await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? []).flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name !== 'terminated').map((i) => i.InstanceId));
  add(((await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? []).filter((e) => String(e.State).toLowerCase() !== 'deleted').map((e) => e.VpcEndpointId));
  add(((await ec2.send(new DescribeVpcEndpointServiceConfigurationsCommand({}))).ServiceConfigurations ?? []).map((s) => s.ServiceId));
  add(((await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({}))).ConnectionNotificationSet ?? []).map((n) => n.ConnectionNotificationId));
  add(((await ec2.send(new DescribeVpnGatewaysCommand({}))).VpnGateways ?? []).filter((g) => g.State !== 'deleted').map((g) => g.VpnGatewayId));
  add(((await ec2.send(new DescribeVpcPeeringConnectionsCommand({}))).VpcPeeringConnections ?? [])
    .filter((p) => !['deleted', 'rejected', 'failed', 'expired'].includes(p.Status?.Code ?? '')).map((p) => p.VpcPeeringConnectionId));
  add(((await ec2.send(new DescribeManagedPrefixListsCommand({}))).PrefixLists ?? []).map((p) => p.PrefixListId));
  add(((await ec2.send(new DescribeDhcpOptionsCommand({}))).DhcpOptions ?? []).map((o) => o.DhcpOptionsId));
  add(((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []).map((l) => l.LoadBalancerArn));
  add(((await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).map((t) => t.TargetGroupArn));
  add(((await iam.send(new ListRolesCommand({}))).Roles ?? []).map((r) => r.Arn));
  add(((await iam.send(new ListUsersCommand({}))).Users ?? []).map((u) => u.Arn));
  add(((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies ?? []).map((p) => p.Arn));
  add(((await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles ?? []).map((p) => p.Arn));
  add(((await h.s3(account).send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => `s3:${b.Name}`));
  add(((await h.dynamodb(account).send(new ListTablesCommand({}))).TableNames ?? []).map((t) => `dynamodb:${t}`));
  return ids.sort();
}

/**
 * The whole life of one scenario: init, apply, a clean plan, import into a fresh state that plans clean, destroy,
 * and nothing left in either account that was not there before.
 */
export async function runScenario(h: Harness, tf: { binary: string; mirror: string }, name: string, checkApplied?: (outputs: Record<string, unknown>) => Promise<void>): Promise<void> {
  const before = await Promise.all(TF_ACCOUNTS.map((a) => inventory(h, a)));
  const d = await TerraformDir.scenario(tf, h.url, name);
  try {
    await d.init();
    await d.apply();
    await d.planClean();
    const outputs = await d.outputs();
    if (checkApplied) await checkApplied(outputs);
    const checks = outputs['import_check'];
    assert.ok(checks !== undefined, `scenario ${name} names no import_check output`);
    for (const check of Array.isArray(checks) ? checks as ImportCheck[] : [checks as ImportCheck]) await importPlansClean(tf, h.url, check);
    await d.destroy();
    const after = await Promise.all(TF_ACCOUNTS.map((a) => inventory(h, a)));
    for (const [i, account] of TF_ACCOUNTS.entries()) {
      const left = after[i]!.filter((id) => !before[i]!.includes(id));
      assert.deepEqual(left, [], `terraform destroy left resources behind in ${account}`);
    }
  } finally {
    await d.remove();
  }
}

/**
 * Register one scenario as a test: skipped with its reason where Terraform or the provider mirror is missing,
 * except in CI (`CI=true`), where a missing Terraform is a failure.
 */
export function terraformScenario(name: string, title: string, harness: () => Harness, checkApplied?: (outputs: Record<string, unknown>) => Promise<void>): void {
  const tf = locateTerraform();
  const ci = process.env['CI'] === 'true';
  if ('missing' in tf && !ci) {
    console.log(`# skipping Terraform scenario ${name}: ${tf.missing}`);
  }
  test(title, { skip: 'missing' in tf && !ci ? tf.missing : false, timeout: 900_000 }, async () => {
    if ('missing' in tf) assert.fail(`Terraform scenarios cannot run: ${tf.missing}`);
    await runScenario(harness(), tf, name, checkApplied);
  });
}
