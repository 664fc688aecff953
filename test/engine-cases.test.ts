/**
 * @module The one runner for the data-plane JSON cases in test/engine-cases/: each case builds its network through
 * the EC2 API (the real SDK against the in-process server), traces one flow with the engine, and checks the
 * disposition, the explanation code and the steps. Each case names the AWS page and rule it follows.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as ec2 from '@aws-sdk/client-ec2';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import { NetworkCompiler } from '../src/engine/compile.js';
import { traceFlow } from '../src/engine/tracer.js';
import type { FlowRequest, Trace } from '../src/engine/trace.js';
import { startHarness, type Harness } from './e2e/harness.js';

// Compiled tests live in dist/test/; the cases stay in the source folder.
const CASES_DIR = new URL('../../test/engine-cases/', import.meta.url);
const REGION = 'us-east-1';

interface SetupCall {
  readonly op: string;
  readonly input: unknown;
  readonly as?: string;
  /** Another account of the case, by alias (its ID is `$accounts.<alias>`); default: the case's own account. */
  readonly account?: string;
  /** The API: `ec2` (default) or `elbv2`. */
  readonly api?: 'ec2' | 'elbv2';
}

interface Expectation {
  readonly disposition: string;
  readonly code?: string;
  /** The exact sequence of step kinds. */
  readonly stepKinds?: readonly string[];
  /** Codes that must appear on some step. */
  readonly stepCodes?: readonly string[];
  /** `delivered` only: where (`networkInterface`, `internet`, ...). */
  readonly deliveredTo?: string;
  readonly sourceAddress?: string;
  readonly contextKeys?: Readonly<Record<string, string | null>>;
  /** Fields the disposition must carry (values may be `$` references). */
  readonly dispositionFields?: Readonly<Record<string, unknown>>;
  /** Hostname flows: the DNS record type that answered (`publicService`, `interfaceEndpointPrivateDns`, ...). */
  readonly dnsRecord?: string;
  /** A route step that must have decided (`matchedCidr`, and the target type). */
  readonly route?: { readonly matchedCidr: string; readonly targetType: string };
  /** Texts that some step's note must contain. */
  readonly notesInclude?: readonly string[];
}

interface Case {
  readonly name: string;
  readonly doc: string;
  readonly setup: readonly SetupCall[];
  readonly flow: Omit<FlowRequest, 'account' | 'region'>;
  readonly expect: Expectation;
}

function load(): { file: string; cases: Case[] }[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, cases: JSON.parse(readFileSync(new URL(file, CASES_DIR), 'utf8')) as Case[] }));
}

/**
 * Replace every `$alias.Path.0.Member` string with the value at that path in an earlier output; `prefix:$alias...`
 * keeps the prefix (a Direct Connect source is `dx:$vgw.VpnGateway.VpnGatewayId`).
 */
function resolve(value: unknown, outputs: ReadonlyMap<string, unknown>): unknown {
  const prefixed = typeof value === 'string' ? /^([a-z]+:)(\$.+)$/.exec(value) : null;
  if (prefixed) return `${prefixed[1]!}${String(resolve(prefixed[2]!, outputs))}`;
  if (typeof value === 'string' && value.startsWith('$')) {
    const [alias, ...path] = value.slice(1).split('.');
    let at: unknown = outputs.get(alias!);
    assert.ok(at !== undefined, `unknown reference ${value}`);
    for (const key of path) {
      at = (at as Record<string, unknown> | undefined)?.[key];
      assert.ok(at !== undefined, `reference ${value} does not resolve (at ${key})`);
    }
    return at;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, outputs));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, outputs)]));
  }
  return value;
}

type CommandCtor = new (input: unknown) => Parameters<ec2.EC2Client['send']>[0];

type ElbCommandCtor = new (input: unknown) => Parameters<elbv2.ElasticLoadBalancingV2Client['send']>[0];

async function build(account: string, setup: readonly SetupCall[]): Promise<Map<string, unknown>> {
  const accounts: Record<string, string> = { self: account };
  const outputs = new Map<string, unknown>([['accounts', accounts]]);
  for (const call of setup) {
    const alias = call.account ?? 'self';
    accounts[alias] ??= String(300000000000 + ++accountSeq);
    const id = accounts[alias]!;
    const input = resolve(call.input, outputs);
    let out: unknown;
    if (call.api === 'elbv2') {
      const ctor = (elbv2 as unknown as Record<string, ElbCommandCtor | undefined>)[`${call.op}Command`];
      assert.ok(ctor, `unknown ELBv2 operation ${call.op}`);
      out = await h.elbv2(id, REGION).send(new ctor(input));
    } else {
      const ctor = (ec2 as unknown as Record<string, CommandCtor | undefined>)[`${call.op}Command`];
      assert.ok(ctor, `unknown EC2 operation ${call.op}`);
      out = await h.ec2(id, REGION).send(new ctor(input));
    }
    if (call.as !== undefined) outputs.set(call.as, out);
  }
  return outputs;
}

function summary(t: Trace): string {
  return [`disposition ${JSON.stringify(t.disposition)} code ${t.code ?? '-'}`, ...t.steps.map((s) => `  ${s.path} ${s.kind} ${s.resourceId} ${s.verdict}${s.code ? ` [${s.code}]` : ''}: ${s.note}`)].join('\n');
}

function check(c: Case, t: Trace, outputs: ReadonlyMap<string, unknown>): void {
  const e = c.expect;
  const why = summary(t);
  assert.equal(t.disposition.kind, e.disposition, why);
  if (e.code !== undefined) assert.equal(t.code, e.code, why);
  if (e.stepKinds) assert.deepEqual(t.steps.map((s) => s.kind), e.stepKinds, why);
  for (const code of e.stepCodes ?? []) assert.ok(t.steps.some((s) => s.code === code), `no step with ${code}\n${why}`);
  if (e.deliveredTo !== undefined) {
    assert.equal(t.disposition.kind === 'delivered' ? t.disposition.to.type : undefined, e.deliveredTo, why);
  }
  if (e.sourceAddress !== undefined) assert.equal(t.context?.sourceAddress, resolve(e.sourceAddress, outputs), why);
  for (const [k, v] of Object.entries(e.contextKeys ?? {})) {
    assert.equal(t.context?.keys[k], v === null ? undefined : resolve(v, outputs), `context key ${k}\n${why}`);
  }
  for (const [k, v] of Object.entries(e.dispositionFields ?? {})) {
    assert.deepEqual((t.disposition as unknown as Record<string, unknown>)[k], resolve(v, outputs), `disposition.${k}\n${why}`);
  }
  if (e.dnsRecord !== undefined) {
    const dns = t.steps.find((s) => s.kind === 'dns');
    assert.equal(dns?.decidedBy.by === 'dnsRecord' ? dns.decidedBy.record : undefined, e.dnsRecord, why);
  }
  if (e.route) {
    const decided = t.steps.find((s) => s.kind === 'routeTable' && s.path === 'forward' && s.decidedBy.by === 'route');
    assert.ok(decided && decided.decidedBy.by === 'route', why);
    assert.equal(decided.decidedBy.route.matchedCidr, e.route.matchedCidr, why);
    assert.equal(decided.decidedBy.route.target.type, e.route.targetType, why);
  }
  for (const text of e.notesInclude ?? []) assert.ok(t.steps.some((s) => s.note.includes(text)), `no step note with ${JSON.stringify(text)}\n${why}`);
}

const files = load();
let h: Harness;
let accountSeq = 0;

describe('engine cases', () => {
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  it('has at least 15 cases, each naming its documentation', () => {
    const all = files.flatMap((f) => f.cases);
    assert.ok(all.length >= 15, `only ${all.length} cases`);
    for (const c of all) assert.match(c.doc, /docs\.aws\.amazon\.com/, `${c.name}: doc must name an AWS page`);
    assert.equal(new Set(all.map((c) => c.name)).size, all.length, 'case names are unique');
  });

  for (const { file, cases } of files) {
    describe(file, () => {
      for (const c of cases) {
        it(c.name, async () => {
          // Each case gets its own account, so quotas (Elastic IPs, ...) and default resources never collide.
          const account = String(200000000000 + ++accountSeq);
          const outputs = await build(account, c.setup);
          const flow = resolve(c.flow, outputs) as FlowRequest;
          const compiler = new NetworkCompiler(h.world);
          const trace = traceFlow(compiler.view(), { ...flow, account, region: REGION });
          check(c, trace, outputs);
        });
      }
    });
  }
});
