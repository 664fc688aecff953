/**
 * @module Versioning benchmark: PutObject 1 KiB into a versioning-enabled bucket (every write keeps a new version)
 * and GetObject of an older version by versionId (and, as a baseline, PutObject into a never-versioned bucket), against `vpce serve` as a child process with a durable state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { serveProcess } from '../test/e2e/process.js';
import { closeConnections, fmtStats, measure, report, request } from './measure.js';

const ACCOUNT = '727272727272';
const REGION = 'us-east-1';
const BUCKET = 'bench-versions';
const SIZE = 1024;
const KEYS = 64;
const TARGET = 3000;
const COUNT = 20_000;
const PLAIN = 'bench-unversioned';

const AUTH = `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20260101/${REGION}/s3/aws4_request, SignedHeaders=host, Signature=00`;

/** Versioned PutObject 1 KiB and GetObject by versionId, 16 in flight; figures and the ratio to the 3,000/s target. */
export async function runVersioning(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpce-bench-versions-'));
  const proc = await serveProcess(dir);
  try {
    const s3 = new S3Client({ endpoint: proc.url, region: REGION, forcePathStyle: true, credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' }, maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new CreateBucketCommand({ Bucket: PLAIN }));
    // Two versions per key; the older one is what GetObject asks for by id.
    const older: { key: string; versionId: string }[] = [];
    for (let i = 0; i < KEYS; i++) {
      const key = `obj-${i}`;
      const r = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.alloc(SIZE, 1) }));
      older.push({ key, versionId: r.VersionId! });
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.alloc(SIZE, 2) }));
    }
    s3.destroy();
    const body = 'v'.repeat(SIZE);
    const put = async (i: number): Promise<void> => {
      const r = await request(proc.url, 'PUT', `/${BUCKET}/put-${i % KEYS}`, { Authorization: AUTH, 'Content-Type': 'application/octet-stream' }, body);
      if (r.status !== 200) throw new Error(`PutObject: HTTP ${r.status} ${r.body.toString('utf8', 0, 300)}`);
    };
    // The same write into a never-versioned bucket: the baseline versioning is compared with.
    const plainPut = async (i: number): Promise<void> => {
      const r = await request(proc.url, 'PUT', `/${PLAIN}/put-${i % KEYS}`, { Authorization: AUTH, 'Content-Type': 'application/octet-stream' }, body);
      if (r.status !== 200) throw new Error(`PutObject: HTTP ${r.status} ${r.body.toString('utf8', 0, 300)}`);
    };
    const get = async (i: number): Promise<void> => {
      const v = older[i % older.length]!;
      const r = await request(proc.url, 'GET', `/${BUCKET}/${v.key}?versionId=${v.versionId}`, { Authorization: AUTH });
      if (r.status !== 200 || r.body.length !== SIZE || r.body[0] !== 1) throw new Error(`GetObject by versionId: HTTP ${r.status} ${r.body.toString('utf8', 0, 300)}`);
    };
    const cases = [
      ['PutObject 1 KiB, versioning enabled', put, true], ['GetObject 1 KiB by versionId', get, true],
      ['PutObject 1 KiB, never-versioned bucket (baseline)', plainPut, false],
    ] as const;
    for (const [label, op, targeted] of cases) {
      await measure(500, 4, op);
      const seq = await measure(COUNT / 4, 1, op);
      const conc = await measure(COUNT, 16, op);
      report(`${label}, sequential`, fmtStats(seq));
      if (targeted) report(`${label}, 16 in flight`, `${fmtStats(conc)}  (${(conc.perSecond / TARGET).toFixed(2)}x target)`, { ok: conc.perSecond >= TARGET, text: '>= 3,000/s' });
      else report(`${label}, 16 in flight`, fmtStats(conc));
    }
  } finally {
    closeConnections();
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
