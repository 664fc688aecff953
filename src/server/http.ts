/**
 * @module The HTTP server: the whole request order in one place.
 * detect (health route, then the signing service) -> identity -> protocol endpoint -> response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { World } from '../model/world.js';
import { handleEc2 } from './ec2-endpoint.js';
import { handleElbv2 } from './elbv2-endpoint.js';
import { handleExplain } from './explain-endpoint.js';
import { identify } from './identity.js';

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly world: World;
  readonly defaultAccount: string;
  readonly version: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/** Largest request body accepted (EC2 caps requests far lower; this only bounds memory). */
const MAX_BODY = 16 * 1024 * 1024;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const startedAt = Date.now();
  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    readBody(req).then(
      (body) => route(opts, startedAt, req, res, body),
      () => { res.writeHead(413).end(); },
    ).catch((e: unknown) => {
      console.error('vpce: request failed:', e);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host}:${port}`,
    port,
    server,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new Error('body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function route(opts: ServerOptions, startedAt: number, req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  if (path === '/_vpce/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    const payload = JSON.stringify({
      status: 'ok', version: opts.version, uptimeSeconds: (Date.now() - startedAt) / 1000,
      state: opts.world.store.location, resources: opts.world.size,
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }).end(payload);
    return;
  }
  const who = identify(header(req, 'authorization'), opts.defaultAccount);
  if (path === '/_vpce/explain' && req.method === 'POST') {
    const r = handleExplain(opts.world, who, body);
    res.writeHead(r.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(r.body) }).end(r.body);
    return;
  }
  const requestId = randomUUID();
  // Every client signs EC2 calls with service `ec2`; unsigned form posts with an Action are EC2 too.
  // ELBv2 clients sign with service `elasticloadbalancing` and speak plain Query.
  const elbv2 = who.service === 'elasticloadbalancing';
  const r = elbv2 ? handleElbv2(opts.world, who, body, query, requestId) : handleEc2(opts.world, who, body, query, requestId);
  res.writeHead(r.status, {
    'content-type': 'text/xml;charset=UTF-8',
    'x-amzn-requestid': requestId,
    'server': elbv2 ? 'AmazonELB' : 'AmazonEC2',
    'content-length': Buffer.byteLength(r.body),
  }).end(r.body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
