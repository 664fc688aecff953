/** @module `vpce import PATH`: load `aws ... describe-*` outputs into a state that keeps the real ids. */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { applyImport, planImport, sourcesOf, type ImportPlan, type ImportSources } from '../analyzer/import.js';
import type { ImportFinding } from '../analyzer/findings.js';
import { regionInfo } from '../model/regions.js';
import { GLOBAL, partitionKey, World } from '../model/world.js';
import { openObjectStore } from '../persistence/object-store.js';
import { sqliteStore } from '../persistence/sqlite-store.js';
import { systemClock } from '../shared/clock.js';
import { randomIdGen } from '../shared/ids.js';
import { readSourceDocuments } from './import-files.js';
import { progressBar } from './progress.js';

export interface ImportCliOptions {
  readonly account?: string;
  readonly region?: string;
  readonly state: string;
  readonly json?: boolean;
}

/** The `--json` summary: a stable shape for scripts. */
export interface ImportSummary {
  readonly account: string;
  readonly state: string;
  readonly records: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly files: ImportPlan['files'];
  readonly findings: readonly ImportFinding[];
}

/** Import `path` into the state directory; answers the summary (throws only on a bad path or state). */
export function runImport(path: string, o: ImportCliOptions): ImportSummary {
  if (!existsSync(path)) throw new Error(`no file or folder '${path}'. Give the JSON the AWS CLI printed (aws ec2 describe-vpcs > vpcs.json) or a folder of such files`);
  if (o.account !== undefined && !/^\d{12}$/.test(o.account)) throw new Error(`--account must be a 12-digit account id, not '${o.account}'`);
  if (o.region !== undefined && !regionInfo(o.region)) throw new Error(`--region '${o.region}' is not a Region vpce knows (for example us-east-1, eu-west-1)`);
  const quiet = { update: () => {}, end: () => {} };
  const reading = o.json === true ? quiet : progressBar('reading  ');
  const { docs, problems } = readSourceDocuments(path, reading.update);
  reading.end();
  mkdirSync(o.state, { recursive: true, mode: 0o700 });
  chmodSync(o.state, 0o700);
  let store;
  try {
    store = sqliteStore(o.state);
  } catch (e) {
    throw new Error(`cannot open state in '${o.state}': ${(e as Error).message}. Is \`vpce serve\` using it? Stop it, or import into another --state`);
  }
  try {
    const world = new World(store, randomIdGen, systemClock);
    const existing = (account: string, region: string, id: string) => world.partition(region === GLOBAL ? GLOBAL : partitionKey(account, region)).find(id);
    const plan = planImport(docs, { ...(o.account !== undefined ? { account: o.account } : {}), ...(o.region !== undefined ? { region: o.region } : {}), now: systemClock.now() }, existing);
    const bar = o.json === true ? quiet : progressBar('importing');
    const records = applyImport(world, plan, bar.update);
    bar.end();
    writeSources(o.state, sourcesOf(plan));
    if (plan.buckets.length > 0) {
      const objects = openObjectStore(o.state);
      try {
        for (const b of plan.buckets) {
          const current = objects.getBucket(b.name);
          if (!current) objects.insertBucket({ name: b.name, owner: plan.account, region: b.region, created: systemClock.now(), policy: b.policy });
          else if (b.policy !== null) objects.setBucketPolicy(b.name, b.policy);
        }
      } finally { objects.close(); }
    }
    return { account: plan.account, state: store.location, records, counts: plan.counts, files: plan.files, findings: [...problems, ...plan.findings] };
  } finally {
    store.close();
  }
}

/** The file `vpce lint` (and any tool) reads to point a record back at its file; later imports add to it. */
export const SOURCES_FILE = 'import-sources.json';

function writeSources(state: string, add: ImportSources): void {
  const path = join(state, SOURCES_FILE);
  let current: ImportSources = { account: add.account, records: {} };
  try { current = JSON.parse(readFileSync(path, 'utf8')) as ImportSources; } catch { /* first import */ }
  writeFileSync(path, JSON.stringify({ account: add.account, records: { ...current.records, ...add.records } }));
}

/** The human summary: counts per kind, then findings, most severe first. */
export function formatImportSummary(s: ImportSummary): string {
  const lines = [`imported ${s.records} records into account ${s.account} (state: ${s.state})`];
  lines.push(`files: ${s.files.imported} imported, ${s.files.skipped} recognised but not imported, ${s.files.unknown} unknown`);
  for (const [kind, n] of Object.entries(s.counts).sort()) lines.push(`  ${kind.padEnd(24)} ${n}`);
  const rank = { error: 0, warning: 1, note: 2 } as const;
  const sorted = [...s.findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
  if (sorted.length > 0) lines.push(`findings (${sorted.length}):`);
  for (const f of sorted) lines.push(`  ${f.severity.padEnd(7)} ${f.code}: ${f.message}${f.file !== undefined ? ` [${f.file}]` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import the JSON the AWS CLI prints (ec2/elbv2 describe-*, s3api get-bucket-policy/-location, iam get-account-authorization-details) into a state, keeping the real ids')
    .argument('<path>', 'a JSON file, or a folder of them (one sub-folder per Region, as Batfish lays out AWS snapshots; S3 outputs in s3/<bucket>/)')
    .option('--account <id>', 'account to import into (default: the OwnerId or ARNs in the data)')
    .option('--region <region>', 'Region of files whose folder names none (default: from zone names and ARNs in the data)')
    .option('--state <dir>', 'state directory (the one `vpce serve --state` uses)', '.vpce')
    .option('--json', 'print a JSON summary (counts per kind, findings) instead of text')
    .addHelpText('after', `
Files are recognised by their top-level key (Vpcs, Subnets, RouteTables, ...), whatever their names. Unknown files
and broken references (a route to a missing gateway, a subnet in a missing VPC) are reported as findings, never fatal.

Examples:
  mkdir -p acct/us-east-1 && cd acct/us-east-1
  for c in vpcs subnets route-tables security-groups security-group-rules network-acls network-interfaces \\
           instances volumes internet-gateways nat-gateways vpc-endpoints prefix-lists managed-prefix-lists; do
    aws ec2 describe-$c > describe-$c.json; done
  aws elbv2 describe-load-balancers > describe-load-balancers.json
  cd .. && aws iam get-account-authorization-details > iam.json
  mkdir -p s3/my-bucket && aws s3api get-bucket-policy --bucket my-bucket > s3/my-bucket/get-bucket-policy.json
  cd .. && vpce import acct --state ./state
  vpce import snapshots/hybrid-cloud --state ./state --json | jq .counts
  vpce serve --state ./state               # then: aws --endpoint-url http://127.0.0.1:4566 ec2 describe-vpcs

See docs/analyzer.md for every output read and every finding code.
`)
    .action((path: string, opts: ImportCliOptions) => {
      let summary: ImportSummary;
      try {
        summary = runImport(path, opts);
      } catch (e) {
        console.error(`vpce import: ${(e as Error).message}`);
        process.exit(2);
      }
      process.stdout.write(opts.json === true ? `${JSON.stringify(summary, null, 2)}\n` : formatImportSummary(summary));
    });
}
