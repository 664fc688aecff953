/**
 * @module `vpce import`, the pure part: AWS CLI outputs (already read and parsed by the CLI) -> a plan of model
 * records that keep the real ids, checked for references, with findings -> one transaction into the World.
 * Nothing here throws on bad data: unknown files, missing members and broken references are findings.
 */
import { createDefaultDhcpOptions } from '../model/dhcp-options.js';
import { needsDefaults, PARTITION_INFO_ID } from '../model/defaults.js';
import { iamIn, IAM_REGION, recordId } from '../model/iam-ids.js';
import { regionInfo } from '../model/regions.js';
import type { Resource } from '../model/resources.js';
import { GLOBAL, partitionKey, type World } from '../model/world.js';
import { checkReferences } from './check-references.js';
import { classify, type ImportedCommand, type SourceDocument } from './documents.js';
import { Drafts } from './drafts.js';
import { Findings, type ImportFinding } from './findings.js';
import type { ParseContext } from './parse-context.js';
import { readInstances, readNetworkInterfaces, readVolumes } from './parse-compute.js';
import { readManagedPrefixLists, readPrefixListEntries, readPrefixLists, readServiceConfigurations, readServicePermissions, readVpcEndpoints } from './parse-endpoints.js';
import { readElbv2 } from './parse-elbv2.js';
import { readablePolicy, readAuthorizationDetails } from './parse-iam.js';
import {
  readAddresses, readDhcpOptions, readEgressOnlyInternetGateways, readInternetGateways, readNatGateways, readPeerings, readRouteTables,
  readSubnets, readVpcAttribute, readVpcs, readVpnGateways,
} from './parse-network.js';
import { readNetworkAcls, readSecurityGroupRules, readSecurityGroups } from './parse-security.js';
import { obj, str, type Json } from './wire.js';

export interface ImportOptions {
  /** The account to import into (default: the OwnerId or ARNs in the data). */
  readonly account?: string;
  /** The Region of documents whose folder names none (default: from zone names and ARNs in the data). */
  readonly region?: string;
  /** Epoch ms for creation times the outputs do not print. */
  readonly now: number;
}

/** An S3 bucket from get-bucket-policy / get-bucket-location. */
export interface BucketDraft {
  readonly name: string;
  readonly region: string;
  readonly policy: string | null;
}

export interface ImportPlan {
  readonly account: string;
  readonly drafts: Drafts;
  readonly iam: readonly Resource[];
  readonly buckets: readonly BucketDraft[];
  readonly findings: readonly ImportFinding[];
  /** Records per kind, and files read per command. */
  readonly counts: Readonly<Record<string, number>>;
  readonly files: { readonly imported: number; readonly skipped: number; readonly unknown: number };
}

/** The order documents are read in: what others refer to by key first (rule ids before groups, entries before lists). */
const ORDER: readonly ImportedCommand[] = [
  'describe-dhcp-options', 'describe-vpcs', 'describe-subnets', 'describe-prefix-lists', 'get-managed-prefix-list-entries',
  'describe-managed-prefix-lists', 'describe-internet-gateways', 'describe-egress-only-internet-gateways', 'describe-vpn-gateways',
  'describe-vpc-peering-connections', 'describe-security-group-rules', 'describe-security-groups', 'describe-network-acls',
  'describe-network-interfaces', 'describe-volumes', 'describe-instances', 'describe-nat-gateways', 'describe-addresses', 'describe-route-tables',
  'describe-vpc-endpoint-service-configurations', 'describe-vpc-endpoint-service-permissions', 'describe-vpc-endpoints',
  'elbv2 describe-target-health', 'elbv2 describe-target-groups', 'elbv2 describe-load-balancers', 'elbv2 describe-listeners',
  's3api get-bucket-location', 's3api get-bucket-policy', 'iam get-account-authorization-details',
];

const ACCOUNT_IN_ARN = /arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):(\d{12}):/;

/**
 * The account and Region the data speaks of: the most common OwnerId / ARN account and zone Region among the first
 * items of each output (a sample: the answer is the same, and a 100,000-route account is not walked twice).
 */
function detect(docs: readonly { body: unknown }[]): { account?: string; region?: string } {
  const accounts = new Map<string, number>();
  const regions = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => { m.set(k, (m.get(k) ?? 0) + 1); };
  const SAMPLE = 50;
  const walk = (v: unknown, depth: number): void => {
    if (depth > 5) return;
    if (Array.isArray(v)) { for (const x of v.slice(0, SAMPLE)) walk(x, depth + 1); return; }
    const o = obj(v);
    if (!o) {
      if (typeof v === 'string' && v.startsWith('arn:')) {
        const m = ACCOUNT_IN_ARN.exec(v);
        if (m) { bump(accounts, m[2]!); if (m[1] && regionInfo(m[1])) bump(regions, m[1]); }
      }
      return;
    }
    for (const [k, x] of Object.entries(o)) {
      if (k === 'OwnerId' && typeof x === 'string' && /^\d{12}$/.test(x)) bump(accounts, x);
      if (k === 'AvailabilityZone' && typeof x === 'string') { const r = x.replace(/[a-z]$/, ''); if (regionInfo(r)) bump(regions, r); }
      walk(x, depth + 1);
    }
  };
  for (const d of docs) walk(d.body, 0);
  const top = (m: Map<string, number>): string | undefined => [...m].sort((a, b) => b[1] - a[1])[0]?.[0];
  const account = top(accounts);
  const region = top(regions);
  return { ...(account !== undefined ? { account } : {}), ...(region !== undefined ? { region } : {}) };
}

/** Where each imported record came from (`<state>/import-sources.json`), for tools that point back at the files. */
export interface ImportSources {
  readonly account: string;
  /** Record id -> the file (as given on the command line, or relative to the imported folder) and the Region. */
  readonly records: Record<string, { readonly file: string; readonly region: string }>;
}

export function sourcesOf(plan: ImportPlan): ImportSources {
  const records: Record<string, { file: string; region: string }> = {};
  for (const [region, m] of plan.drafts.byRegion) for (const [id, d] of m) records[id] = { file: d.file, region };
  return { account: plan.account, records };
}

/** Read every document into a checked plan. `existing` answers references to records already in the state. */
export function planImport(docs: readonly SourceDocument[], opts: ImportOptions, existing: (account: string, region: string, id: string) => Resource | undefined = () => undefined): ImportPlan {
  const findings = new Findings();
  const drafts = new Drafts(findings);
  const found = detect(docs);
  const account = opts.account ?? found.account ?? '000000000000';
  if (opts.account === undefined && found.account === undefined) findings.add('warning', 'no-account', 'no OwnerId or ARN in the data names the account: imported into 000000000000 (pass --account)');
  const defaultRegion = opts.region ?? found.region ?? 'us-east-1';
  if (opts.region === undefined && found.region === undefined && docs.some((d) => d.region === undefined)) findings.add('warning', 'no-region', 'no zone or ARN in the data names the Region: imported into us-east-1 (pass --region)');
  const ctxBase = { account, now: opts.now, drafts, findings, sgRuleIds: new Map<string, string>(), prefixListEntries: new Map(), targets: new Map(), bucketRegions: new Map<string, string>() };
  const counts: Record<string, number> = {};
  const files = { imported: 0, skipped: 0, unknown: 0 };
  const queue: { doc: SourceDocument; command: ImportedCommand; body: Json }[] = [];
  for (const doc of docs) {
    const c = classify(doc.body);
    if (c.kind === 'unknown') {
      files.unknown++;
      findings.add('warning', 'unknown-file', `not an output vpce imports (top-level keys: ${c.keys.join(', ') || 'none'}); skipped`, { file: doc.file });
    } else if (c.kind === 'known') {
      files.skipped++;
      findings.add('note', 'not-imported', `${c.key}: ${c.why}; skipped`, { file: doc.file });
    } else {
      queue.push({ doc, command: c.command, body: c.body });
    }
  }
  // describe-vpc-attribute outputs ride with describe-vpcs but are applied after every VPC is read.
  const isAttr = (b: Json): boolean => 'EnableDnsSupport' in b || 'EnableDnsHostnames' in b || 'EnableNetworkAddressUsageMetrics' in b;
  queue.sort((a, b) => ORDER.indexOf(a.command) - ORDER.indexOf(b.command) || Number(isAttr(a.body)) - Number(isAttr(b.body)));
  const iam: Resource[] = [];
  const bucketPolicies = new Map<string, string | null>();
  for (const { doc, command, body } of queue) {
    files.imported++;
    const ctx: ParseContext = { ...ctxBase, region: doc.region ?? defaultRegion, file: doc.file };
    switch (command) {
      case 'describe-vpcs': if (isAttr(body)) readVpcAttribute(ctx, body); else readVpcs(ctx, body); break;
      case 'describe-subnets': readSubnets(ctx, body); break;
      case 'describe-dhcp-options': readDhcpOptions(ctx, body); break;
      case 'describe-prefix-lists': readPrefixLists(ctx, body); break;
      case 'get-managed-prefix-list-entries': readPrefixListEntries(ctx, body, doc.prefixListId); break;
      case 'describe-managed-prefix-lists': readManagedPrefixLists(ctx, body); break;
      case 'describe-internet-gateways': readInternetGateways(ctx, body); break;
      case 'describe-egress-only-internet-gateways': readEgressOnlyInternetGateways(ctx, body); break;
      case 'describe-vpn-gateways': readVpnGateways(ctx, body); break;
      case 'describe-vpc-peering-connections': readPeerings(ctx, body); break;
      case 'describe-security-group-rules': readSecurityGroupRules(ctx, body); break;
      case 'describe-security-groups': readSecurityGroups(ctx, body); break;
      case 'describe-network-acls': readNetworkAcls(ctx, body); break;
      case 'describe-network-interfaces': readNetworkInterfaces(ctx, body); break;
      case 'describe-instances': readInstances(ctx, body); break;
      case 'describe-volumes': readVolumes(ctx, body); break;
      case 'describe-nat-gateways': readNatGateways(ctx, body); break;
      case 'describe-addresses': readAddresses(ctx, body); break;
      case 'describe-route-tables': readRouteTables(ctx, body); break;
      case 'describe-vpc-endpoint-service-configurations': readServiceConfigurations(ctx, body); break;
      case 'describe-vpc-endpoints': readVpcEndpoints(ctx, body); break;
      case 'describe-vpc-endpoint-service-permissions': readServicePermissions(ctx, body, doc.serviceId); break;
      case 'elbv2 describe-target-health': case 'elbv2 describe-target-groups': case 'elbv2 describe-load-balancers': case 'elbv2 describe-listeners':
        readElbv2(ctx, command, body); break;
      case 's3api get-bucket-location': case 's3api get-bucket-policy': {
        if (doc.bucket === undefined) {
          findings.add('warning', 'unattributed-file', `${command} output names no bucket: put it in a folder named for the bucket (s3/<bucket>/${command.slice(6)}.json); ignored`, { file: doc.file });
          break;
        }
        if (command === 's3api get-bucket-location') {
          // AWS: a null LocationConstraint is us-east-1 ("EU" is the legacy name of eu-west-1).
          const loc = str(body['LocationConstraint']);
          ctxBase.bucketRegions.set(doc.bucket, loc === undefined || loc === '' ? 'us-east-1' : loc === 'EU' ? 'eu-west-1' : loc);
        } else {
          const p = body['Policy'];
          const text = typeof p === 'string' ? p : obj(p) ? JSON.stringify(p) : undefined;
          bucketPolicies.set(doc.bucket, readablePolicy(text, `the policy of bucket ${doc.bucket}`, doc.file, findings) ?? null);
        }
        if (!bucketPolicies.has(doc.bucket)) bucketPolicies.set(doc.bucket, null);
        break;
      }
      case 'iam get-account-authorization-details': iam.push(...readAuthorizationDetails(body, account, opts.now, doc.file, findings)); break;
    }
    counts[command] = (counts[command] ?? 0) + 1;
  }
  if (counts['describe-vpcs'] !== undefined && !queue.some((q) => isAttr(q.body))) {
    findings.add('note', 'missing-file', 'no describe-vpc-attribute output: each VPC gets AWS\'s DNS defaults (enableDnsSupport true, enableDnsHostnames true only for a default VPC); add `aws ec2 describe-vpc-attribute --attribute enableDnsHostnames` (and enableDnsSupport) outputs, one JSON array per attribute, for the real values');
  }
  checkReferences(drafts, (region, id) => existing(account, region, id));
  // An instance's role takes part in explain only when IAM is imported too.
  const iamIds = new Set(iam.map((r) => r.id));
  for (const m of drafts.byRegion.values()) {
    for (const d of m.values()) {
      const arn = d.record.kind === 'instance' ? d.record.iamInstanceProfileArn : undefined;
      if (arn === undefined) continue;
      const id = recordId('instance-profile', arn.slice(arn.lastIndexOf('/') + 1));
      if (!iamIds.has(id) && !existing(account, IAM_REGION, id)) {
        findings.add('note', 'missing-reference', `${d.record.id} has instance profile ${arn}, which is not imported (add iam get-account-authorization-details): its requests are judged without its role's policies`, { file: d.file, resourceId: d.record.id });
      }
    }
  }
  const buckets: BucketDraft[] = [...bucketPolicies].map(([name, policy]) => {
    const region = ctxBase.bucketRegions.get(name);
    if (region === undefined) findings.add('note', 'missing-file', `bucket ${name} has no get-bucket-location output: placed in ${defaultRegion}`, { resourceId: name });
    return { name, region: region ?? defaultRegion, policy };
  });
  const kinds: Record<string, number> = {};
  for (const m of drafts.byRegion.values()) for (const d of m.values()) kinds[d.record.kind] = (kinds[d.record.kind] ?? 0) + 1;
  for (const r of iam) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  if (buckets.length > 0) kinds['bucket'] = buckets.length;
  return { account, drafts, iam, buckets, findings: findings.list, counts: kinds, files };
}

/**
 * Write a plan in one transaction (all or nothing). A new partition is marked as having its defaults, so the
 * emulator never adds a default VPC the account did not have; it gets a Region-default DHCP option set for VPCs
 * made later. `progress(done, total)` is called every 1,000 records.
 */
export function applyImport(world: World, plan: ImportPlan, progress?: (done: number, total: number) => void): number {
  const total = plan.drafts.size + plan.iam.length;
  let done = 0;
  const tick = (): void => { done++; if (progress && (done % 1000 === 0 || done === total)) progress(done, total); };
  world.transact((tx) => {
    for (const [region, records] of plan.drafts.byRegion) {
      const p = region === GLOBAL ? tx.global : tx.in(plan.account, region);
      if (region !== GLOBAL && needsDefaults(world.partition(partitionKey(plan.account, region)))) {
        p.put({ kind: 'partitionInfo', id: PARTITION_INFO_ID, ownerId: plan.account, tags: [], createdAt: tx.clock.now() });
        createDefaultDhcpOptions(tx, p);
      }
      for (const d of records.values()) { p.put(d.record); tick(); }
    }
    const iam = iamIn(tx, plan.account);
    for (const r of plan.iam) { iam.put(r); tick(); }
  });
  return done;
}
