/**
 * @module `vpce logs flow|api [--state DIR] [--vpc ID] [--follow] [--json]`: print the flow logs (one file per VPC)
 * or the API audit log that `vpce serve` writes under `<state>/logs/`; `--follow` keeps printing new lines.
 */
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { logFiles, readFrom } from '../server/log-files.js';

export { logFiles };

/** One API event as a line: time, source, principal, operation, outcome. */
export function formatApiEvent(line: string): string {
  let e: Record<string, unknown>;
  try { e = JSON.parse(line) as Record<string, unknown>; } catch { return line; }
  const who = (e['userIdentity'] as { arn?: string } | undefined)?.arn ?? '?';
  const net = e['vpceNetwork'] as { delivered?: boolean; disposition?: string } | undefined;
  const refused = (e['vpcePolicy'] as { decidedBy?: string }[] | undefined)?.[0]?.decidedBy;
  const outcome = net && net.delivered === false ? `NOT DELIVERED (${net.disposition ?? '?'})`
    : typeof e['errorCode'] === 'string' ? `${e['errorCode']}${refused ? ` (${refused})` : ''}` : 'OK';
  const source = typeof e['vpceSource'] === 'string' ? `${e['vpceSource']} ${String(e['sourceIPAddress'])}` : String(e['sourceIPAddress']);
  const via = typeof e['vpcEndpointId'] === 'string' ? ` via ${e['vpcEndpointId']}` : '';
  const svc = String(e['eventSource'] ?? '').replace(/\.amazonaws\.com$/, '');
  return `${String(e['eventTime'])}  ${source}${via}  ${who}  ${svc}:${String(e['eventName'] ?? '-')}  ${outcome}`;
}

export function registerLogsCommand(program: Command): void {
  program
    .command('logs')
    .description('print the VPC flow logs or the API audit log written by vpce serve')
    .argument('<kind>', "'flow' (VPC Flow Logs records, version 2 default format) or 'api' (CloudTrail-like events)")
    .option('--state <dir>', 'the state directory vpce serve uses', '.vpce')
    .option('--vpc <vpc-id>', 'only this VPC (flow logs)')
    .option('--follow', 'keep printing new lines until interrupted')
    .option('--json', 'api: print the JSON events as they are stored')
    .addHelpText('after', `
Flow log fields: version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status

Examples:
  vpce logs flow --vpc vpc-0abc1234567890def
  vpce logs api --follow
  vpce logs api --json | jq 'select(.errorCode)'`)
    .action(async (kind: string, opts: { state: string; vpc?: string; follow?: boolean; json?: boolean }) => {
      if (kind !== 'flow' && kind !== 'api') {
        console.error(`vpce logs: unknown log '${kind}': use 'flow' or 'api'`);
        process.exit(2);
      }
      if (!existsSync(opts.state)) {
        console.error(`vpce logs: no state directory '${opts.state}': pass the --state that vpce serve uses`);
        process.exit(2);
      }
      const format = kind === 'api' && !opts.json ? formatApiEvent : (l: string): string => l;
      // Offsets are kept per file identity (device and inode), not name: a rotation renames api.jsonl to api.jsonl.1
      // and --follow must neither print its lines again nor miss the new file.
      const offsets = new Map<string, number>();
      const pump = (): void => {
        for (const file of logFiles(opts.state, kind, opts.vpc)) {
          let id: string;
          try { const s = statSync(file); id = `${s.dev}:${s.ino}`; } catch { continue; }
          const r = readFrom(file, offsets.get(id) ?? 0);
          offsets.set(id, r.next);
          for (const l of r.lines) if (l !== '') process.stdout.write(`${format(l)}\n`);
        }
      };
      pump();
      if (!opts.follow) return;
      await new Promise<never>(() => { setInterval(pump, 250); });
    });
}
