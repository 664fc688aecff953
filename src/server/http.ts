/**
 * @module The HTTP server: the whole request order in one place.
 * detect (vpce routes, then the signing service) -> identity -> network gate (data plane) -> protocol endpoint
 * -> response -> logs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, randomUUID, type Hash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { pipeline, Readable } from 'node:stream';
import type { World } from '../model/world.js';
import { openItemStore, type ItemStore } from '../persistence/item-store.js';
import { openObjectStore, type ObjectStore } from '../persistence/object-store.js';
import { authenticate, authenticateChunks, chunkSigningOf, type AuthSettings } from './authenticate.js';
import { credentialError } from './credential-errors.js';
import type { SignedRequest } from './signature.js';
import { hostAllowed, originForeign, type GuardSettings } from './local-guard.js';
import { handleDynamoDb } from './dynamodb-endpoint.js';
import { sweepExpiredItems } from '../services/dynamodb/index.js';
import { handleEc2 } from './ec2-endpoint.js';
import { handleElbv2 } from './elbv2-endpoint.js';
import { handleExecCredentials } from './exec-endpoint.js';
import { handleExplainCall } from './explain-endpoint.js';
import { handleConsole, isConsolePath } from './console-endpoint.js';
import { CHECK_PATH, handleCheck, notEc2Check } from './check-endpoint.js';
import { handleLogsCall } from './logs-endpoint.js';
import { handleLintCall, serverFlowLogs } from './lint-endpoint.js';
import { Gate, type GateResult, type ServiceName } from './gate.js';
import { handleIam } from './iam-endpoint.js';
import { identify, type Identity } from './identity.js';
import { openLogs, type LogRotation, type Logs } from './logs.js';
import type { RawRequest, RawResponse } from './raw-http.js';
import { handleS3 } from './s3-endpoint.js';
import { precheckS3 } from './s3-precheck.js';
import { isStreamedUpload, namedAlgorithms, receiveUpload, UploadTooLarge, type StagedUpload } from './s3-upload-stream.js';
import { bodyLimit, BUFFERED_BUDGET, busy, formParameterCount, MAX_QUERY_PARAMETERS, QUERY_MAX, tooLarge, tooManyParameters } from './request-limits.js';
import { isChecksumAlgorithm } from '../services/s3/checksums.js';
import { handleSts } from './sts-endpoint.js';
import { fallbackError } from './fallback-error.js';
import { reportInternal } from './fault-report.js';
import { storageFaultOf } from '../persistence/storage-faults.js';
import { mustWaitTurn, nextTurn } from '../shared/slices.js';

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
  /** Stores opened by the caller instead of under dataDir (tests wrap them to inject storage faults). */
  readonly stores?: { readonly objects: ObjectStore; readonly items: ItemStore };
  /** When api.jsonl and the flow logs rotate (default: 64 MiB, 3 older files kept). */
  readonly logRotation?: LogRotation;
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
  const logs = openLogs(dir, opts.logRotation);
  const b: Backends = {
    opts, startedAt: Date.now(), objects: opts.stores?.objects ?? openObjectStore(dir), items: opts.stores?.items ?? openItemStore(dir), gate: new Gate(opts.world, opts.defaultAccount), logs,
  };
  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    receiveBody(b, req).then(
      async (got) => {
        if ('refused' in got) { refuseBody(req, res, got.refused); return; }
        // An API request waits its turn when the thread is busy (shared/slices.ts): one request or one slice of a long
        // one per turn of the event loop, so vpce's own endpoints (the health check) are answered between them.
        if (!(req.url ?? '').startsWith('/_vpce/') && mustWaitTurn()) await nextTurn();
        try {
          route(b, req, res, got.body, got.staged?.rawSha256 ?? got.bodySha256, got.staged, got.plan);
        } finally {
          // The handler ran synchronously: a staged upload it did not store is removed now.
          got.staged?.discard();
          got.release();
        }
      },
      (e: unknown) => {
        if (res.headersSent) return;
        // A staged upload the disk refused (full, failing) is the service's retryable internal error; anything else
        // is a body the client did not finish sending.
        if (storageFaultOf(e) !== undefined) {
          const service = bodyPlan(b, req).service;
          reportInternal(service, e, 'upload');
          const f = fallbackError(service, randomUUID());
          res.writeHead(f.status, { ...f.headers, 'content-length': Buffer.byteLength(f.body), connection: 'close' }).end(f.body);
          return;
        }
        res.writeHead(400, { connection: 'close' }).end();
      },
    ).catch((e: unknown) => {
      console.error('vpce: request failed:', e);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // AWS: a request sent with `Expect: 100-continue` that S3 would refuse is answered with the final status before
  // its body is sent; otherwise 100 Continue, then the request as usual.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (refuseBeforeBody(b, req, res)) return;
    // A body larger than the API accepts is refused instead of being invited.
    const tooBig = bodyPlan(b, req).refused;
    if (tooBig !== undefined) { refuseBody(req, res, tooBig); return; }
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

/** What a request's headers say about its body: which service, whether it streams, its limit, a refusal. */
function bodyPlan(b: Backends, req: IncomingMessage) {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const vpce = path.startsWith('/_vpce/');
  const who = identify(header(req, 'authorization'), b.opts.defaultAccount, 'us-east-1', query);
  const service = detect(who, req);
  const headers = flatHeaders(req);
  const upload = !vpce && service === 's3' && isStreamedUpload(req.method ?? 'GET', path, query, headers);
  const limit = vpce ? QUERY_MAX : bodyLimit(service, upload);
  const declared = Number(headers['content-length'] ?? '0');
  const decoded = upload && headers['x-amz-decoded-content-length'] !== undefined ? Number(headers['x-amz-decoded-content-length']) : declared;
  // AWS: a body that declares more than the API accepts is refused before it is read. (A request id is drawn only
  // for a refusal: the request's own is drawn when it is routed.)
  const refused = decoded > limit ? tooLarge(service, upload, decoded, limit, randomUUID()) : undefined;
  return { path, query, service, headers, upload, limit, declared, refused, who };
}

/** What `bodyPlan` read from a request's head, kept so routing does not read it again. */
type BodyPlan = ReturnType<typeof bodyPlan>;

/** A request body as received: bytes (small, counted against the shared budget until released), or a refusal. */
type Received =
  | { readonly body: Buffer; readonly bodySha256?: string; readonly staged?: StagedUpload; readonly plan: BodyPlan; release(): void }
  | { readonly refused: RawResponse };

/** Bytes of buffered bodies currently held (see BUFFERED_BUDGET). */
let buffered = 0;

/**
 * Read a request's body within its service's limit (`request-limits.ts`): an S3 upload (PutObject, UploadPart)
 * streams to a staged file with its digests; anything else is buffered, refused from Content-Length before a byte
 * is read when it declares too much, and refused as soon as it passes the limit otherwise.
 */
async function receiveBody(b: Backends, req: IncomingMessage): Promise<Received> {
  const plan = bodyPlan(b, req);
  const { path, query, service, headers, upload, limit, declared, refused, who } = plan;
  if (refused !== undefined) return { refused };
  if (upload) {
    const algorithms = namedAlgorithms(headers);
    // UploadPart: the upload's own algorithm is computed on every part (see multipart-checksums.ts).
    const uploadId = new URLSearchParams(query).get('uploadId');
    const own = uploadId === null ? undefined : b.objects.getUpload(uploadId)?.checksumAlgorithm;
    if (own !== undefined && isChecksumAlgorithm(own) && !algorithms.includes(own)) algorithms.push(own);
    try {
      // The request is not destroyed when reading stops early, so a refusal can still be answered on it.
      const chunks = chunkSigningOf(b.opts.world, b.opts.auth ?? OPEN, { method: req.method ?? 'PUT', rawPath: path, rawQuery: query, headers }, who.accessKeyId);
      const staged = await receiveUpload(req.iterator({ destroyOnReturn: false }), headers, b.objects.stage(), algorithms, limit, chunks);
      return { body: Buffer.alloc(0), staged, plan, release: () => undefined };
    } catch (e) {
      if (e instanceof UploadTooLarge) return { refused: tooLarge(service, true, e.size, e.limit, randomUUID()) };
      throw e;
    }
  }
  // The declared length is reserved up front, so requests still sending their bodies count against the budget.
  if (declared > 0 && buffered + declared > BUFFERED_BUDGET) return { refused: busy(service, randomUUID()) };
  let held = Math.max(0, declared);
  buffered += held;
  const release = (): void => { buffered -= held; held = 0; };
  const got = await readBuffered(req, limit, declared, (size) => {
    if (size <= held) return true;
    buffered += size - held;
    held = size;
    return buffered <= BUFFERED_BUDGET;
  }).catch((e: unknown) => { release(); throw e; });
  if (typeof got === 'number') { release(); return { refused: got > limit ? tooLarge(service, false, got, limit, randomUUID()) : busy(service, randomUUID()) }; }
  const body = got.body;
  if (service === 'ec2' || service === 'elasticloadbalancing' || service === 'iam' || service === 'sts') {
    const count = formParameterCount(body) + (query === '' ? 0 : formParameterCount(Buffer.from(query)));
    if (count > MAX_QUERY_PARAMETERS) { release(); return { refused: tooManyParameters(service, count, randomUUID()) }; }
  }
  return got.sha256 === undefined ? { body, plan, release } : { body, bodySha256: got.sha256, plan, release };
}

const EMPTY = Buffer.alloc(0);

/**
 * Bodies growing past this are hashed (SHA-256) chunk by chunk as they arrive rather than in one go once read, and
 * one that declares at least this length is written into one shared buffer as it arrives rather than joined at the
 * end: on this kind of machine, first touching 16 MB of fresh memory (a join, or a copy for the JSON worker) holds
 * the thread for ~40 ms, and hashing it as long again; a chunk's share is spread over the turns that receive it.
 */
const LARGE_BODY_BYTES = 256 * 1024;

/**
 * A buffered body read with stream events rather than an async iterator (a small request pays for none of the
 * iterator's promises): the bytes, or the size at which it passed `limit` or `admit` refused it. Reading stops
 * there without destroying the request, so the refusal can still be answered on it. A large body also comes with
 * its SHA-256 (hex), which a SigV4 signature covers, and one of a declared large length sits in a SharedArrayBuffer
 * (which a worker reads without a copy: json-off-thread.ts).
 */
function readBuffered(req: IncomingMessage, limit: number, declared: number, admit: (size: number) => boolean): Promise<{ body: Buffer; sha256?: string } | number> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Node's parser delivers exactly the declared Content-Length (a body cut short ends in 'aborted', never 'end'),
    // so a shared buffer of that length is filled whole; a length over the limit is refused before reading.
    const shared = declared >= LARGE_BODY_BYTES && declared <= limit ? Buffer.from(new SharedArrayBuffer(declared)) : undefined;
    let size = 0;
    let hash: Hash | undefined;
    const done = (): void => { req.off('data', onData); req.off('end', onEnd); req.off('error', onError); req.off('aborted', onAborted); req.off('close', onAborted); };
    const onData = (c: Buffer): void => {
      const at = size;
      size += c.length;
      if (size > limit || !admit(size)) { done(); req.pause(); resolve(size); return; }
      if (shared !== undefined) c.copy(shared, at);
      else chunks.push(c);
      if (hash !== undefined) hash.update(c);
      else if (size > LARGE_BODY_BYTES) {
        hash = createHash('sha256');
        if (shared !== undefined) hash.update(shared.subarray(0, size));
        else for (const earlier of chunks) hash.update(earlier);
      }
    };
    const onEnd = (): void => {
      done();
      const body = shared !== undefined ? shared : chunks.length === 1 ? chunks[0]! : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, size);
      resolve(hash === undefined ? { body } : { body, sha256: hash.digest('hex') });
    };
    const onError = (e: Error): void => { done(); reject(e); };
    // A client that goes away mid-body: the same failure the async iterator reported (premature close).
    const onAborted = (): void => { if (req.readableEnded) return; done(); reject(new Error('request aborted before its body was complete')); };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
    req.on('close', onAborted);
  });
}

/**
 * Answer a refused body and close the connection. Whatever of the body is still coming is drained (not kept) for a
 * moment so the client reads the answer rather than a reset, then the connection is dropped.
 */
function refuseBody(req: IncomingMessage, res: ServerResponse, r: RawResponse): void {
  send(res, { ...r, headers: { ...r.headers, connection: 'close' } });
  res.on('finish', () => {
    if (req.complete) return;
    req.resume();
    setTimeout(() => req.destroy(), 2000).unref();
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

function route(b: Backends, req: IncomingMessage, res: ServerResponse, body: Buffer, bodySha256: string | undefined, staged: StagedUpload | undefined, plan: BodyPlan): void {
  const { opts } = b;
  const inBytes = staged?.rawLength ?? body.length;
  const refused = guardRefusal(opts, req);
  if (refused !== undefined) {
    sendJson(res, 403, JSON.stringify({ message: refused }));
    return;
  }
  const { path, query, who } = plan;
  if (path.startsWith('/_vpce/')) {
    if (path === '/_vpce/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      sendJson(res, 200, JSON.stringify({
        status: 'ok', version: opts.version, uptimeSeconds: (Date.now() - b.startedAt) / 1000,
        state: opts.world.store.location, resources: opts.world.size,
      }));
      return;
    }
    if (isConsolePath(path)) {
      send(res, handleConsole(req.method ?? 'GET', path, query, plan.headers, opts.defaultAccount));
      return;
    }
    const signed = { method: req.method ?? 'GET', rawPath: path, rawQuery: query, headers: plan.headers, body };
    if (path === '/_vpce/explain' && req.method === 'POST') {
      const r = handleExplainCall(opts.world, opts.auth ?? OPEN, signed, who, body.toString('utf8'), {
        bucket: (name) => b.objects.getBucket(name),
        tablePolicy: (account, region, name) => b.items.getTable(`${account}/${region}`, name)?.policy,
      });
      sendJson(res, r.status, r.body);
      return;
    }
    if (path === '/_vpce/lint' && req.method === 'GET') {
      const r = handleLintCall(opts.world, opts.auth ?? OPEN, signed, who, b.objects.allBuckets(), () => serverFlowLogs(opts.dataDir ?? null, b.logs));
      sendJson(res, r.status, r.body);
      return;
    }
    if (path === '/_vpce/logs' && req.method === 'GET') {
      const r = handleLogsCall(opts.world, opts.auth ?? OPEN, signed, who, { dataDir: opts.dataDir ?? null, logs: b.logs });
      sendJson(res, r.status, r.body);
      return;
    }
    if (path === '/_vpce/exec-credentials' && req.method === 'POST') {
      const r = handleExecCredentials(opts.world, opts.auth ?? OPEN, signed, who, body.toString('utf8'), (m) => b.logs.minted(m, header(req, 'user-agent')));
      sendJson(res, r.status, r.body);
      return;
    }
  }
  const service = plan.service;
  const requestId = randomUUID();
  const started = Date.now();
  const remote = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const pass = b.gate.pass(who, service, req.headers.host ?? '', path, requestId, remote);
  const userAgent = header(req, 'user-agent');
  if (!pass.reachable) {
    // AWS: an instance without a path to the service never reaches it: the connection fails. Reset it now
    // (no response at all) so the client sees ECONNRESET at once instead of waiting for a timeout.
    b.logs.request({ pass, service, inBytes, outBytes: 0, started, userAgent });
    req.socket.resetAndDestroy();
    return;
  }
  const headers = plan.headers;
  // Two literals rather than a conditional spread, which V8 builds on a slow path (on every request).
  const signed: SignedRequest = bodySha256 !== undefined
    ? { method: req.method ?? 'GET', rawPath: path, rawQuery: query, headers, body, bodySha256 }
    : { method: req.method ?? 'GET', rawPath: path, rawQuery: query, headers, body };
  // A streaming S3 upload's chunks each carry a signature chained from the header's: checked as the body streamed in
  // (`staged.chunkMismatch`), or here for a buffered body; either way before anything is stored.
  const problem = authenticate(opts.world, opts.auth ?? OPEN, signed, who.accessKeyId, service)
    ?? (staged?.chunkMismatch !== undefined ? { kind: 'signature' as const, ...staged.chunkMismatch } : undefined)
    ?? (service === 's3' && staged === undefined ? authenticateChunks(opts.world, opts.auth ?? OPEN, signed, who.accessKeyId) : undefined);
  if (problem !== undefined) {
    const r = credentialError(service, problem, who.accessKeyId ?? '', requestId);
    send(res, r);
    b.logs.request({ pass, service, response: r, inBytes, outBytes: responseLength(r), started, userAgent });
    return;
  }
  if (path === CHECK_PATH && req.method === 'POST') {
    const r = service === 'ec2' ? handleCheck(opts.world, pass.identity, body.toString('utf8'), requestId, pass.call) : notEc2Check(service);
    sendJson(res, r.status, r.body);
    b.logs.request({ pass, service, response: { operation: r.operation, errorCode: r.errorCode, status: r.status }, inBytes, outBytes: Buffer.byteLength(r.body), started, userAgent });
    return;
  }
  if (service === 'ec2' || service === 'elasticloadbalancing') {
    const text = body.toString('utf8');
    const r = service === 'elasticloadbalancing'
      ? handleElbv2(opts.world, pass.identity, text, query, requestId, pass.call)
      : handleEc2(opts.world, pass.identity, text, query, requestId, pass.call);
    const xml = r.body;
    const outBytes = typeof xml === 'string' ? Buffer.byteLength(xml) : byteLengthOf(xml);
    res.writeHead(r.status, {
      'content-type': 'text/xml;charset=UTF-8',
      'x-amzn-requestid': requestId,
      'server': service === 'elasticloadbalancing' ? 'AmazonELB' : 'AmazonEC2',
      'content-length': outBytes,
    });
    if (typeof xml === 'string') res.end(xml);
    else endInPieces(res, xml);
    b.logs.request({ pass, service, response: { operation: r.operation, errorCode: r.errorCode, status: r.status }, inBytes, outBytes, started, userAgent });
    return;
  }
  const raw: RawRequest = { method: req.method ?? 'GET', path, query, headers, body, ...(staged !== undefined ? { staged } : {}) };
  let answer: RawResponse | Promise<RawResponse>;
  try {
    answer = dispatch(b, service, raw, pass);
  } catch (e) {
    answer = Promise.reject(e);
  }
  Promise.resolve(answer).then((r) => {
    send(res, r);
    b.logs.request({ pass, service, response: r, inBytes, outBytes: responseLength(r), started, userAgent });
  }).catch((e: unknown) => {
    // A handler that threw, or a response Node refused to write: log it, answer 500 if nothing went out yet.
    reportInternal(service, e);
    if (!res.headersSent) {
      const f = fallbackError(service, requestId);
      res.writeHead(f.status, { ...f.headers, 'content-length': Buffer.byteLength(f.body) }).end(f.body);
    } else res.destroy();
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

const byteLengthOf = (pieces: readonly Buffer[]): number => pieces.reduce((n, b) => n + b.length, 0);

/** Send a body given as pieces, corked so they leave in one `writev` rather than one write each. */
function endInPieces(res: ServerResponse, pieces: readonly Buffer[]): void {
  const socket = res.socket;
  socket?.cork();
  for (const piece of pieces) res.write(piece);
  res.end();
  socket?.uncork();
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
