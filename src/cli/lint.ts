/**
 * @module `vpce lint [--state DIR | --endpoint-url URL] [--format text|json|sarif] [--fail-on error|warning|note]`:
 * run the endpoint pitfall rules (`src/lint/`) over a state directory opened read-only, or over a running server's
 * live state through `GET /_vpce/lint`, and print the findings with their proofs. Exit 0 clean, 1 findings at or
 * above --fail-on, 2 usage or input error.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatJson, formatText } from '../lint/format-text.js';
import { failsAt, runLint } from '../lint/run.js';
import { formatSarif } from '../lint/sarif.js';
import { SEVERITIES, type LintReport, type Severity } from '../lint/types.js';
import { World } from '../model/world.js';
import { openReadOnlyState } from '../persistence/read-only-state.js';
import { flowLogsIn } from '../server/lint-endpoint.js';
import { environmentCredentials, signedHeaders } from '../server/sign-request.js';
import { systemClock } from '../shared/clock.js';
import { randomIdGen } from '../shared/ids.js';
import { SOURCES_FILE } from './import.js';
import { VERSION } from './version.js';

export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface LintOptionsCli {
  readonly state?: string;
  readonly endpointUrl?: string;
  readonly format?: string;
  readonly failOn?: string;
  readonly volumeGb?: string;
  readonly sarifUri?: string;
  /** Shorthand for `--format json` (as `vpce explain --json`). */
  readonly json?: boolean;
}

export interface LintOutput {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

const usage = (message: string): LintOutput => ({ exitCode: 2, stdout: '', stderr: `vpce lint: ${message}\n` });

function isReport(v: unknown): v is LintReport {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return Array.isArray(o['findings']) && Array.isArray(o['rules']) && Array.isArray(o['scope']) && (o['failures'] === undefined || Array.isArray(o['failures']));
}

async function fromServer(url: string, volumeGb: number | undefined, env: NodeJS.ProcessEnv = process.env): Promise<LintReport | LintOutput> {
  const base = url.replace(/\/+$/, '');
  const target = `${base}/_vpce/lint${volumeGb !== undefined ? `?volume-gb=${volumeGb}` : ''}`;
  // Like other clients: signed with the environment's credentials, and then answered for that caller's account;
  // without any, unsigned, which an open-mode server answers with the whole state (a strict one refuses).
  const creds = environmentCredentials(env);
  const region = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1';
  const headers = creds !== undefined ? signedHeaders('GET', target, '', creds, region, 'sts') : {};
  let res: Response;
  try {
    res = await fetch(target, { headers });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
    return usage(`cannot reach the vpce server at ${base} (${cause}); is \`vpce serve\` running there?`);
  }
  const text = await res.text();
  if (res.status === 404) return usage(`${base} has no /_vpce/lint; is it a current \`vpce serve\`?`);
  let body: unknown;
  try { body = JSON.parse(text) as unknown; } catch { return usage(`${base} did not answer like a vpce server (HTTP ${res.status})`); }
  if (res.status !== 200 || !isReport(body)) {
    const msg = typeof body === 'object' && body !== null && 'message' in body ? String((body as { message: unknown }).message) : `HTTP ${res.status}`;
    return usage(msg);
  }
  return body;
}

function fromState(dir: string, volumeGb: number | undefined): LintReport | LintOutput {
  let opened;
  try { opened = openReadOnlyState(dir); } catch (e) { return usage((e as Error).message); }
  // The clock only judges settle delays and peering expiry; the state's own timestamps are kept as they are.
  const world = new World(opened.store, randomIdGen, systemClock);
  // The state's flow logs (written by the server that ran on it) price the NAT traffic VPCE011 reports.
  return runLint({ world, buckets: opened.buckets, options: { ...(volumeGb !== undefined ? { volumeGb } : {}), flowLogs: flowLogsIn(dir) } });
}

/** Parse the options, lint, format, and pick the exit code. */
export async function runLintCommand(o: LintOptionsCli): Promise<LintOutput> {
  if (o.json === true && o.format !== undefined && o.format !== 'text' && o.format !== 'json') return usage(`--json and --format ${o.format} disagree; give one`);
  const format = (o.json === true ? 'json' : o.format ?? 'text') as LintFormat;
  if (!(LINT_FORMATS as readonly string[]).includes(format)) return usage(`--format must be text, json or sarif, not '${o.format ?? ''}'`);
  const failOn = (o.failOn ?? 'error') as Severity;
  if (!(SEVERITIES as readonly string[]).includes(failOn)) return usage(`--fail-on must be error, warning or note, not '${o.failOn ?? ''}'`);
  let volumeGb: number | undefined;
  if (o.volumeGb !== undefined) {
    volumeGb = Number(o.volumeGb);
    if (o.volumeGb === '' || !Number.isFinite(volumeGb) || volumeGb < 0) return usage(`--volume-gb must be a number of GB >= 0, not '${o.volumeGb}'`);
  }
  if ((o.state === undefined) === (o.endpointUrl === undefined)) return usage('give exactly one of --state DIR (a state directory, opened read-only) or --endpoint-url URL (a running vpce server)');
  const report = o.state !== undefined ? fromState(o.state, volumeGb) : await fromServer(o.endpointUrl!, volumeGb);
  if ('exitCode' in report) return report;
  // GitHub code scanning wants a file on every result: the state's database (relative to here) unless named.
  const stateUri = o.sarifUri ?? (o.state !== undefined ? relative(process.cwd(), join(o.state, 'state.db')).split('\\').join('/') : undefined);
  // Records `vpce import` brought in point back at the file they came from (`import-sources.json` in the state).
  const sources = o.state !== undefined ? importSources(o.state) : undefined;
  const sourceOf = sources ? (r: { id: string }): { file: string } | undefined => { const f = sources[r.id]?.file; return f !== undefined ? { file: f.split('\\').join('/') } : undefined; } : undefined;
  const stdout = format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report, { toolVersion: VERSION, ...(stateUri !== undefined ? { stateUri } : {}), ...(sourceOf ? { sourceOf } : {}) }) : formatText(report);
  const failed = report.failures ?? [];
  if (failed.length > 0) return { exitCode: 2, stdout, stderr: failed.map((x) => `vpce lint: rule ${x.ruleId} failed to run: ${x.message}\n`).join('') };
  return { exitCode: failsAt(report, failOn) ? 1 : 0, stdout, stderr: '' };
}

/** The file each imported record came from, when the state was made by `vpce import`. */
function importSources(state: string): Readonly<Record<string, { readonly file: string }>> | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(state, SOURCES_FILE), 'utf8')) as { records?: unknown };
    return typeof parsed.records === 'object' && parsed.records !== null ? parsed.records as Record<string, { file: string }> : undefined;
  } catch {
    return undefined;
  }
}

/** Add `lint` to a commander program. */
export function registerLintCommand(program: Command): void {
  program
    .command('lint')
    .description('check a state for documented VPC endpoint pitfalls; each finding carries an engine trace, DNS answer or policy evaluation as proof')
    .option('--state <dir>', 'a state directory (opened read-only; a directory a running server holds is locked: use --endpoint-url)')
    .option('--endpoint-url <url>', 'a running vpce server (its live state, through GET /_vpce/lint; signed with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when set: that account\'s findings)')
    .option('--format <format>', 'text, json or sarif (SARIF 2.1.0, for GitHub code scanning)', 'text')
    .option('--json', 'the same as --format json')
    .option('--fail-on <level>', 'exit 1 when a finding is at least this severe: error, warning or note', 'error')
    .option('--volume-gb <gb>', 'monthly S3/DynamoDB volume per subnet, for the NAT cost estimate (VPCE011)')
    .option('--sarif-uri <path>', 'SARIF: the repository-relative file results point at (default with --state: <dir>/state.db; none with --endpoint-url)')
    .addHelpText('after', `
Examples:
  vpce lint --state .vpce
  vpce lint --endpoint-url http://127.0.0.1:4566 --format sarif > vpce.sarif
  vpce lint --state .vpce --fail-on warning --volume-gb 500`)
    .action(async (opts: LintOptionsCli) => {
      const r = await runLintCommand(opts);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      process.exitCode = r.exitCode;
    });
}
