/**
 * @module `vpce what-if --change FILE`: apply EC2 calls (the CLI's JSON input form, or a Terraform plan's JSON) to a
 * scratch copy of a state and report which flows change: every source in the VPCs the change touches against
 * every destination that matters (the account's buckets and tables, the services of its interface endpoints),
 * delivered and allowed before and after, with the hop where the paths part. Exit 1 when something that worked
 * stops working. The state on disk is never written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseChangeSet, type ApiChange, type SkippedChange } from '../analyzer/change-set.js';
import { answerAll, compareAnswers, type FlowQuestion, type WhatIfReport } from '../analyzer/what-if.js';
import { NetworkCompiler } from '../engine/compile.js';
import type { ExplainInput } from '../engine/request.js';
import { identityPoliciesOf, permissionsBoundaryOf } from '../model/credentials.js';
import { REGIONS } from '../model/regions.js';
import type { Resource } from '../model/resources.js';
import { GLOBAL, partitionKey, World } from '../model/world.js';
import { openItemStore } from '../persistence/item-store.js';
import { openObjectStore } from '../persistence/object-store.js';
import { sqliteStore } from '../persistence/sqlite-store.js';
import type { StateStore, StoredChange, StoredRecord } from '../persistence/state-store.js';
import { ec2QueryBody, UnknownMemberError } from '../protocol/ec2-query/flatten.js';
import { decodeEntities } from '../protocol/rest-xml/xml.js';
import { handleEc2 } from '../server/ec2-endpoint.js';
import { makeEc2Context } from '../services/ec2/context.js';
import { instanceSession } from '../server/exec-endpoint.js';
import { systemClock } from '../shared/clock.js';
import { randomIdGen } from '../shared/ids.js';
import { ec2Model } from '../specs/ec2-model.js';

export interface WhatIfOptions {
  readonly change: string;
  readonly state: string;
  readonly account?: string;
  readonly region?: string;
  readonly json?: boolean;
}

export interface WhatIfOutput {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

const fail = (message: string): WhatIfOutput => ({ exitCode: 2, stdout: '', stderr: `vpce what-if: ${message}\n` });

/** A state held in memory: loaded once, written nowhere; `commits` keeps what each change touched. */
function scratchStore(records: readonly StoredRecord[], commits: StoredChange[]): StateStore {
  return { location: 'what-if scratch copy', load: () => records, commit: (changes) => { commits.push(...changes); }, close: () => {} };
}

export function runWhatIf(o: WhatIfOptions, stdin: () => string = () => readFileSync(0, 'utf8')): WhatIfOutput {
  let text: string;
  try { text = o.change === '-' ? stdin() : readFileSync(o.change, 'utf8'); } catch (e) { return fail(`cannot read --change ${o.change}: ${(e as Error).message}`); }
  let value: unknown;
  try { value = JSON.parse(text) as unknown; } catch (e) { return fail(`--change ${o.change} is not JSON: ${(e as Error).message}`); }
  const set = parseChangeSet(value);
  if (!set.ok) return fail(set.error);
  if (!existsSync(join(o.state, 'state.db'))) return fail(`no vpce state in '${o.state}' (no state.db): pass --state with the folder \`vpce serve --state\` used, or \`vpce import\` made`);
  let records: StoredRecord[];
  try {
    const store = sqliteStore(o.state);
    try { records = [...store.load()]; } finally { store.close(); }
  } catch (e) {
    return fail(`cannot open the state in '${o.state}': ${(e as Error).message}. If \`vpce serve\` is running on it, stop it first (it holds the state's lock)`);
  }
  // The scope from the records' partition keys: no record is parsed twice (whatIfOn loads them once).
  const scope = scopeOf(new Set(records.map((r) => r.partition)), o);
  if ('error' in scope) return fail(scope.error);
  const { account, region } = scope;
  const ran = whatIfOn(records, set.changes, account, region, (worlds, vpcs) => storedDestinations(o.state, worlds, account, region, vpcs));
  if ('error' in ran) return fail(ran.error);
  const broken = ran.report.differences.some((d) => d.change === 'broken');
  const out = { account, region, format: set.format, applied: ran.applied, skipped: set.skipped, changedVpcs: ran.changedVpcs, ...ran.report };
  return { exitCode: broken ? 1 : 0, stdout: o.json === true ? `${JSON.stringify(out, null, 2)}\n` : formatWhatIf(out), stderr: '' };
}

/** A destination question: where to, and the resource policy (and its account) in force there. */
export interface Destination { readonly to: string; readonly resourcePolicy?: string; readonly resourceAccount?: string }

/** Where a what-if's time went, in milliseconds (the benchmark prints them). */
export interface WhatIfPhases {
  /** Parsing the records into the scratch world. */
  load: number;
  /** The calls applied, the records they touched found, the questions built, and the touched records put back. */
  apply: number;
  /** Compiling the network: the partition, then each route table, ACL and group a trace looks up, then the update. */
  compile: number;
  /** Tracing every question before and after (compiling excluded). */
  trace: number;
  /** Route tables compiled (of `routeTables` in the partition). */
  tablesCompiled: number;
  routeTables: number;
}

/**
 * Apply the calls to a scratch copy of `records` and compare every source in the VPCs they touch against the
 * destinations `destinationsFor` names. Exported for the benchmark, which feeds a synthetic state and passes
 * `phases` to learn where the time went.
 */
export function whatIfOn(
  records: readonly StoredRecord[], changes: readonly ApiChange[], account: string, region: string,
  destinationsFor: (worlds: readonly World[], vpcs: ReadonlySet<string>) => Destination[],
  phases?: WhatIfPhases,
): { applied: { origin: string; operation: string }[]; changedVpcs: string[]; report: WhatIfReport } | { error: string } {
  let mark = performance.now();
  const lap = (): number => { const now = performance.now(); const ms = now - mark; mark = now; return ms; };
  // One copy of the state: the calls are applied and the answers after them taken first; then every record they
  // touched is put back as it was (the compiler updates its view incrementally) and the answers before are taken.
  // Two copies would cost a second load and a second full compile of each partition.
  const commits: StoredChange[] = [];
  const world = new World(scratchStore(records, commits), randomIdGen, systemClock);
  if (phases) phases.load += lap();
  // The first EC2 call in a partition makes its defaults (default VPC, ...): make them first, so only what the
  // calls themselves change differs.
  makeEc2Context(world, account, region, 'what-if-defaults', false).read();
  const original = new Map<string, string | undefined>();
  for (const c of commits) original.set(`${c.partition}\u0000${c.id}`, c.body ?? undefined);
  commits.length = 0;
  const before = new World(scratchStore([], []), randomIdGen, systemClock);
  const applied: { origin: string; operation: string }[] = [];
  for (const [i, c] of changes.entries()) {
    const refused = apply(world, account, region, c, i);
    if (refused !== undefined) return { error: refused };
    applied.push({ origin: c.origin, operation: c.operation });
  }
  const touched = [...new Map(commits.map((c) => [`${c.partition}\u0000${c.id}`, c])).values()];
  // The stored versions of just the touched records (one pass; no index of the whole state).
  const wanted = new Set(touched.map((c) => `${c.partition}\u0000${c.id}`));
  const untouched = new Map<string, string>();
  for (const r of records) {
    const k = `${r.partition}\u0000${r.id}`;
    if (wanted.has(k)) untouched.set(k, r.body);
  }
  // The records the calls replaced or removed, as they were, for the VPCs they belonged to.
  for (const c of touched) {
    const body = original.get(`${c.partition}\u0000${c.id}`) ?? untouched.get(`${c.partition}\u0000${c.id}`);
    if (body !== undefined) before.partition(c.partition).set(JSON.parse(body) as Resource);
  }
  const vpcs = changedVpcs(before, world, touched, account, region);
  const questions = questionsFor(world, account, region, vpcs, destinationsFor([world, before], vpcs));
  // Route tables, ACLs and groups compile as the traces look them up; after the records are put back, only the
  // touched ones are dropped, so both sides share every other compiled table.
  const compiler = new NetworkCompiler(world, phases ? { timer: () => performance.now() } : {});
  if (phases) phases.apply += lap();
  const after = answerAll(compiler.view(), questions);
  if (phases) phases.trace += lap();
  world.transact((tx) => {
    for (const c of touched) {
      const p = c.partition === GLOBAL ? tx.global : tx.in(...(c.partition.split('/') as [string, string]));
      const was = before.partition(c.partition).find(c.id);
      if (was) p.put(was);
      else p.remove(c.id);
    }
  });
  if (phases) phases.apply += lap();
  const report = compareAnswers(questions, answerAll(compiler.view(), questions), after);
  if (phases) {
    phases.trace += lap() - compiler.stats.compileMs;
    phases.compile += compiler.stats.compileMs;
    phases.tablesCompiled += compiler.stats.compiled.routeTable;
    phases.routeTables += world.partition(partitionKey(account, region)).count('routeTable');
  }
  return { applied, changedVpcs: [...vpcs].sort(), report };
}

/** The account and Region the change applies to: given, or the only ones the state has (`partitions`: its partition keys). */
function scopeOf(partitions: ReadonlySet<string>, o: WhatIfOptions): { account: string; region: string } | { error: string } {
  if (o.account !== undefined && !/^\d{12}$/.test(o.account)) return { error: `--account must be a 12-digit account id, not '${o.account}'` };
  if (o.region !== undefined && !REGIONS.some((r) => r.name === o.region)) return { error: `--region '${o.region}' is not a Region vpce emulates` };
  const accountsIn = (region: string): string[] => [...partitions].filter((k) => k.endsWith(`/${region}`)).map((k) => k.slice(0, -region.length - 1));
  const scopes = REGIONS.flatMap((r) => accountsIn(r.name).map((account) => ({ account, region: r.name })))
    .filter((s) => (o.account === undefined || s.account === o.account) && (o.region === undefined || s.region === o.region));
  if (o.account !== undefined && o.region !== undefined) return { account: o.account, region: o.region };
  if (scopes.length === 1) return scopes[0]!;
  if (scopes.length === 0) return { error: 'the state has no network in that account and Region: pass --account and --region' };
  return { error: `the state has several accounts or Regions (${scopes.map((s) => `${s.account}/${s.region}`).join(', ')}): pass --account and --region` };
}

/** Apply one call through the EC2 endpoint (the same parsing, validation and handlers as a request); the refusal's message, if any. */
function apply(world: World, account: string, region: string, c: ApiChange, i: number): string | undefined {
  let body: string;
  try {
    body = ec2QueryBody(ec2Model, c.operation, c.input);
  } catch (e) {
    if (e instanceof UnknownMemberError) return `${c.origin} (${c.operation}): ${e.message}`;
    throw e;
  }
  if (!Object.hasOwn(ec2Model.operations, c.operation)) return `${c.origin}: ${c.operation} is not an EC2 operation`;
  const r = handleEc2(world, { accessKeyId: account, account, region, service: 'ec2' }, body, '', `what-if-${i}`);
  if (r.status === 200) return undefined;
  const xml = typeof r.body === 'string' ? r.body : Buffer.concat(r.body).toString('utf8');
  const message = /<Message>([\s\S]*?)<\/Message>/.exec(xml)?.[1] ?? '';
  return `${c.origin} (${c.operation}) was refused, as AWS would refuse it: ${r.errorCode ?? r.status}: ${decodeEntities(message)}`;
}

/** The VPCs whose records the calls wrote or removed (`was` holds the old versions); a record with no VPC (a prefix list) touches them all. */
function changedVpcs(was: World, now: World, touched: readonly StoredChange[], account: string, region: string): Set<string> {
  const out = new Set<string>();
  let all = false;
  const note = (r: { kind?: string; id?: string; vpcId?: string } | undefined): void => {
    if (!r) return;
    if (r.kind === 'vpc' && r.id !== undefined) out.add(r.id);
    else if (typeof r.vpcId === 'string') out.add(r.vpcId);
    else all = true;
  };
  for (const c of touched) {
    if (c.partition !== partitionKey(account, region)) continue;
    note(was.partition(c.partition).find(c.id) as { kind?: string; vpcId?: string } | undefined);
    if (c.body !== null) note(JSON.parse(c.body) as { kind?: string; id?: string; vpcId?: string });
  }
  if (all) for (const v of now.partition(partitionKey(account, region)).list('vpc')) out.add(v.id);
  return out;
}

/** Who a request from an instance is judged as: its role's session (as `vpce explain` and `vpce exec`), else the root. */
function principalFor(world: World, account: string, region: string, instanceId: string): Pick<ExplainInput, 'principal' | 'identityPolicies' | 'boundaryPolicy'> {
  const session = instanceSession(world, account, region, instanceId);
  if (session === undefined) return {};
  const policies = identityPoliciesOf(world, session);
  const boundary = permissionsBoundaryOf(world, session);
  return { principal: session, ...(policies ? { identityPolicies: policies } : {}), ...(boundary !== undefined ? { boundaryPolicy: boundary } : {}) };
}

function questionsFor(world: World, account: string, region: string, vpcs: ReadonlySet<string>, destinations: readonly Destination[]): FlowQuestion[] {
  const sources: string[] = [];
  const withInstance = new Set<string>();
  for (const i of world.partition(partitionKey(account, region)).list('instance')) {
    if (!vpcs.has(i.vpcId) || i.state !== 'running') continue;
    sources.push(i.id);
    withInstance.add(i.subnetId);
  }
  for (const s of world.partition(partitionKey(account, region)).list('subnet')) {
    if (vpcs.has(s.vpcId) && !withInstance.has(s.id)) sources.push(s.id);
  }
  const questions: FlowQuestion[] = [];
  for (const from of sources) {
    const who = from.startsWith('i-') ? principalFor(world, account, region, from) : {};
    for (const d of destinations) {
      questions.push({ input: { account, region, from, to: d.to, ...who, ...(d.resourcePolicy !== undefined ? { resourcePolicy: d.resourcePolicy } : {}), ...(d.resourceAccount !== undefined ? { resourceAccount: d.resourceAccount } : {}) } });
    }
  }
  return questions;
}

/** The account's buckets and tables (from the S3 and DynamoDB stores beside the state, when they exist) and the services of the VPCs' interface endpoints. */
function storedDestinations(state: string, worlds: readonly World[], account: string, region: string, vpcs: ReadonlySet<string>): Destination[] {
  const destinations: Destination[] = [];
  // Buckets and tables live in the S3 and DynamoDB stores beside the state (read only when they exist).
  if (existsSync(join(state, 's3'))) {
    const objects = openObjectStore(state);
    try {
      for (const b of objects.bucketsOf(account)) {
        destinations.push({ to: `https://${b.name}.s3.${b.region}.amazonaws.com/`, ...(b.policy ? { resourcePolicy: b.policy } : {}), resourceAccount: b.owner });
      }
    } finally { objects.close(); }
  }
  if (existsSync(join(state, 'dynamodb'))) {
    const items = openItemStore(state);
    try {
      const scope = `${account}/${region}`;
      for (const name of items.listTables(scope, undefined, 10_000)) {
        const policy = items.getTable(scope, name)?.policy;
        destinations.push({ to: `dynamodb://${name}`, ...(policy ? { resourcePolicy: policy } : {}) });
      }
    } finally { items.close(); }
  }
  // The AWS services the VPCs' interface endpoints are for, by their Regional names (private DNS sends them to the
  // endpoint). Endpoint services of other accounts (PrivateLink) are not asked about yet.
  // (`worlds`: the state after the calls, and the records they replaced, so a deleted endpoint's service is asked too.)
  for (const ep of worlds.flatMap((w) => [...w.partition(partitionKey(account, region)).list('vpcEndpoint')])) {
    if (ep.endpointType !== 'Interface' || !vpcs.has(ep.vpcId)) continue;
    const prefix = `com.amazonaws.${region}.`;
    if (!ep.serviceName.startsWith(prefix)) continue;
    const to = `https://${ep.serviceName.slice(prefix.length)}.${region}.amazonaws.com/`;
    if (!destinations.some((d) => d.to === to)) destinations.push({ to });
  }
  return destinations;
}

interface Printed extends WhatIfReport {
  readonly account: string;
  readonly region: string;
  readonly applied: readonly { origin: string; operation: string }[];
  readonly skipped: readonly SkippedChange[];
  readonly changedVpcs: readonly string[];
}

export function formatWhatIf(r: Printed): string {
  const out: string[] = [`account ${r.account}, ${r.region}: ${r.applied.length} call(s) applied to a scratch copy`];
  for (const a of r.applied) out.push(`  ${a.origin}: ${a.operation}`);
  for (const s of r.skipped) out.push(`  skipped ${s.origin}: ${s.reason}`);
  out.push(`VPCs changed: ${r.changedVpcs.length === 0 ? 'none' : r.changedVpcs.join(', ')}; ${r.questions} flow(s) compared`);
  if (r.differences.length === 0) out.push('no flow changes');
  for (const d of r.differences) {
    const verdict = (a: { allowed: boolean; outcome: string }): string => `${a.allowed ? 'ALLOWED' : 'NOT ALLOWED'} (${a.outcome})`;
    out.push('', `${d.change.toUpperCase()}: ${d.from} -> ${d.to}${d.principal ? ` as ${d.principal}` : ''}`);
    out.push(`  before: ${verdict(d.before)}`, `  after:  ${verdict(d.after)}`);
    out.push(`  hop ${d.hop.index}: ${d.hop.before ?? '(none)'}`, `      now: ${d.hop.after ?? '(none)'}`);
  }
  for (const u of r.unanswered) out.push(`not compared: ${u.from} -> ${u.to}: ${u.message}`);
  return `${out.join('\n')}\n`;
}

export function registerWhatIfCommand(program: Command): void {
  program
    .command('what-if')
    .description('apply EC2 calls or a Terraform plan to a scratch copy of the state and report which flows to buckets, tables and endpoint services change (exit 1 when one breaks)')
    .requiredOption('--change <file>', "the calls: a Terraform plan's JSON (terraform show -json PLAN), or [{\"operation\": \"delete-route\", \"input\": {...}}] in the AWS CLI's JSON input form; '-' reads stdin")
    .option('--state <dir>', 'the state folder `vpce serve --state` used (stop the server first); never written', '.vpce')
    .option('--account <id>', 'the account the calls are made in (default: the only one in the state)')
    .option('--region <region>', 'the Region the calls are made in (default: the only one in the state)')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', `
Examples:
  echo '[{"operation":"delete-route","input":{"RouteTableId":"rtb-0abc","DestinationCidrBlock":"0.0.0.0/0"}}]' | vpce what-if --change -
  terraform show -json plan.out > plan.json && vpce what-if --change plan.json --json`)
    .action((opts: WhatIfOptions) => {
      const out = runWhatIf(opts);
      if (out.stdout) process.stdout.write(out.stdout);
      if (out.stderr) process.stderr.write(out.stderr);
      process.exitCode = out.exitCode;
    });
}
