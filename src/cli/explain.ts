/** @module `vpce explain --from i-... --to s3://bucket/key`: asks a running server (`POST /_vpce/explain`) and prints the hop table or the JSON trace. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Decider, Step, Trace } from '../engine/trace.js';
import type { PolicyEvaluation } from '../engine/policy-hop.js';
import { environmentCredentials, signedHeaders } from '../server/sign-request.js';

/** What a subcommand printed and how it ends. */
export interface ExplainOutput {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ExplainOptions {
  readonly endpointUrl?: string;
  readonly from: string;
  readonly to: string;
  readonly action?: string;
  readonly principal?: string;
  readonly port?: string;
  readonly account?: string;
  readonly region?: string;
  readonly json?: boolean;
  /** A resource policy file (e.g. an S3 bucket policy) to evaluate with the request. */
  readonly resourcePolicy?: string;
  /** Identity policy files of the principal. */
  readonly identityPolicy?: readonly string[];
}

interface ExplainBody {
  readonly outcome: string;
  readonly delivered: boolean;
  readonly allowed: boolean;
  readonly trace: Trace & { readonly policy?: PolicyEvaluation };
}

/** The server URL: --endpoint-url, else VPCE_ENDPOINT_URL, else AWS_ENDPOINT_URL, else 127.0.0.1 on VPCE_PORT (4566). */
export function defaultEndpointUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['VPCE_ENDPOINT_URL'] ?? env['AWS_ENDPOINT_URL'] ?? `http://127.0.0.1:${env['VPCE_PORT'] ?? '4566'}`;
}

function rule(d: Decider): string {
  switch (d.by) {
    case 'source': return `${d.instanceId ? `${d.instanceId} ` : ''}${d.networkInterfaceId} ${d.privateIp}`;
    case 'securityGroupRule': return `${d.groupId} ${d.ruleId} ${d.rule}`;
    case 'noSecurityGroupRule': return `no rule in ${d.groupIds.join(', ')}`;
    case 'aclEntry': return `rule ${d.ruleNumber} ${d.action} ${d.entry}${d.ports ? ` ${d.ports}` : ''}`;
    case 'sameSubnet': return `same subnet ${d.subnetId}`;
    case 'route': return `${d.route.matchedCidr}${d.route.destination.type === 'prefixList' ? ` (${d.route.destination.prefixListId})` : ''} -> ${'id' in d.route.target ? String(d.route.target.id) : d.route.target.type} [${d.route.state}]`;
    case 'noRoute': return `no route in ${d.routeTableId}`;
    case 'state': return `state ${d.state}`;
    case 'address': return `${d.address}${d.translatedFrom ? ` (from ${d.translatedFrom})` : ''}`;
    case 'cidr': return `${d.address} vs ${d.cidrs.join(', ')}`;
    case 'attribute': return d.name === 'policy' ? d.value : `${d.name}=${d.value}`;
    case 'dnsRecord': return `${d.name} -> ${d.addresses.join(', ')} (${d.record})`;
    case 'listener': return `listener ${d.protocol}:${d.port} ${d.listenerArn}`;
    case 'target': return `target ${d.targetId}:${d.port} (${d.state}) in ${d.targetGroupArn}`;
  }
}

function stepName(s: Step): string {
  if (s.kind === 'destination' && s.decidedBy.by === 'attribute' && s.decidedBy.name === 'policy') return 'policy';
  return s.kind;
}

/** Render the hop table: step, resource, decision, rule/statement, Reachability Analyzer code. */
export function formatExplain(body: ExplainBody): string {
  const t = body.trace;
  const head = ['#', 'STEP', 'RESOURCE', 'DECISION', 'RULE / STATEMENT', 'CODE'];
  const rows = t.steps.map((s, i) => [String(i + 1), stepName(s) + (s.path === 'return' ? ' (return)' : s.direction ? ` ${s.direction}` : ''), s.resourceId, s.verdict, rule(s.decidedBy), s.code ?? '']);
  const widths = head.map((h, c) => Math.min(70, Math.max(h.length, ...rows.map((r) => r[c]!.length))));
  const line = (r: readonly string[]): string => r.map((v, c) => v.padEnd(widths[c]!)).join('  ').trimEnd();
  const out = [line(head), ...rows.map(line), ''];
  const d = t.disposition;
  out.push(`result: ${body.allowed ? 'ALLOWED' : 'NOT ALLOWED'} (${d.kind}${t.code ? `, ${t.code}` : ''})`);
  if (d.kind !== 'delivered') out.push(`  ${Object.entries(d).filter(([k]) => k !== 'kind').map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ')}`);
  if (t.policy) {
    out.push(`policy: ${t.policy.decision.decision} for ${t.policy.action} on ${t.policy.resource} as ${t.policy.principal.arn}`);
    for (const r of t.policy.decision.reasons) out.push(`  ${r.kind}: ${r.why}`);
  }
  const last = t.steps[t.steps.length - 1];
  if (last && !t.policy) out.push(`note: ${last.note}`);
  return `${out.join('\n')}\n`;
}

/** Ask the server and render. Exit 0 delivered and allowed, 1 not, 2 bad input or no server. */
export async function runExplain(o: ExplainOptions, env: NodeJS.ProcessEnv = process.env): Promise<ExplainOutput> {
  const url = (o.endpointUrl ?? defaultEndpointUrl(env)).replace(/\/+$/, '');
  let port: number | undefined;
  if (o.port !== undefined) {
    port = Number(o.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return { exitCode: 2, stdout: '', stderr: `--port must be a number from 0 to 65535, not '${o.port}'\n` };
  }
  const region = o.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  const files: { resourcePolicy?: string; identityPolicies?: string[] } = {};
  try {
    if (o.resourcePolicy !== undefined) files.resourcePolicy = readFileSync(o.resourcePolicy, 'utf8');
    if (o.identityPolicy !== undefined) files.identityPolicies = o.identityPolicy.map((f) => readFileSync(f, 'utf8'));
  } catch (e) {
    return { exitCode: 2, stdout: '', stderr: `cannot read a policy file: ${e instanceof Error ? e.message : String(e)}\n` };
  }
  const payload = {
    from: o.from, to: o.to,
    ...(o.action !== undefined ? { action: o.action } : {}),
    ...(o.principal !== undefined ? { principal: o.principal } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(o.account !== undefined ? { account: o.account } : {}),
    ...(region !== undefined ? { region } : {}),
    ...files,
  };
  // Like other clients: signed with the environment's credentials (a 12-digit key id is that account's root);
  // without any, unsigned (an open-mode server answers for the account asked about).
  const creds = environmentCredentials(env);
  const json = JSON.stringify(payload);
  const headers = creds !== undefined
    ? signedHeaders('POST', `${url}/_vpce/explain`, json, creds, region ?? 'us-east-1', 'sts', { 'content-type': 'application/json' })
    : { 'content-type': 'application/json' };
  let res: Response;
  try {
    res = await fetch(`${url}/_vpce/explain`, { method: 'POST', headers, body: json });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
    return { exitCode: 2, stdout: '', stderr: `cannot reach the vpce server at ${url} (${cause}); is \`vpce serve\` running at ${url}? Start it, or pass --endpoint-url\n` };
  }
  const text = await res.text();
  let body: unknown;
  try { body = JSON.parse(text) as unknown; } catch {
    return { exitCode: 2, stdout: '', stderr: `${url} did not answer like a vpce server (HTTP ${res.status}); is \`vpce serve\` running at ${url}?\n` };
  }
  if (res.status === 404) return { exitCode: 2, stdout: '', stderr: `${url} has no /_vpce/explain; is it a current \`vpce serve\`?\n` };
  if (res.status !== 200) {
    const msg = typeof body === 'object' && body !== null && 'message' in body ? String((body as { message: unknown }).message) : text;
    return { exitCode: 2, stdout: '', stderr: `vpce explain: ${msg}\n` };
  }
  const b = body as ExplainBody;
  const kind = b.trace.disposition.kind;
  if (kind === 'sourceNotFound') {
    return { exitCode: 2, stdout: o.json === true ? text : '', stderr: `vpce explain: no instance or network interface ${o.from} in this account and Region (nor a subnet, attached gateway or peering connection by that ID; check --from, --account, --region)\n` };
  }
  const exitCode = b.delivered && b.allowed ? 0 : 1;
  return { exitCode, stdout: o.json === true ? text : formatExplain(b), stderr: '' };
}

/** Add `explain` to a commander program. */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('trace a request hop by hop (security groups, NACLs, routes, endpoints, DNS) and evaluate the endpoint, resource and identity policies')
    .requiredOption('--from <source>', 'source: instance (i-...), network interface (eni-...), subnet (subnet-...), internet, VPN (vgw-...), Direct Connect (dx-vgw-... or dx:vgw-...) or peering (pcx-...); add @<ip> for the sender address (internet@203.0.113.7, vgw-...@192.168.1.5, subnet-...@10.0.1.9)')
    .requiredOption('--to <dest>', 's3://bucket/key, dynamodb://table, https://host/path, <host>:<port>[/tcp|udp] (s3.us-east-1.amazonaws.com:443) or <ip>:<port>/<tcp|udp|icmp>')
    .option('--endpoint-url <url>', 'the vpce server (env VPCE_ENDPOINT_URL; default http://127.0.0.1:4566)')
    .option('--action <action>', 'IAM action (default s3:GetObject for s3://, dynamodb:GetItem for dynamodb://)')
    .option('--principal <arn>', 'calling principal (default: for an instance, its instance profile role session, as vpce exec signs; else the source account root)')
    .option('--port <port>', 'destination port (default 443 for services)')
    .option('--account <id>', 'account of the source (default: from AWS_ACCESS_KEY_ID, else the server default)')
    .option('--region <region>', 'Region of the source (default: AWS_REGION, else us-east-1)')
    .option('--resource-policy <file>', 'a resource policy (e.g. the bucket policy) to evaluate with the request')
    .option('--identity-policy <file...>', "the principal's identity policies (default: assumed to allow)")
    .option('--json', 'print the JSON answer (its schema: docs/explain-output.schema.json, schemaVersion 1)')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action(async (opts: ExplainOptions) => {
      const out = await runExplain(opts);
      if (out.stdout) process.stdout.write(out.stdout);
      if (out.stderr) process.stderr.write(out.stderr);
      process.exitCode = out.exitCode;
    });
}
