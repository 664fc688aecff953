/**
 * @module The HTTP server: the whole request order in one place.
 * detect (vpce routes, then the signing service) -> identity -> network gate (data plane) -> protocol endpoint
 * -> response -> logs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { pipeline, Readable } from 'node:stream';
import type { World } from '../model/world.js';
import { openItemStore, type ItemStore } from '../persistence/item-store.js';
import { openObjectStore, type ObjectStore } from '../persistence/object-store.js';
import { authenticate, type AuthSettings } from './authenticate.js';
import { credentialError } from './credential-errors.js';
import { hostAllowed, originForeign, type GuardSettings } from './local-guard.js';
import { handleDynamoDb } from './dynamodb-endpoint.js';
import { sweepExpiredItems } from '../services/dynamodb/index.js';
import { handleEc2 } from './ec2-endpoint.js';
import { handleElbv2 } from './elbv2-endpoint.js';
import { handleExecCredentials } from './exec-endpoint.js';
import { handleExplain } from './explain-endpoint.js';
import { handleConsole, isConsolePath } from './console-endpoint.js';
import { Gate, type GateResult, type ServiceName } from './gate.js';
import { handleIam } from './iam-endpoint.js';
import { identify, type Identity } from './identity.js';
import { openLogs, type Logs } from './logs.js';
import type { RawRequest, RawResponse } from './raw-http.js';
import { handleS3 } from './s3-endpoint.js';
import { precheckS3 } from './s3-precheck.js';
import { handleSts } from './sts-endpoint.js';

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly world: World;
  readonly defaultAccount: string;
  readonly version: string;
  /** Where S3 objects, DynamoDB items and logs live (`null` or absent: memory only). */
  readonly dataDir?: string | null;
  /** How credentials are checked (see `authenticate.ts`); absent: open. */
  readonly auth?: AuthSettings;
  /** Host names and page origins allowed besides this server's own (see `local-guard.ts`). */
  readonly guard?: { readonly allowHosts?: readonly string[]; readonly allowOrigins?: readonly string[] };
  /** Milliseconds between DynamoDB time-to-live sweeps (default 1000); each reads a bounded number of items. */
  readonly ttlSweepMs?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly logs: Logs;
  /** The request gate (benchmarks time it in-process). */
  readonly gate: Gate;
  close(): Promise<void>;
}

const OPEN: AuthSettings = { mode: 'open' };

/** Largest request body accepted: an S3 part or object up to 256 MiB (larger uploads use multipart). */
const MAX_BODY = 256 * 1024 * 1024;

interface Backends {
  readonly opts: ServerOptions;
  readonly startedAt: number;
  readonly objects: ObjectStore;
  readonly items: ItemStore;
  readonly gate: Gate;
  readonly logs: Logs;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const dir = opts.dataDir ?? null;
  const logs = openLogs(dir);
  const b: Backends = {
    opts, startedAt: Date.now(), objects: openObjectStore(dir), items: openItemStore(dir), gate: new Gate(opts.world, opts.defaultAccount), logs,
  };
  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    readBody(req).then(
      (body) => route(b, req, res, body),
      () => { if (!res.headersSent) res.writeHead(413).end(); },
    ).catch((e: unknown) => {
      console.error('vpce: request failed:', e);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // AWS: a request sent with `Expect: 100-continue` that S3 would refuse is answered with the final status before
  // its body is sent; otherwise 100 Continue, then the request as usual.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (refuseBeforeBody(b, req, res)) return;
    res.writeContinue();
    server.emit('request', req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // DynamoDB TTL expiry runs on the world's clock, so tests that move the clock see items expire.
  const ttlSweep = setInterval(() => {
    try { sweepExpiredItems(b.items, opts.world.clock.now()); } catch (e) { console.error('vpce: dynamodb ttl sweep failed:', e); }
  }, opts.ttlSweepMs ?? 1000);
  ttlSweep.unref();
  return {
    url: `http://${opts.host}:${port}`,
    port,
    server,
    logs,
    gate: b.gate,
    close: () => new Promise<void>((resolve) => {
      clearInterval(ttlSweep);
      server.closeAllConnections();
      server.close(() => { b.objects.close(); b.items.close(); logs.close(); resolve(); });
    }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new Error('body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Answer an S3 request S3 would refuse without its body (see s3-precheck.ts); true when answered. */
function refuseBeforeBody(b: Backends, req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  if (path.startsWith('/_vpce/')) return false;
  // A refused Host or Origin is answered by route() once the body is read.
  if (guardRefusal(b.opts, req) !== undefined) return false;
  const who = identify(header(req, 'authorization'), b.opts.defaultAccount, 'us-east-1', query);
  const service = detect(who, req);
  if (service !== 's3') return false;
  const requestId = randomUUID();
  const started = Date.now();
  const remote = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const pass = b.gate.pass(who, service, req.headers.host ?? '', path, requestId, remote);
  if (!pass.reachable) return false;
  const userAgent = header(req, 'user-agent');
  const headers = flatHeaders(req);
  // A signature is judged here only when it does not cover the body (S3 declares its payload hash, a presigned URL
  // signs none); otherwise the normal path checks it once the body is read. Unknown keys, tokens and clocks do not
  // depend on the body.
  const signedWithoutBody = headers['x-amz-content-sha256'] !== undefined || /(^|&)X-Amz-Credential=/i.test(query);
  const found = authenticate(b.opts.world, b.opts.auth ?? OPEN, { method: req.method ?? 'GET', rawPath: path, rawQuery: query, headers, body: Buffer.alloc(0) }, who.accessKeyId, service);
  const problem = found?.kind === 'signature' && !signedWithoutBody ? undefined : found;
  const r = problem !== undefined
    ? credentialError(service, problem, who.accessKeyId ?? '', requestId)
    : precheckS3(b.objects, { method: req.method ?? 'GET', path, query, headers }, pass.call);
  if (r === undefined) return false;
  send(res, { ...r, headers: { ...r.headers, connection: 'close' } });
  b.logs.request({ pass, service, response: r, inBytes: 0, outBytes: responseLength(r), started, userAgent });
  return true;
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

/**
 * Which API a request is for: the SigV4 signing service (header or presigned query); unsigned requests by their
 * shape (an `X-Amz-Target` is DynamoDB, a form post is EC2, anything else S3, as anonymous S3 reads are).
 */
function detect(who: Identity, req: IncomingMessage): ServiceName {
  switch (who.service) {
    case 's3': case 'dynamodb': case 'iam': case 'sts': case 'ec2': case 'elasticloadbalancing': return who.service;
    case undefined: break;
    default: return 'ec2';
  }
  if (req.headers['x-amz-target'] !== undefined) return 'dynamodb';
  if (req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return 'ec2';
  return 's3';
}

/**
 * The refusal of a request from a web page or a rebound DNS name (`local-guard.ts`), as a 403 with a message that
 * says which option allows it; undefined when it may proceed. CORS preflights (OPTIONS) pass: they change nothing
 * and S3 answers them from the bucket's rules.
 */
function guardRefusal(opts: ServerOptions, req: IncomingMessage): string | undefined {
  const g: GuardSettings = { boundHost: opts.host, allowHosts: opts.guard?.allowHosts ?? [], allowOrigins: opts.guard?.allowOrigins ?? [] };
  const host = header(req, 'host');
  if (!hostAllowed(host, g)) {
    return `vpce refuses Host '${host ?? ''}': it answers only to its own address, localhost names and AWS endpoint names (DNS rebinding defence). Start it with --allow-host NAME to accept this name.`;
  }
  const origin = header(req, 'origin');
  if (req.method !== 'OPTIONS' && originForeign(origin, host, g)) {
    return `vpce refuses requests from web pages at ${origin ?? ''} (cross-site request defence). Start it with --allow-origin ${origin ?? 'ORIGIN'} to let that page call the API.`;
  }
  return undefined;
}

function route(b: Backends, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const { opts } = b;
  const refused = guardRefusal(opts, req);
  if (refused !== undefined) {
    sendJson(res, 403, JSON.stringify({ message: refused }));
    return;
  }
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const who = identify(header(req, 'authorization'), opts.defaultAccount, 'us-east-1', query);
  if (path.startsWith('/_vpce/')) {
    if (path === '/_vpce/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      sendJson(res, 200, JSON.stringify({
        status: 'ok', version: opts.version, uptimeSeconds: (Date.now() - b.startedAt) / 1000,
        state: opts.world.store.location, resources: opts.world.size,
      }));
      return;
    }
    if (isConsolePath(path)) {
      send(res, handleConsole(req.method ?? 'GET', path, query, flatHeaders(req), opts.defaultAccount));
      return;
    }
    if (path === '/_vpce/explain' && req.method === 'POST') {
      const r = handleExplain(opts.world, who, body.toString('utf8'), {
        bucket: (name) => b.objects.getBucket(name),
        tablePolicy: (account, region, name) => b.items.getTable(`${account}/${region}`, name)?.policy,
      });
      sendJson(res, r.status, r.body);
      return;
    }
    if (path === '/_vpce/exec-credentials' && req.method === 'POST') {
      const r = handleExecCredentials(opts.world, who, body.toString('utf8'));
      sendJson(res, r.status, r.body);
      return;
    }
  }
  const service = detect(who, req);
  const requestId = randomUUID();
  const started = Date.now();
  const remote = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const pass = b.gate.pass(who, service, req.headers.host ?? '', path, requestId, remote);
  const userAgent = header(req, 'user-agent');
  if (!pass.reachable) {
    // AWS: an instance without a path to the service never reaches it: the connection fails. Reset it now
    // (no response at all) so the client sees ECONNRESET at once instead of waiting for a timeout.
    b.logs.request({ pass, service, inBytes: body.length, outBytes: 0, started, userAgent });
    req.socket.resetAndDestroy();
    return;
  }
  const headers = flatHeaders(req);
  const problem = authenticate(opts.world, opts.auth ?? OPEN, { method: req.method ?? 'GET', rawPath: path, rawQuery: query, headers, body }, who.accessKeyId, service);
  if (problem !== undefined) {
    const r = credentialError(service, problem, who.accessKeyId ?? '', requestId);
    send(res, r);
    b.logs.request({ pass, service, response: r, inBytes: body.length, outBytes: responseLength(r), started, userAgent });
    return;
  }
  if (service === 'ec2' || service === 'elasticloadbalancing') {
    const text = body.toString('utf8');
    const r = service === 'elasticloadbalancing'
      ? handleElbv2(opts.world, pass.identity, text, query, requestId, pass.call)
      : handleEc2(opts.world, pass.identity, text, query, requestId, pass.call);
    res.writeHead(r.status, {
      'content-type': 'text/xml;charset=UTF-8',
      'x-amzn-requestid': requestId,
      'server': service === 'elasticloadbalancing' ? 'AmazonELB' : 'AmazonEC2',
      'content-length': Buffer.byteLength(r.body),
    }).end(r.body);
    b.logs.request({ pass, service, response: { operation: r.operation, errorCode: r.errorCode, status: r.status }, inBytes: body.length, outBytes: Buffer.byteLength(r.body), started, userAgent });
    return;
  }
  const raw: RawRequest = { method: req.method ?? 'GET', path, query, headers, body };
  let answer: RawResponse | Promise<RawResponse>;
  try {
    answer = dispatch(b, service, raw, pass);
  } catch (e) {
    answer = Promise.reject(e);
  }
  Promise.resolve(answer).then((r) => {
    send(res, r);
    b.logs.request({ pass, service, response: r, inBytes: body.length, outBytes: responseLength(r), started, userAgent });
  }).catch((e: unknown) => {
    // A handler that threw, or a response Node refused to write: log it, answer 500 if nothing went out yet.
    console.error(`vpce: ${service} request failed:`, e);
    if (!res.headersSent) res.writeHead(500, { 'content-length': '0' }).end();
    else res.destroy();
  });
}

function dispatch(b: Backends, service: ServiceName, raw: RawRequest, pass: GateResult & { reachable: true }): RawResponse | Promise<RawResponse> {
  switch (service) {
    case 's3': return handleS3(b.objects, raw, pass.call);
    case 'dynamodb': return handleDynamoDb(b.items, raw, pass.call);
    case 'iam': return handleIam(b.opts.world, raw, pass.call);
    case 'sts': return handleSts(b.opts.world, raw, pass.call);
    case 'ec2': case 'elasticloadbalancing': throw new Error(`${service} is served by the Query path`);
  }
}

/**
 * The response headers with content-length last. Node (20) re-encodes a content-disposition header that follows
 * content-length and then refuses any non-ASCII value in it; written before content-length, a Latin-1 value (which
 * S3 sends for `response-content-disposition=...café...`) goes out as its Latin-1 bytes.
 */
function headersFor(r: RawResponse): Record<string, string> {
  const { 'content-length': length, ...rest } = r.headers;
  const body = r.body;
  const computed = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Readable ? undefined : body.length;
  const size = length ?? (computed === undefined ? undefined : String(computed));
  return size === undefined ? rest : { ...rest, 'content-length': size };
}

function send(res: ServerResponse, r: RawResponse): void {
  const body = r.body;
  if (body instanceof Readable) {
    res.writeHead(r.status, headersFor(r));
    // pipeline closes the file stream when the client goes away mid-body (pipe would leave its descriptor open).
    pipeline(body, res, (e) => { if (e && e.code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error('vpce: response stream failed:', e); });
    return;
  }
  res.writeHead(r.status, headersFor(r));
  // AWS: HEAD answers carry the GET's headers (content-length included) and no body.
  res.end(body === undefined ? undefined : body);
}

function responseLength(r: RawResponse): number {
  const declared = Number(r.headers['content-length']);
  if (Number.isFinite(declared)) return declared;
  return r.body === undefined || r.body instanceof Readable ? 0 : typeof r.body === 'string' ? Buffer.byteLength(r.body) : r.body.length;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
