/**
 * @module The AWS CLI for e2e tests: where it is, whether a scenario runs (never skipped in CI: .ci/run installs
 * Debian's awscli), and one runner that never throws.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function findAws(): string | undefined {
  if (existsSync('/usr/bin/aws')) return '/usr/bin/aws';
  for (const dir of (process.env['PATH'] ?? '').split(':')) if (dir && existsSync(join(dir, 'aws'))) return join(dir, 'aws');
  return undefined;
}

/** The AWS CLI to run (Debian's v2 when installed). */
export const AWS = findAws();

/**
 * The exit status the CLI gives when the service answered an error: 254 in v2 (Debian's, which CI installs), 255
 * in v1 (which has one status for every failure). Read from `aws --version` (v1 prints it on stderr on old Pythons).
 */
export function serviceErrorExit(): number {
  const r = spawnSync(AWS!, ['--version'], { encoding: 'utf8', env: { ...process.env, AWS_PAGER: '' } });
  return /^aws-cli\/1\./.test(`${r.stdout}${r.stderr}`.trim()) ? 255 : 254;
}

/** `false` when the scenario runs, else the reason it is skipped (printed). Throws in CI without a CLI. */
export function awsCliSkip(scenario: string): string | false {
  if (AWS) return false;
  if (process.env['CI'] === 'true') throw new Error('CI=true but no AWS CLI is installed: .ci/run must apt-get install awscli');
  const reason = 'no AWS CLI on this machine (apt-get install awscli); CI runs this scenario';
  console.log(`# ${scenario} skipped: ${reason}`);
  return reason;
}

export interface CliResult { readonly code: number; readonly stdout: string; readonly stderr: string }

/** Credentials and Region for the CLI, with pagers, profiles and the metadata service out of the way. */
export function awsEnv(accessKeyId: string, region = 'us-east-1', extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: region, AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true', ...extra,
  };
  delete env['AWS_PROFILE'];
  if (extra['AWS_SESSION_TOKEN'] === undefined) delete env['AWS_SESSION_TOKEN'];
  return env;
}

/** Run `aws --endpoint-url URL ARGS...`; resolves with exit code and output, never throws. */
export async function runAws(url: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const r = await run(AWS!, ['--endpoint-url', url, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** `aws --output json ...` as one account in one Region: `run` never throws; `ok` asserts success and parses stdout. */
export function jsonCli(accessKeyId: string, region: string): {
  run(url: string, args: readonly string[]): Promise<CliResult>;
  ok(url: string, args: readonly string[]): Promise<Record<string, unknown>>;
} {
  const run = (url: string, args: readonly string[]): Promise<CliResult> => runAws(url, ['--output', 'json', ...args], awsEnv(accessKeyId, region));
  return {
    run,
    async ok(url, args) {
      const r = await run(url, args);
      assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
      return r.stdout.trim() ? JSON.parse(r.stdout) as Record<string, unknown> : {};
    },
  };
}
