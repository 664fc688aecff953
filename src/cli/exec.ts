/**
 * @module `vpce exec --from i-... [--as ARN] -- COMMAND...`: run a command whose AWS calls come from an instance.
 * The server mints session credentials tied to the instance (its role's, or `--as`'s principal's); every request
 * signed with them is traced from the instance through the VPC, so the command sees what a process on that
 * instance would: the answer, AccessDenied, or a connection reset. The mechanism is the environment every AWS
 * CLI and SDK reads (credentials, region, endpoint URL); the Debian AWS CLI v2 2.9 predates AWS_ENDPOINT_URL, so
 * for a command named `aws` without `--endpoint-url` the flag is added.
 */
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { environmentCredentials, signedHeaders, type SigningCredentials } from '../server/sign-request.js';
import { defaultEndpointUrl } from './explain.js';

export interface ExecCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: string;
  readonly account: string;
  readonly region: string;
  readonly instanceId: string;
  readonly principalArn: string;
}

/** Variables that would make a client ignore or override ours (profiles, other credentials, IMDS). */
const CLEARED = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_SECURITY_TOKEN', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI'];

/** The environment of the command: the caller's, with the instance's credentials, Region and the server URL. */
export function execEnvironment(base: NodeJS.ProcessEnv, creds: ExecCredentials, endpointUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const k of CLEARED) delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith('AWS_ENDPOINT_URL_')) delete env[k];
  return {
    ...env,
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_SESSION_TOKEN: creds.sessionToken,
    AWS_REGION: creds.region,
    AWS_DEFAULT_REGION: creds.region,
    AWS_ENDPOINT_URL: endpointUrl,
    // An instance's SDK would ask the metadata service; here the credentials are already in the environment.
    AWS_EC2_METADATA_DISABLED: 'true',
    VPCE_ENDPOINT_URL: endpointUrl,
    VPCE_SOURCE_INSTANCE: creds.instanceId,
  };
}

/** The command line to run: `aws ...` gains `--endpoint-url` unless it has one. */
export function execArgv(argv: readonly string[], endpointUrl: string): string[] {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return [];
  if (basename(cmd) === 'aws' && !rest.some((a) => a === '--endpoint-url' || a.startsWith('--endpoint-url='))) {
    return [cmd, '--endpoint-url', endpointUrl, ...rest];
  }
  return [cmd, ...rest];
}

/**
 * The credentials `vpce exec` signs its request with: the caller's own from the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), as every AWS client reads them. Without them (open mode's
 * zero-setup use): the 12-digit account id of `--as`'s principal, else the placeholder `test`, which an open-mode
 * server takes as the instance's account root. A strict server refuses both: set real credentials.
 */
export function callerCredentials(env: NodeJS.ProcessEnv, as: string | undefined): SigningCredentials {
  const own = environmentCredentials(env);
  if (own !== undefined) return own;
  const account = as !== undefined ? /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(as)?.[1] : undefined;
  return { accessKeyId: account ?? 'test', secretAccessKey: 'test' };
}

/** Ask the server for the credentials (a SigV4-signed call). Throws an Error whose message says what to do. */
export async function fetchExecCredentials(endpointUrl: string, from: string, as: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ExecCredentials> {
  let res: Response;
  const url = `${endpointUrl.replace(/\/$/, '')}/_vpce/exec-credentials`;
  const payload = JSON.stringify({ from, ...(as !== undefined ? { as } : {}) });
  const region = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1';
  try {
    const headers = signedHeaders('POST', url, payload, callerCredentials(env, as), region, 'sts', { 'content-type': 'application/json' });
    res = await fetch(url, { method: 'POST', headers, body: payload });
  } catch (e) {
    throw new Error(`cannot reach vpce at ${endpointUrl} (${(e as Error).message}). Start it with 'vpce serve' or pass --endpoint-url.`);
  }
  const text = await res.text();
  let body: Record<string, unknown>;
  try { body = JSON.parse(text) as Record<string, unknown>; } catch { throw new Error(`${endpointUrl} did not answer as vpce (HTTP ${res.status}). Is --endpoint-url right?`); }
  if (!res.ok) throw new Error(String(body['message'] ?? `HTTP ${res.status}`));
  return body as unknown as ExecCredentials;
}

export function registerExecCommand(program: Command): void {
  program
    .command('exec')
    .passThroughOptions()
    .description("run a command whose AWS calls come from an instance (its network path and its role's credentials)")
    .requiredOption('--from <instance-id>', 'the instance the calls are sent from (i-...)')
    .option('--as <arn>', "act as this principal instead of the instance's role (root, user or role ARN)")
    .option('--endpoint-url <url>', 'the vpce server (env VPCE_ENDPOINT_URL, default http://127.0.0.1:4566)')
    .option('--print-env', 'print the environment as shell exports instead of running a command')
    .argument('[command...]', 'the command and its arguments, after --')
    .addHelpText('after', `
The command gets AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN (session credentials tied to the
instance), AWS_REGION/AWS_DEFAULT_REGION (the instance's Region) and AWS_ENDPOINT_URL (the server). The AWS CLI,
boto3 and the AWS SDK for JavaScript v3 read them; for 'aws' the --endpoint-url flag is added as well (older
CLI versions ignore AWS_ENDPOINT_URL). A request the instance cannot route fails with a connection reset.

vpce exec signs its own request with the credentials in its environment (AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); the caller must be allowed sts:AssumeRole on the instance's role (or
on --as's role; --as a user: that user or whoever may create its access keys). Without credentials an open-mode
server takes the call as the instance's account root; a strict one (vpce serve --auth strict) refuses it.

Examples:
  vpce exec --from i-0abc1234567890def -- aws s3 ls s3://my-bucket
  vpce exec --from i-0abc1234567890def --as arn:aws:iam::111111111111:role/app -- python3 app.py
  eval "$(vpce exec --from i-0abc1234567890def --print-env)"`)
    .action(async (command: string[], opts: { from: string; as?: string; endpointUrl?: string; printEnv?: boolean }) => {
      const endpointUrl = opts.endpointUrl ?? defaultEndpointUrl();
      if (!opts.printEnv && command.length === 0) fail('give a command after --, e.g. vpce exec --from i-... -- aws s3 ls');
      let creds: ExecCredentials;
      try {
        creds = await fetchExecCredentials(endpointUrl, opts.from, opts.as);
      } catch (e) {
        fail((e as Error).message);
      }
      const env = execEnvironment(process.env, creds, endpointUrl);
      if (opts.printEnv) {
        for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_EC2_METADATA_DISABLED']) {
          process.stdout.write(`export ${k}='${String(env[k]).replace(/'/g, "'\\''")}'\n`);
        }
        return;
      }
      const [cmd, ...args] = execArgv(command, endpointUrl);
      const child = spawn(cmd!, args, { stdio: 'inherit', env });
      child.on('error', (e) => fail(`cannot run ${cmd!}: ${e.message}`));
      child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
    });
}

function fail(message: string): never {
  console.error(`vpce exec: ${message}`);
  process.exit(2);
}
