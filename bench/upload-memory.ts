/**
 * @module Peak memory of the server under concurrent large uploads: starts `vpce serve` (any build, `--cli`) with
 * an on-disk state in a temporary folder, sends N concurrent PutObject of SIZE MiB through the SDK (streamed
 * bodies, aws-chunked with a CRC32 trailer as the SDK sends them), and prints the server's peak RSS (VmHWM).
 *   node dist/bench/upload-memory.js [--cli dist/src/cli/main.js] [--uploads 4] [--mib 256] [--plain]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? fallback : fallback;
}

const cli = resolve(arg('cli', 'dist/src/cli/main.js'));
const uploads = Number(arg('uploads', '4'));
const mib = Number(arg('mib', '256'));
/** `--plain`: no checksum trailer, so the body is sent as is (not aws-chunked), as older SDKs and the CLI send it. */
const plain = process.argv.includes('--plain');
const port = 20000 + Math.floor(Math.random() * 20000);

function kib(field: string, pid: number): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** SIZE MiB of pseudo-random bytes from one reused 1 MiB piece. */
function body(): Readable {
  const piece = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < piece.length; i++) piece[i] = (i * 2654435761) >>> 24;
  let sent = 0;
  return new Readable({ read() { this.push(sent++ < mib ? piece : null); } });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpce-upload-mem-'));
  const server = spawn(process.execPath, [cli, 'serve', '--port', String(port), '--state', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${url}/_vpce/health`)).ok) break; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    const pid = server.pid!;
    const idle = kib('VmRSS', pid);
    const s3 = new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' }, maxAttempts: 1,
      ...(plain ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const } : {}) });
    await s3.send(new CreateBucketCommand({ Bucket: 'mem' }));
    const started = Date.now();
    await Promise.all(Array.from({ length: uploads }, (_, i) =>
      s3.send(new PutObjectCommand({ Bucket: 'mem', Key: `o${i}`, Body: body(), ContentLength: mib * 1024 * 1024 }))));
    const seconds = (Date.now() - started) / 1000;
    console.log(JSON.stringify({ cli, uploads, mib, plain, idleRssMiB: Math.round(idle / 1024), peakRssMiB: Math.round(kib('VmHWM', pid) / 1024), seconds }));
    s3.destroy();
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
