/**
 * @module `vpce cost`: the monthly cost of the design in a state folder for the traffic in its flow logs, or for a
 * stated volume per subnet and service. Reads the state offline (the server holds its lock while it runs).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { estimateCost, type CostReport, type TrafficSample } from '../analyzer/cost.js';
import { DEFAULT_PRICES, parsePriceList, type PriceList } from '../analyzer/prices.js';
import type { NetworkView } from '../engine/network-view.js';
import type { FlowProtocol } from '../engine/trace.js';
import { NetworkCompiler } from '../engine/compile.js';
import { REGIONS } from '../model/regions.js';
import { World } from '../model/world.js';
import { sqliteStore } from '../persistence/sqlite-store.js';
import { systemClock } from '../shared/clock.js';
import { randomIdGen } from '../shared/ids.js';

export interface CostOptions {
  readonly state: string;
  readonly volumeGb?: string;
  readonly services?: string;
  readonly flowLogs?: string;
  readonly account?: string;
  readonly region?: string;
  readonly prices?: string;
  readonly json?: boolean;
}

export interface CostOutput {
  readonly exitCode: 0 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

const PROTOCOLS: Readonly<Record<string, FlowProtocol>> = { '6': 'tcp', '17': 'udp', '1': 'icmp' };
const GATEWAY_SERVICES = ['s3', 'dynamodb'];

const fail = (message: string): CostOutput => ({ exitCode: 2, stdout: '', stderr: `vpce cost: ${message}\n` });

export function runCost(o: CostOptions): CostOutput {
  let prices: PriceList = DEFAULT_PRICES;
  if (o.prices !== undefined) {
    let parsed;
    try { parsed = parsePriceList(JSON.parse(readFileSync(o.prices, 'utf8')) as unknown); } catch (e) { return fail(`cannot read --prices ${o.prices}: ${(e as Error).message}`); }
    if ('error' in parsed) return fail(`--prices ${o.prices}: ${parsed.error}`);
    prices = parsed;
  }
  let volumeGb: number | undefined;
  if (o.volumeGb !== undefined) {
    volumeGb = Number(o.volumeGb);
    if (!Number.isFinite(volumeGb) || volumeGb < 0) return fail(`--volume-gb must be a number of gigabytes, 0 or more, not '${o.volumeGb}'`);
  }
  const services = (o.services ?? GATEWAY_SERVICES.join(',')).split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknownService = services.find((s) => !GATEWAY_SERVICES.includes(s));
  if (unknownService !== undefined) return fail(`--services takes s3 and dynamodb (the services a gateway endpoint can carry), not '${unknownService}'`);
  if (o.account !== undefined && !/^\d{12}$/.test(o.account)) return fail(`--account must be a 12-digit account id, not '${o.account}'`);
  if (!existsSync(join(o.state, 'state.db'))) return fail(`no vpce state in '${o.state}' (no state.db): pass --state with the folder \`vpce serve --state\` used`);
  let world: World;
  try {
    world = new World(sqliteStore(o.state), randomIdGen, systemClock);
  } catch (e) {
    return fail(`cannot open the state in '${o.state}': ${(e as Error).message}. If \`vpce serve\` is running on it, stop it first (it holds the state's lock)`);
  }
  try {
    const view = new NetworkCompiler(world).view();
    const partitions = REGIONS.map((r) => r.name)
      .filter((r) => o.region === undefined || r === o.region)
      .flatMap((region) => world.accountsIn(region).filter((a) => o.account === undefined || a === o.account).map((account) => ({ account, region })));
    let samples: TrafficSample[];
    let basis: string;
    if (volumeGb !== undefined) {
      samples = statedVolume(view, partitions, volumeGb, services);
      basis = `${volumeGb} GB a month from each subnet with an instance to each of ${services.join(', ')}`;
    } else {
      const folder = o.flowLogs ?? join(o.state, 'logs', 'flow');
      const read = flowLogSamples(view, partitions, folder);
      samples = read.samples;
      basis = read.records === 0 ? `no flow log records in ${folder}: fixed charges only (pass --volume-gb for a stated volume)` : `${read.records} accepted flow log records in ${folder}${read.window ? ` from ${read.window}` : ''}`;
    }
    const report = estimateCost(view, partitions, samples, prices);
    return { exitCode: 0, stdout: o.json === true ? `${JSON.stringify({ basis, ...report }, null, 2)}\n` : formatCost(report, basis), stderr: '' };
  } finally {
    world.store.close();
  }
}

/** One sample per subnet with a running instance and service: the volume, sent from that instance to the service's Regional name. */
function statedVolume(view: NetworkView, partitions: readonly { account: string; region: string }[], gb: number, services: readonly string[]): TrafficSample[] {
  const out: TrafficSample[] = [];
  for (const { account, region } of partitions) {
    const p = view.partition(account, region);
    const bySubnet = new Map<string, string>();
    for (const [id, inst] of p.instances) {
      if (inst.state !== 'running' || inst.primaryEniId === undefined) continue;
      const subnet = p.enis.get(inst.primaryEniId)?.subnetId;
      if (subnet !== undefined && !bySubnet.has(subnet)) bySubnet.set(subnet, id);
    }
    for (const instance of bySubnet.values()) {
      for (const service of services) {
        out.push({ account, region, source: instance, destination: { name: `${service}.${region}.amazonaws.com` }, protocol: 'tcp', port: 443, bytes: gb * 1024 ** 3 });
      }
    }
  }
  return out;
}

/**
 * Samples from VPC Flow Logs records (default format, version 2): each accepted record counted at its interface,
 * both directions of a conversation added up under the remote address and port (the record whose source is the
 * interface's own address is the request; the other, the reply).
 */
function flowLogSamples(view: NetworkView, partitions: readonly { account: string; region: string }[], folder: string): { samples: TrafficSample[]; records: number; window?: string } {
  const where = new Map<string, { account: string; region: string; ips: readonly string[] }>();
  for (const { account, region } of partitions) {
    for (const eni of view.partition(account, region).enis.values()) where.set(eni.id, { account, region, ips: eni.privateIps });
  }
  const totals = new Map<string, TrafficSample>();
  let records = 0;
  let first = Infinity;
  let last = -Infinity;
  const files = existsSync(folder) ? readdirSync(folder).filter((f) => /\.log(\.\d+)?$/.test(f)).sort() : [];
  for (const file of files) {
    for (const line of readFileSync(join(folder, file), 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 14 || f[0] !== '2' || f[12] !== 'ACCEPT') continue;
      const [, , eni, src, dst, srcPort, dstPort, proto, , bytes, start, end] = f as [string, string, string, string, string, string, string, string, string, string, string, string];
      const at = where.get(eni);
      const protocol = PROTOCOLS[proto];
      if (!at || !protocol) continue;
      const outbound = at.ips.includes(src);
      const remote = outbound ? dst : src;
      const port = Number(outbound ? dstPort : srcPort);
      const key = `${eni}|${remote}|${port}|${protocol}`;
      const prev = totals.get(key);
      const n = Number(bytes);
      totals.set(key, { account: at.account, region: at.region, source: eni, destination: { ip: remote }, protocol, port, bytes: (prev?.bytes ?? 0) + (Number.isFinite(n) ? n : 0) });
      records++;
      first = Math.min(first, Number(start));
      last = Math.max(last, Number(end));
    }
  }
  const window = records > 0 && Number.isFinite(first) && Number.isFinite(last)
    ? `${new Date(first * 1000).toISOString()} to ${new Date(last * 1000).toISOString()}`
    : undefined;
  return { samples: [...totals.values()], records, ...(window ? { window } : {}) };
}

const usd = (n: number): string => `$${n.toFixed(2)}`;

export function formatCost(r: CostReport, basis: string): string {
  const out: string[] = [`traffic: ${basis}`, `prices: ${r.prices.date} (${r.prices.sources.length} AWS pricing pages; --json lists them)`, '', 'FIXED (per month)'];
  if (r.fixed.length === 0) out.push('  none');
  for (const f of r.fixed) out.push(`  ${f.resourceId.padEnd(24)} ${f.kind.padEnd(18)} ${usd(f.monthly).padStart(10)}  ${f.detail}`);
  out.push('', 'TRAFFIC');
  if (r.traffic.length === 0) out.push('  none');
  for (const t of r.traffic) {
    const dest = 'ip' in t.sample.destination ? t.sample.destination.ip : t.sample.destination.name;
    out.push(`  ${t.sample.source} -> ${dest}:${t.sample.port}  ${t.gb.toFixed(2)} GB via ${t.path}${t.via ? ` ${t.via}` : ''}  ${usd(t.total)}${t.crossAz > 0 ? ` (cross-AZ ${usd(t.crossAz)})` : ''}`);
    out.push(`      ${t.note}`);
  }
  out.push('', `total: ${usd(r.totals.total)} (fixed ${usd(r.totals.fixed)}, traffic ${usd(r.totals.traffic)})`);
  if (r.totals.gatewayEndpointSaving > 0) out.push(`gateway endpoints for S3/DynamoDB traffic would save ${usd(r.totals.gatewayEndpointSaving)}`);
  if (r.unpricedRegions.length > 0) out.push(`not priced (no prices for): ${r.unpricedRegions.join(', ')}; pass --prices FILE`);
  return `${out.join('\n')}\n`;
}

export function registerCostCommand(program: Command): void {
  program
    .command('cost')
    .description('the monthly cost of the network design (NAT gateways, interface and gateway endpoints, cross-AZ data) for the traffic in the flow logs or a stated volume')
    .option('--state <dir>', 'the state folder `vpce serve --state` used (stop the server first)', '.vpce')
    .option('--volume-gb <gb>', 'price this many GB a month from each subnet with a running instance to each service, instead of the flow logs')
    .option('--services <list>', 'with --volume-gb: comma-separated services (s3, dynamodb)', 's3,dynamodb')
    .option('--flow-logs <dir>', 'the flow log folder (default <state>/logs/flow)')
    .option('--account <id>', 'only this account')
    .option('--region <region>', 'only this Region')
    .option('--prices <file>', 'a price list JSON {date, currency: "USD", sources, regions: {<region>: {natGatewayHour, natGatewayGb, interfaceEndpointAzHour, interfaceEndpointGb, crossAzGbEachWay}}}')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', `
Examples:
  vpce cost --state .vpce                    # fixed charges, and the traffic in the flow logs
  vpce cost --state .vpce --volume-gb 500    # 500 GB/month per subnet to S3 and to DynamoDB
  vpce cost --volume-gb 500 --services s3 --json`)
    .action((opts: CostOptions) => {
      const out = runCost(opts);
      if (out.stdout) process.stdout.write(out.stdout);
      if (out.stderr) process.stderr.write(out.stderr);
      process.exitCode = out.exitCode;
    });
}
