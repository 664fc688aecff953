/** @module Benchmark helpers: a keep-alive HTTP client, sequential and concurrent runs, percentiles, printing. */
import { connect, type Socket } from 'node:net';

const AUTH = 'AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00';

/**
 * A minimal HTTP/1.1 keep-alive client on raw sockets: one request in flight per connection, responses framed
 * by Content-Length. Node's http client costs more CPU per call than the emulator does to answer, so with it
 * the figures would measure the client; this one measures the server.
 */
class RawConnection {
  private readonly socket: Socket;
  /** Received bytes not yet consumed, as chunks (joined once per response: large bodies stay linear). */
  private chunks: Buffer[] = [];
  private received = 0;
  /** The current response's header end and body length, once its head has arrived. */
  private frame: { readonly headEnd: number; readonly length: number; readonly status: number } | undefined;
  private pending: ((r: { status: number; body: Buffer }) => void) | undefined;
  private failed: ((e: Error) => void) | undefined;

  constructor(host: string, port: number) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (d: Buffer) => { this.chunks.push(d); this.received += d.length; this.drain(); });
    this.socket.on('error', (e) => this.failed?.(e));
  }

  send(raw: string | Buffer): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => { this.pending = resolve; this.failed = reject; this.socket.write(raw); });
  }

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private drain(): void {
    if (!this.frame) {
      const buf = this.joined();
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      this.frame = { headEnd: end + 4, length: Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0), status: Number(head.slice(9, 12)) };
    }
    const { headEnd, length, status } = this.frame;
    if (this.received < headEnd + length) return;
    const buf = this.joined();
    const body = buf.subarray(headEnd, headEnd + length);
    const rest = buf.subarray(headEnd + length);
    this.chunks = rest.length ? [rest] : [];
    this.received = rest.length;
    this.frame = undefined;
    const resolve = this.pending;
    this.pending = undefined;
    resolve?.({ status, body });
  }

  close(): void { this.socket.destroy(); }
}

const pool = new Map<string, RawConnection[]>();

/** Send one request on a pooled keep-alive connection; resolves with the status and the raw body. */
export async function request(url: string, method: string, path: string, headers: Readonly<Record<string, string>>, body = ''): Promise<{ status: number; body: Buffer }> {
  const { hostname, port } = new URL(url);
  const free = pool.get(url) ?? [];
  pool.set(url, free);
  const conn = free.pop() ?? new RawConnection(hostname, Number(port));
  let head = `${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  const raw = `${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  try {
    return await conn.send(raw);
  } finally {
    free.push(conn);
  }
}

/** POST a form body (EC2 Query) on a pooled keep-alive connection; resolves with status and text. */
export async function post(url: string, body: string, authorization = AUTH): Promise<{ status: number; text: string }> {
  const r = await request(url, 'POST', '/', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: authorization }, body);
  return { status: r.status, text: r.body.toString('utf8') };
}

/** Close pooled connections (end of a benchmark). */
export function closeConnections(): void {
  for (const conns of pool.values()) for (const c of conns) c.close();
  pool.clear();
}

export interface RunStats { readonly count: number; readonly seconds: number; readonly perSecond: number; readonly p50: number; readonly p99: number }

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Run `op(i)` `count` times with `concurrency` in flight; every call must succeed. */
export async function measure(count: number, concurrency: number, op: (i: number) => Promise<void>): Promise<RunStats> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      await op(i);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { count, seconds, perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Fail loudly if a benchmark call did not succeed: figures from failing calls mean nothing. */
export async function expectOk(url: string, body: string): Promise<string> {
  const r = await post(url, body);
  if (r.status !== 200) throw new Error(`benchmark call failed (${r.status}): ${body}\n${r.text}`);
  return r.text;
}

/** Print one figure line, with its ratio to a target when there is one. */
export function report(label: string, value: string, target?: { ok: boolean; text: string }): void {
  const verdict = target ? `  [target ${target.text}: ${target.ok ? 'met' : 'MISSED'}]` : '';
  console.log(`  ${label.padEnd(58)} ${value}${verdict}`);
}

export function fmtStats(s: RunStats): string {
  return `${Math.round(s.perSecond).toLocaleString('en-US')}/s  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms`;
}
