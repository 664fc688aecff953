/**
 * @module Robustness benchmark (issue 13): per-call cost against a bare Node HTTP server under the same raw
 * keep-alive client, health-check latency while 16 clients send the largest requests AWS allows, peak memory
 * under 8 concurrent 256 MiB uploads, the cost of a signature check, and start-up to healthy. Every server runs
 * as a child process (the bundled `dist/src/cli/vpce.js` that `npm start` runs, or VPCE_BENCH_CLI), so the load
 * generator never shares its thread. Timings on a shared machine are noisy: the ratios compare rounds measured
 * back to back in the same run, alternating servers, and the median round is reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { World } from '../src/model/world.js';
import { createVpc } from '../src/model/vpc.js';
import { createSubnet } from '../src/model/subnet.js';
import { createVpcEndpoint } from '../src/model/vpc-endpoint.js';
import { openItemStore } from '../src/persistence/item-store.js';
import { sqliteStore } from '../src/persistence/sqlite-store.js';
import { sweepExpiredItems } from '../src/services/dynamodb/index.js';
import { startServer } from '../src/server/http.js';
import { parseAuth, verifySignature, type SignedRequest } from '../src/server/signature.js';
import { systemClock } from '../src/shared/clock.js';
import { randomIdGen } from '../src/shared/ids.js';
import { closeConnections, measure, report, request } from './measure.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
/** Strict mode makes the account root sign with this secret, so every timed call pays a real signature check. */
const ROOT_SECRET = 'bench-root-secret';
const S3_SERVICE = `com.amazonaws.${REGION}.s3`;

const BUNDLE = fileURLToPath(new URL('../src/cli/vpce.js', import.meta.url));
const TSC_CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
/** The server program: what `npm start` runs (the bundle), unless VPCE_BENCH_CLI names another. */
const CLI = process.env['VPCE_BENCH_CLI'] ?? (existsSync(BUNDLE) ? BUNDLE : TSC_CLI);

interface Child { readonly child: ChildProcess; readonly url: string; readonly startupMs: number; readonly cpuMs: number; stop(): Promise<void> }

/** /proc figures of a process: resident memory now and at its peak (MB), CPU time used so far (ms). */
function procStats(pid: number): { rss: number; hwm: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { rss: kb('VmRSS'), hwm: kb('VmHWM'), cpuMs: (Number(stat[11]) + Number(stat[12])) * 10 };
}

/** One GET on a fresh connection; resolves true on a 200 (start-up polling and health probes). */
function get(port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const r = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode === 200)); });
    r.on('error', () => resolve(false));
    r.end();
  });
}

let nextPort = 41000 + Math.floor(Math.random() * 10000);

/** Spawn `node <args>` listening on a fresh port and wait until `path` answers 200; time it from the spawn. */
async function startChild(args: (port: number) => string[], healthPath = '/_vpce/health', attempt = 0): Promise<Child> {
  const port = nextPort++;
  const started = performance.now();
  const child = spawn(process.execPath, args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      // A port another process took since the last run: try the next one.
      if (stderr.includes('EADDRINUSE') && attempt < 20) return startChild(args, healthPath, attempt + 1);
      throw new Error(`server exited before it was healthy: ${stderr}`);
    }
    if (await get(port, healthPath)) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  const startupMs = performance.now() - started;
  const cpuMs = procStats(child.pid!).cpuMs;
  return {
    child, url: `http://127.0.0.1:${port}`, startupMs, cpuMs,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** VPCE_SERVE_NODE_ARGS passes node flags to the server (e.g. --cpu-prof) when profiling. */
const NODE_ARGS = (process.env['VPCE_SERVE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);

const serve = (state: string, extra: string[] = []): Promise<Child> =>
  startChild((port) => [...NODE_ARGS, CLI, 'serve', '--port', String(port), '--state', state, ...extra]);

/** A bare Node HTTP server answering every request with `body` (the floor a server on Node can reach); idle connections kept as vpce keeps them. */
function bareServer(body: string): Promise<Child> {
  const code = `const b=Buffer.from(${JSON.stringify(body)});const v=require('node:http').createServer({noDelay:true,keepAlive:true},(q,s)=>{q.resume();q.on('end',()=>s.writeHead(200,{'content-type':'text/xml;charset=UTF-8','content-length':b.length}).end(b));});v.keepAliveTimeout=65000;v.listen(+process.argv[1],'127.0.0.1');`;
  return startChild((port) => ['-e', code, String(port)], '/');
}

const signer = new SignatureV4({ service: 'ec2', region: REGION, sha256: Hash.bind(null, 'sha256'), credentials: { accessKeyId: ACCOUNT, secretAccessKey: ROOT_SECRET } });

/** Headers of an EC2 Query POST signed for real (valid for the 15 minutes a signature stays current). */
async function signedEc2(url: string, body: string): Promise<Record<string, string>> {
  const { host } = new URL(url);
  const headers = { host, 'content-type': 'application/x-www-form-urlencoded' };
  const s = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: '/', query: {}, headers, body });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.headers)) if (k !== 'host') out[k] = String(v);
  return out;
}

async function ec2Ok(url: string, headers: Record<string, string>, body: string): Promise<number> {
  const r = await request(url, 'POST', '/', headers, body);
  if (r.status !== 200) throw new Error(`HTTP ${r.status} for ${body.slice(0, 80)}: ${r.body.toString('utf8').slice(0, 300)}`);
  return r.body.length;
}

/** A disk state: a VPC to describe, an endpoint to describe by id, and `creates` VPCs for one gateway endpoint each. */
function populate(dir: string, creates: number): { vpcId: string; endpointId: string; targets: { vpcId: string; table: string }[] } {
  const store = sqliteStore(dir);
  const world = new World(store, randomIdGen, systemClock);
  const targets: { vpcId: string; table: string }[] = [];
  let vpcId = '';
  let endpointId = '';
  world.transact((tx) => {
    const p = tx.in(ACCOUNT, REGION);
    const vpc = createVpc(tx, p, { cidrBlock: '10.0.0.0/16' });
    vpcId = vpc.id;
    endpointId = createVpcEndpoint(tx, p, { vpcId: vpc.id, serviceName: S3_SERVICE, settleMs: 0 }).id;
  });
  for (let batch = 0; batch < creates; batch += 250) {
    world.transact((tx) => {
      const p = tx.in(ACCOUNT, REGION);
      for (let i = batch; i < Math.min(creates, batch + 250); i++) {
        const vpc = createVpc(tx, p, { cidrBlock: `10.${1 + (i % 250)}.0.0/16` });
        const table = [...p.childrenOf(vpc.id, 'routeTable')][0]!.id;
        targets.push({ vpcId: vpc.id, table });
      }
    });
  }
  store.close();
  return { vpcId, endpointId, targets };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** (a) Sequential per-call cost through one raw keep-alive client: vpce beside a bare server, same client. */
async function perCall(): Promise<void> {
  console.log('  (a) per-call cost, sequential, one raw keep-alive connection, signed requests checked (--auth strict)');
  const N = 4000;
  const dir = mkdtempSync(join(tmpdir(), 'vpce-bench-robust-'));
  const fx = populate(dir, N + 300);
  const vpce = await serve(dir, ['--auth', 'strict', '--root-secret', ROOT_SECRET]);
  try {
    const describeVpcs = `Action=DescribeVpcs&Version=2016-11-15&VpcId.1=${fx.vpcId}`;
    const describeEndpoint = `Action=DescribeVpcEndpoints&Version=2016-11-15&VpcEndpointId.1=${fx.endpointId}`;
    const create = (i: number): string => `Action=CreateVpcEndpoint&Version=2016-11-15&VpcId=${fx.targets[i]!.vpcId}&ServiceName=${S3_SERVICE}&RouteTableId.1=${fx.targets[i]!.table}`;
    const hVpcs = await signedEc2(vpce.url, describeVpcs);
    const hEndpoint = await signedEc2(vpce.url, describeEndpoint);
    // Every create is signed before the timed runs: the client sends prepared bytes, as it does to the bare server.
    const creates: { body: string; headers: Record<string, string> }[] = [];
    for (let i = 0; i < N + 300; i++) creates.push({ body: create(i), headers: await signedEc2(vpce.url, create(i)) });
    const sizes = { vpcs: await ec2Ok(vpce.url, hVpcs, describeVpcs), endpoints: await ec2Ok(vpce.url, hEndpoint, describeEndpoint), create: 0 };
    const bares = { vpcs: await bareServer('x'.repeat(sizes.vpcs)), endpoints: await bareServer('x'.repeat(sizes.endpoints)) };
    let c = 0;
    // Warm-up (JIT) of both servers and the client.
    for (const [url, h, b] of [[vpce.url, hVpcs, describeVpcs], [vpce.url, hEndpoint, describeEndpoint], [bares.vpcs.url, hVpcs, describeVpcs], [bares.endpoints.url, hEndpoint, describeEndpoint]] as const) {
      await measure(1000, 1, async () => { await ec2Ok(url, h, b); });
    }
    await measure(300, 1, async () => { const x = creates[c++]!; sizes.create = await ec2Ok(vpce.url, x.headers, x.body); });
    const bareCreate = await bareServer('x'.repeat(sizes.create));
    await measure(1000, 1, async () => { await ec2Ok(bareCreate.url, creates[0]!.headers, creates[0]!.body); });
    const cases = [
      { label: 'DescribeVpcs, one VPC by id', target: 1.25, bareChild: () => bares.vpcs, vpce: () => ec2Ok(vpce.url, hVpcs, describeVpcs), bare: () => ec2Ok(bares.vpcs.url, hVpcs, describeVpcs) },
      { label: 'DescribeVpcEndpoints, one endpoint by id', target: 1.25, bareChild: () => bares.endpoints, vpce: () => ec2Ok(vpce.url, hEndpoint, describeEndpoint), bare: () => ec2Ok(bares.endpoints.url, hEndpoint, describeEndpoint) },
      { label: 'CreateVpcEndpoint gateway, durable (disk state)', target: 1.5, bareChild: () => bareCreate, vpce: () => { const x = creates[c++]!; return ec2Ok(vpce.url, x.headers, x.body); }, bare: () => { const x = creates[c]!; return ec2Ok(bareCreate.url, x.headers, x.body); } },
    ];
    for (const k of cases) {
      // Calls alternate one by one (bare, vpce, bare, vpce...), so both servers see the same machine load; the
      // median call of each is compared (a burst from another process on the machine moves both or neither).
      const vpceUs: number[] = [];
      const bareUs: number[] = [];
      const bareChild = k.bareChild();
      const cpu0 = { vpce: procStats(vpce.child.pid!).cpuMs, bare: procStats(bareChild.child.pid!).cpuMs };
      for (let i = 0; i < N; i++) {
        let t = performance.now();
        await k.bare();
        bareUs.push((performance.now() - t) * 1000);
        t = performance.now();
        await k.vpce();
        vpceUs.push((performance.now() - t) * 1000);
      }
      // Server CPU per call (from /proc, 10 ms ticks over the whole run): less sensitive to other processes than latency.
      const cpuUs = { vpce: ((procStats(vpce.child.pid!).cpuMs - cpu0.vpce) * 1000) / N, bare: ((procStats(bareChild.child.pid!).cpuMs - cpu0.bare) * 1000) / N };
      const ratio = median(vpceUs) / median(bareUs);
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      report(k.label, `median ${median(vpceUs).toFixed(0)} us/call vs bare ${median(bareUs).toFixed(0)} us: ${ratio.toFixed(2)}x (means ${(mean(vpceUs) / mean(bareUs)).toFixed(2)}x)`, { ok: ratio <= k.target, text: `<= ${k.target}x` });
      report('      server CPU per call, vpce vs bare', `${cpuUs.vpce.toFixed(0)} us vs ${cpuUs.bare.toFixed(0)} us: ${(cpuUs.vpce / cpuUs.bare).toFixed(2)}x`);
      // What the target leaves for everything vpce does beyond answering (signature, handler, commit, log), beside
      // what it takes: docs/performance.md shows what each step costs when it is taken out.
      report('      above bare: allowed by the target vs taken', `${(median(bareUs) * (k.target - 1)).toFixed(0)} us vs ${(median(vpceUs) - median(bareUs)).toFixed(0)} us`);
    }
    for (const b of [bares.vpcs, bares.endpoints, bareCreate]) await b.stop();
  } finally {
    closeConnections();
    await vpce.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const dummyAuth = (service: string): string => `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20260101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

/** The largest requests each service allows, as raw requests (open mode: account-id keys act unsigned). */
function largestRequests(): { readonly name: string; readonly method: string; readonly path: string; readonly headers: Record<string, string>; readonly body: string | Buffer | (() => string) }[] {
  // AWS: EC2 accepts at most 200 filter values per call; 50 filters of 4 values each, names EC2 documents.
  const names = ['vpc-id', 'cidr', 'state', 'is-default', 'owner-id', 'dhcp-options-id', 'cidr-block-association.cidr-block'];
  const filters = Array.from({ length: 50 }, (_, f) => `Filter.${f + 1}.Name=${names[f % names.length]}&` + [1, 2, 3, 4].map((v) => `Filter.${f + 1}.Value.${v}=${`v${f}-${v}-`.padEnd(255, 'x')}`).join('&')).join('&');
  let roles = 0;
  // A new role name each time, so every request creates (an existing name would stop at EntityAlreadyExists).
  const role = (): string => `Action=CreateRole&Version=2010-05-08&RoleName=bench-${roles++}&AssumeRolePolicyDocument=${encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }))}&`
    + Array.from({ length: 50 }, (_, t) => `Tags.member.${t + 1}.Key=k${t}${'k'.repeat(120)}&Tags.member.${t + 1}.Value=${'v'.repeat(256)}`).join('&');
  // AWS: BatchWriteItem takes 25 puts of up to 400 KB each within a 16 MB request.
  const items = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `k${i}` }, v: { S: 'd'.repeat(390 * 1024) } } } }));
  const batch = JSON.stringify({ RequestItems: { 'bench-robust': items } });
  const put = Buffer.alloc(32 * 1024 * 1024, 7);
  // AWS: DeleteObjects takes at most 1,000 keys (of up to 1,024 bytes); each is deleted on its own.
  const deletes = Buffer.from(`<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${Array.from({ length: 1000 }, (_, i) => `<Object><Key>${`d/${i}/`.padEnd(1000, 'k')}</Key></Object>`).join('')}</Delete>`);
  const deletesMd5 = createHash('md5').update(deletes).digest('base64');
  return [
    { name: 'ec2 DescribeVpcs 50 filters x 4 values', method: 'POST', path: '/', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: dummyAuth('ec2') }, body: `Action=DescribeVpcs&Version=2016-11-15&${filters}` },
    { name: 'iam CreateRole 50 tags', method: 'POST', path: '/', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: dummyAuth('iam') }, body: role },
    { name: 'dynamodb BatchWriteItem 25 x 390 KiB', method: 'POST', path: '/', headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.BatchWriteItem', Authorization: dummyAuth('dynamodb') }, body: batch },
    { name: 's3 PutObject 32 MiB', method: 'PUT', path: '/bench-robust/big', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', Authorization: dummyAuth('s3') }, body: put },
    { name: 's3 DeleteObjects 1,000 keys of 1,000 bytes', method: 'POST', path: '/bench-robust?delete', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-md5': deletesMd5, Authorization: dummyAuth('s3') }, body: deletes },
  ];
}

/** Send a raw request with a Buffer or string body on a fresh connection (bodies too big for the pooled client's string join). */
function rawSend(url: string, method: string, path: string, headers: Record<string, string>, body: string | Buffer): Promise<number> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const r = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    r.on('error', reject);
    r.end(body);
  });
}

/**
 * (b) Health-check latency while 16 clients send the largest requests AWS allows: all kinds mixed, then each kind
 * alone (16 clients of that kind), so a miss names the request that causes it.
 */
async function healthUnderLoad(): Promise<void> {
  const all = largestRequests();
  console.log('  (b) health checks (a separate process, new connection each, 20 ms apart) while 16 clients send the largest requests; target: max < 50 ms');
  await healthUnderLoadOf(all, 10, 'all kinds mixed');
  for (const k of all) await healthUnderLoadOf([k], 5, `only ${k.name}`);
}

async function healthUnderLoadOf(kinds: ReturnType<typeof largestRequests>, SECONDS: number, mix: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpce-bench-robust-'));
  const vpce = await serve(dir);
  try {
    await rawSend(vpce.url, 'PUT', '/bench-robust', { Authorization: dummyAuth('s3'), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, '');
    await rawSend(vpce.url, 'POST', '/', { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.CreateTable', Authorization: dummyAuth('dynamodb') },
      JSON.stringify({ TableName: 'bench-robust', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
    const { port } = new URL(vpce.url);
    let stop = false;
    const statuses = new Map<string, Map<number, number>>();
    const sent = new Map<string, number>();
    const client = async (k: number): Promise<void> => {
      const kind = kinds[k % kinds.length]!;
      while (!stop) {
        const status = await rawSend(vpce.url, kind.method, kind.path, kind.headers, typeof kind.body === 'function' ? kind.body() : kind.body).catch(() => -1);
        const m = statuses.get(kind.name) ?? new Map<number, number>();
        m.set(status, (m.get(status) ?? 0) + 1);
        statuses.set(kind.name, m);
        sent.set(kind.name, (sent.get(kind.name) ?? 0) + 1);
      }
    };
    const clients = Array.from({ length: 16 }, (_, k) => client(k));
    // The largest write-ahead logs seen: checkpoints run on a worker thread and must keep them bounded.
    const wals = { items: join(dir, 'dynamodb', 'items.db-wal'), s3: join(dir, 's3', 's3.db-wal') };
    const largestWal = { items: 0, s3: 0 };
    const walWatch = setInterval(() => {
      for (const k of ['items', 's3'] as const) { try { largestWal[k] = Math.max(largestWal[k], statSync(wals[k]).size); } catch { /* none yet */ } }
    }, 100);
    // The prober is its own process: this one is busy writing the large bodies, and its event loop would delay
    // the timing of the checks.
    const probe = `const h=require('node:http');const out=[];const end=performance.now()+${SECONDS * 1000};`
      + `const one=()=>{if(performance.now()>end){console.log(JSON.stringify(out));return;}const t=performance.now();`
      + `h.get({host:'127.0.0.1',port:${port},path:'/_vpce/health',agent:false},(r)=>{r.resume();r.on('end',()=>{out.push(performance.now()-t);setTimeout(one,20);});}).on('error',()=>{out.push(performance.now()-t);setTimeout(one,20);});};setTimeout(one,200);`;
    const prober = spawn(process.execPath, ['-e', probe], { stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    prober.stdout!.on('data', (d: Buffer) => { printed += d.toString(); });
    await new Promise((r) => prober.once('exit', r));
    const latencies = JSON.parse(printed) as number[];
    stop = true;
    await Promise.all(clients);
    clearInterval(walWatch);
    latencies.sort((a, b) => a - b);
    const p = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    const max = latencies[latencies.length - 1]!;
    console.log(`      ${mix}, ${SECONDS} s:`);
    for (const k of kinds) report(`        ${k.name} (${(Buffer.byteLength(typeof k.body === 'function' ? k.body() : k.body) / 1024).toFixed(0)} KiB)`, `${sent.get(k.name) ?? 0} sent, statuses ${[...(statuses.get(k.name) ?? new Map<number, number>())].map(([s, n]) => `${s}x${n}`).join(' ')}`);
    report('        largest WAL (items.db, s3.db)', `${(largestWal.items / 1048576).toFixed(0)} MB, ${(largestWal.s3 / 1048576).toFixed(0)} MB`);
    report(`      health-check latency, ${mix}`.slice(0, 58), `p50 ${p(0.5).toFixed(1)} ms  p99 ${p(0.99).toFixed(1)} ms  max ${max.toFixed(1)} ms (${latencies.length} checks)`, { ok: max < 50, text: 'max < 50 ms' });
  } finally {
    await vpce.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Stream a `size`-byte PutObject from a reused 1 MiB chunk (the bench itself holds no large body). */
function streamUpload(url: string, path: string, size: number): Promise<number> {
  const { port } = new URL(url);
  const chunk = Buffer.alloc(1024 * 1024, 5);
  return new Promise((resolve, reject) => {
    const r = httpRequest({ host: '127.0.0.1', port, method: 'PUT', path, headers: { Authorization: dummyAuth('s3'), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(size) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    r.on('error', reject);
    let left = size;
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!r.write(n === chunk.length ? chunk : chunk.subarray(0, n))) { r.once('drain', pump); return; }
      }
      r.end();
    };
    pump();
  });
}

/** (c) Peak resident memory of the server with 8 concurrent 256 MiB uploads. */
async function uploadMemory(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpce-bench-robust-'));
  const vpce = await serve(dir);
  try {
    await rawSend(vpce.url, 'PUT', '/bench-uploads', { Authorization: dummyAuth('s3'), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, '');
    const before = procStats(vpce.child.pid!);
    const t = performance.now();
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => streamUpload(vpce.url, `/bench-uploads/big-${i}`, 256 * 1024 * 1024)));
    const seconds = (performance.now() - t) / 1000;
    const after = procStats(vpce.child.pid!);
    report('(c) peak RSS, 8 concurrent 256 MiB PutObject (VmHWM)', `${after.hwm.toFixed(0)} MB (idle before ${before.rss.toFixed(0)} MB; statuses ${statuses.join(',')}; ${(2048 / seconds).toFixed(0)} MiB/s)`, { ok: after.hwm < 300, text: '< 300 MB, bounded' });
  } finally {
    await vpce.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** (d) The cost of checking one SigV4 signature (parse the authorization, rebuild, HMAC chain, compare), in-process. */
async function signatureCost(): Promise<void> {
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
  const now = new Date();
  const mk = async (service: string, method: string, path: string, headers: Record<string, string>, body: string): Promise<SignedRequest> => {
    const s = new SignatureV4({ service, region: REGION, sha256: Hash.bind(null, 'sha256'), credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: secret }, uriEscapePath: service !== 's3' });
    const out = await s.sign({ method, protocol: 'http:', hostname: '127.0.0.1', port: 4566, path, query: {}, headers: { host: '127.0.0.1:4566', ...headers }, body }, { signingDate: now });
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(out.headers)) flat[k.toLowerCase()] = String(v);
    return { method, rawPath: path, rawQuery: '', headers: flat, body: Buffer.from(body) };
  };
  const cases = [
    { label: 'EC2 DescribeVpcs (form body hashed)', req: await mk('ec2', 'POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-0123456789abcdef0') },
    { label: 'S3 GetObject (declared payload hash)', req: await mk('s3', 'GET', '/bucket/some/key.txt', { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }, '') },
  ];
  console.log('  (d) signature check, in-process (parseAuth + verifySignature):');
  for (const k of cases) {
    const parsed = parseAuth(k.req);
    if (parsed.kind !== 'sigv4' || !verifySignature(k.req, parsed.auth, secret).ok) throw new Error(`signature case does not verify: ${k.label}`);
    // CPU time of this process (user + system), not wall time: on a loaded machine a loop gets a share of a core.
    const run = (n: number): { cpu: number; wall: number } => {
      const t = performance.now();
      const c = process.cpuUsage();
      for (let i = 0; i < n; i++) {
        const p = parseAuth(k.req);
        if (p.kind !== 'sigv4' || !verifySignature(k.req, p.auth, secret).ok) throw new Error('signature check failed');
      }
      const used = process.cpuUsage(c);
      return { cpu: (used.user + used.system) / n, wall: ((performance.now() - t) * 1000) / n };
    };
    run(5000);
    const runs = [run(20000), run(20000), run(20000)];
    const us = median(runs.map((r) => r.cpu));
    report(`      ${k.label}`, `${us.toFixed(1)} us CPU/check (${median(runs.map((r) => r.wall)).toFixed(1)} us wall)`, { ok: us < 20, text: '< 20 us' });
  }
}

/** (e) Start-up to healthy (median of several starts), empty and at 10,000 records, and idle memory. */
async function startup(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'vpce-bench-robust-'));
  try {
    const starts = async (state: (i: number) => string, n: number): Promise<{ ms: number; cpu: number; rss: number }> => {
      const ms: number[] = [];
      const cpu: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = await serve(state(i));
        ms.push(s.startupMs);
        cpu.push(s.cpuMs);
        await new Promise((r) => setTimeout(r, 300));
        rss.push(procStats(s.child.pid!).rss);
        await s.stop();
      }
      return { ms: median(ms), cpu: median(cpu), rss: median(rss) };
    };
    const empty = await starts((i) => join(root, `empty-${i}`), 7);
    report('(e) start-up to healthy, empty state (median of 7)', `${empty.ms.toFixed(0)} ms wall, ${empty.cpu} ms CPU`, { ok: empty.ms < 300, text: '< 300 ms' });
    report('    idle resident memory, empty state', `${empty.rss.toFixed(0)} MB`, { ok: empty.rss < 100, text: '< 100 MB' });
    const full = join(root, 'full');
    const store = sqliteStore(full);
    const world = new World(store, randomIdGen, systemClock);
    for (let batch = 0; batch < 10; batch++) {
      world.transact((tx) => {
        const p = tx.in(ACCOUNT, REGION);
        for (let i = 0; i < 50; i++) {
          const n = batch * 50 + i;
          const vpc = createVpc(tx, p, { cidrBlock: `10.${n % 256}.0.0/16` });
          for (let s = 0; s < 16; s++) createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: `10.${n % 256}.${s}.0/24` });
        }
      });
    }
    const records = world.size;
    store.close();
    const big = await starts(() => full, 5);
    report(`    start-up to healthy, ${records.toLocaleString('en-US')} records (median of 5)`, `${big.ms.toFixed(0)} ms wall, ${big.cpu} ms CPU`, { ok: big.ms < 1000, text: '< 1 s' });
    report(`    idle resident memory, ${records.toLocaleString('en-US')} records`, `${big.rss.toFixed(0)} MB`, { ok: big.rss < 100, text: '< 100 MB' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Run `fn` with a store opened in a fresh temporary folder; the store is closed and the folder removed after. */
async function withStore<S extends { close(): void }>(prefix: string, open: (dir: string) => S, fn: (store: S) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = open(dir);
  try {
    await fn(store);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The longest turn of the event loop while `step` runs once per turn until it returns false: the time between two
 * turns is what ran in between (the step, or work it scheduled, such as a slice of a fold) holding the thread.
 */
async function longestTurn(step: () => boolean): Promise<number> {
  let longest = 0;
  let last = performance.now();
  while (step()) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }
  return longest;
}

/**
 * (f) The state journal folded while commits go on: 25,000 two-row commits of ~1 KB records (the writes of 25,000
 * creates), each on its own turn of the event loop as the server makes them. The longest turn is the longest a
 * health check could wait; folding 50,000 rows in one go took ~0.5 s.
 */
async function journalFold(): Promise<void> {
  console.log('  (f) the state journal folded while 25,000 two-row commits go on (in-process store, one commit per turn)');
  await withStore('vpce-bench-fold-', (dir) => sqliteStore(dir), async (store) => {
    const body = JSON.stringify({ state: 'available', padding: 'x'.repeat(500) });
    const partition = `${ACCOUNT}/${REGION}`;
    let commitLongest = 0;
    let i = 0;
    const longest = await longestTurn(() => {
      const t = performance.now();
      store.commit([{ partition, id: `vpce-${i.toString(16).padStart(17, '0')}`, body }, { partition, id: `rtb-${(i % 2000).toString(16).padStart(17, '0')}`, body }]);
      commitLongest = Math.max(commitLongest, performance.now() - t);
      return ++i < 25_000;
    });
    report('longest commit', `${commitLongest.toFixed(1)} ms`, { ok: commitLongest < 50, text: '< 50 ms' });
    report('longest turn (a commit, or a slice of the fold)', `${longest.toFixed(1)} ms`, { ok: longest < 50, text: '< 50 ms' });
  });
}

/**
 * (g) One DynamoDB TTL sweep tick (the server runs one a second, on its thread) over a disk table of 400 items of
 * 300 KB with TTL enabled and nothing expired yet: how long the tick holds the thread.
 */
async function ttlSweepTick(): Promise<void> {
  console.log('  (g) one DynamoDB TTL sweep tick over 400 items of 300 KB (disk store, TTL enabled, none expired)');
  await withStore('vpce-bench-ttl-', openItemStore, async (store) => {
    const definition = { TableId: 'ttl', KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST', DeletionProtectionEnabled: false, TimeToLive: { AttributeName: 'exp', Enabled: true } };
    const table = store.createTable(`${ACCOUNT}/${REGION}`, 'ttl', JSON.stringify(definition), 0, null, null);
    const later = String(Math.floor(Date.now() / 1000) + 86_400);
    const padding = 'x'.repeat(300 * 1024);
    store.transaction(() => {
      for (let i = 0; i < 400; i++) store.putItem(table.id, Buffer.from(`k${i}`), Buffer.alloc(0), JSON.stringify({ k: { S: `k${i}` }, exp: { N: later }, v: { S: padding } }), padding.length);
    });
    const ticks: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      sweepExpiredItems(store, Date.now());
      ticks.push(performance.now() - t);
    }
    const longest = Math.max(...ticks);
    report('longest of 5 ticks', `${longest.toFixed(1)} ms (each: ${ticks.map((x) => x.toFixed(1)).join(', ')})`, { ok: longest < 50, text: '< 50 ms' });
  });
}

/**
 * (h) Whole-state EC2 listings of a large state (1,000 VPCs of 16 subnets: 3.8 MB of network ACLs), served by an
 * in-process server under `monitorEventLoopDelay`: the longest the thread was held during each, warm.
 */
async function largeListings(): Promise<void> {
  console.log('  (h) whole-state listings of 1,000 VPCs x 16 subnets (in-process server, longest loop block of 3 warm calls each)');
  const dir = mkdtempSync(join(tmpdir(), 'vpce-bench-listing-'));
  const world = new World(sqliteStore(dir), randomIdGen, systemClock);
  for (let b = 0; b < 1000; b += 100) {
    world.transact((tx) => {
      const p = tx.in(ACCOUNT, REGION);
      for (let n = b; n < b + 100; n++) {
        const vpc = createVpc(tx, p, { cidrBlock: `10.${n % 256}.0.0/16` });
        for (let s = 0; s < 16; s++) createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: `10.${n % 256}.${s}.0/24` });
      }
    });
  }
  const server = await startServer({ world, host: '127.0.0.1', port: 0, dataDir: dir, defaultAccount: ACCOUNT, version: 'bench' });
  try {
    for (const action of ['DescribeVpcs', 'DescribeSubnets', 'DescribeNetworkAcls']) {
      const blocks: number[] = [];
      let size = 0;
      for (let i = 0; i < 4; i++) {
        const h = monitorEventLoopDelay({ resolution: 2 });
        h.enable();
        const r = await request(server.url, 'POST', '/', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: dummyAuth('ec2') }, `Action=${action}&Version=2016-11-15`);
        h.disable();
        if (r.status !== 200) throw new Error(`${action}: HTTP ${r.status}`);
        size = r.body.length;
        // The first call compiles and fills the per-record XML memo: the warm calls are the steady state.
        if (i > 0) blocks.push(h.max / 1e6);
      }
      const longest = Math.max(...blocks);
      report(`${action}, ${(size / 1e6).toFixed(1)} MB`, `longest block ${longest.toFixed(0)} ms (${blocks.map((x) => x.toFixed(0)).join(', ')})`, { ok: longest < 50, text: '< 50 ms' });
    }
  } finally {
    closeConnections();
    await server.close();
    world.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * (i) DeleteTable of a large DynamoDB table (disk store): the call, then its rows purged a slice per turn. Reports
 * the call and the longest turn until the purge is done (the WAL the fill left is checkpointed first).
 */
async function deleteLargeTable(): Promise<void> {
  console.log('  (i) DeleteTable of 400 items of 300 KB and of 50,000 items of 1 KB (disk store), then its purge');
  for (const [items, kb] of [[400, 300], [50_000, 1]] as const) {
    await withStore('vpce-bench-deltable-', openItemStore, async (store) => {
      const table = store.createTable(`${ACCOUNT}/${REGION}`, 'big', '{}', 0, null, null);
      const padding = 'x'.repeat(kb * 1024);
      for (let b = 0; b < items; b += 1000) {
        store.transaction(() => {
          for (let i = b; i < Math.min(items, b + 1000); i++) store.putItem(table.id, Buffer.from(`k${i}`), Buffer.alloc(0), JSON.stringify({ k: { S: `k${i}` }, v: { S: padding } }), padding.length);
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // The first commit after the worker's checkpoint of the fill truncates the WAL (journal_size_limit = 0): timed
      // apart, as it follows any large write, DeleteTable or not.
      const w = performance.now();
      store.createTable(`${ACCOUNT}/${REGION}`, 'small', '{}', 0, null, null);
      const truncate = performance.now() - w;
      const t = performance.now();
      store.deleteTable(table);
      const call = performance.now() - t;
      const longest = await longestTurn(() => store.scanItems(table.id, undefined, 1).length > 0);
      const worst = Math.max(call, longest);
      report(`${items.toLocaleString('en-US')} items of ${kb} KB`, `call ${call.toFixed(1)} ms, purged in ${((performance.now() - t) / 1000).toFixed(1)} s, longest turn ${longest.toFixed(0)} ms`, { ok: worst < 50, text: '< 50 ms' });
      report('      first write after the fill (WAL truncation)', `${truncate.toFixed(0)} ms`);
    });
  }
}

export async function run(): Promise<void> {
  const only = (process.env['VPCE_BENCH_ROBUSTNESS'] ?? 'a,b,c,d,e,f,g,h,i').split(',');
  console.log(`  measured with: ${CLI.replace(process.cwd() + '/', '')} on node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
  if (only.includes('a')) await perCall();
  if (only.includes('d')) await signatureCost();
  if (only.includes('e')) await startup();
  if (only.includes('b')) await healthUnderLoad();
  if (only.includes('c')) await uploadMemory();
  if (only.includes('f')) await journalFold();
  if (only.includes('g')) await ttlSweepTick();
  if (only.includes('h')) await largeListings();
  if (only.includes('i')) await deleteLargeTable();
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at end`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
