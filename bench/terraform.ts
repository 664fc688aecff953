/**
 * @module `npm run bench -- terraform`: wall time of `terraform apply` and `terraform destroy` of the gateway
 * scenario against `vpce serve` (durable state), and how much of it is the provider's own waiting. The provider's
 * waiters sleep fixed delays between polls whatever the server answers; the provider's debug log shows each
 * resource operation's requests, so a pause of a second or more between a response and the next request of the
 * same operation is a waiter's sleep, not the server.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveProcess } from '../test/e2e/process.js';
import { locateTerraform, TerraformDir } from '../test/e2e/terraform.js';

/** One HTTP exchange's timestamps in the provider's log, grouped by the Terraform operation that made it. */
interface Exchange { readonly at: number; readonly kind: 'sent' | 'received'; readonly op: string; readonly who: string; readonly method: string }

const SLEEP_MS = 1000;

/** The log's entries: a timestamped line and the lines that continue it (a body, then more of its fields). */
function entries(log: string): string[] {
  const out: string[] = [];
  for (const line of log.split('\n')) {
    if (/^\d{4}-\d\d-\d\dT/.test(line) || out.length === 0) out.push(line);
    else out[out.length - 1] += `\n${line}`;
  }
  return out;
}

function exchanges(log: string): Exchange[] {
  const out: Exchange[] = [];
  for (const line of entries(log)) {
    const sent = line.includes('HTTP Request Sent');
    if (!sent && !line.includes('HTTP Response Received')) continue;
    const at = Date.parse(line.slice(0, 24));
    const op = /tf_req_id=(\S+)/.exec(line)?.[1] ?? 'provider';
    const who = /tf_resource_type=(\S+)/.exec(line)?.[1] ?? /tf_data_source_type=(\S+)/.exec(line)?.[1] ?? 'provider';
    const method = /rpc\.method=(\S+)/.exec(line)?.[1] ?? '?';
    if (!Number.isNaN(at)) out.push({ at, kind: sent ? 'sent' : 'received', op, who, method });
  }
  return out;
}

/** The waiter sleeps of a provider debug log: per resource type, the pauses (ms) and the call polled after each. */
export function sleeps(log: string): Map<string, { total: number; polls: string[] }> {
  const byOp = new Map<string, Exchange[]>();
  for (const e of exchanges(log)) {
    const events = byOp.get(e.op);
    if (events) events.push(e); else byOp.set(e.op, [e]);
  }
  const out = new Map<string, { total: number; polls: string[] }>();
  for (const events of byOp.values()) {
    events.sort((a, b) => a.at - b.at);
    for (let i = 1; i < events.length; i++) {
      const prev = events[i - 1]!;
      const next = events[i]!;
      if (prev.kind !== 'received' || next.kind !== 'sent' || next.at - prev.at < SLEEP_MS) continue;
      const entry = out.get(next.who) ?? { total: 0, polls: [] };
      entry.total += next.at - prev.at;
      entry.polls.push(`${prev.method}→${next.method} ${((next.at - prev.at) / 1000).toFixed(1)}s`);
      out.set(next.who, entry);
    }
  }
  return out;
}

function requests(log: string): number {
  return exchanges(log).filter((e) => e.kind === 'sent').length;
}

export async function run(): Promise<void> {
  const tf = locateTerraform();
  if ('missing' in tf) {
    console.log(`terraform benchmark not run: ${tf.missing}`);
    return;
  }
  const state = mkdtempSync(join(tmpdir(), 'vpce-bench-tf-'));
  const server = await serveProcess(state);
  const d = await TerraformDir.scenario(tf, server.url, 'gateway', 'DEBUG');
  try {
    await d.init();
    const phases: [string, () => Promise<void>][] = [['apply', () => d.apply()], ['destroy', () => d.destroy()]];
    for (const [name, act] of phases) {
      rmSync(join(d.dir, 'terraform.log'), { force: true });
      const started = performance.now();
      await act();
      const wall = performance.now() - started;
      const log = readFileSync(join(d.dir, 'terraform.log'), 'utf8');
      const waits = [...sleeps(log).entries()].sort((a, b) => b[1].total - a[1].total);
      console.log(`${name}: ${(wall / 1000).toFixed(1)} s wall, ${requests(log)} API requests`);
      console.log(`  provider waiter sleeps (pauses >= ${SLEEP_MS} ms inside one resource operation; resources sleep in parallel):`);
      for (const [who, w] of waits) console.log(`    ${who.padEnd(40)} ${(w.total / 1000).toFixed(1).padStart(5)} s  ${w.polls.join(', ')}`);
      if (waits.length === 0) console.log('    none');
    }
  } finally {
    await d.remove();
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  }
}
