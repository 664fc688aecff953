/**
 * @module `GET /_vpce/logs` over HTTP: signed calls only, the caller's account only, its filters (VPC, interface,
 * instance, action, decision), its limit and maximum, refusals for bad parameters, a cursor that returns only what
 * was written after it, and reading across rotated files; in memory mode and with a state directory.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateVpcCommand, DescribeVpcsCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { memoryStore } from '../../src/persistence/memory-store.js';
import { World } from '../../src/model/world.js';
import { systemClock } from '../../src/shared/clock.js';
import { randomIdGen } from '../../src/shared/ids.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import { signedHeaders } from '../../src/server/sign-request.js';
import { LOGS_MAX_LIMIT } from '../../src/server/logs-endpoint.js';
import { iamUserWith, startHarness, type Harness, type Who } from './harness.js';
import { execCredentials, gatewayEndpoint, serviceWorld, type ServiceWorld } from './service-world.js';

const A = '717171717171';
const B = '828282828282';

interface LogsAnswer { kind: string; records: Record<string, unknown>[]; cursor: string; more: boolean }

async function get(url: string, query: string, who: Who | undefined): Promise<{ status: number; body: Record<string, unknown> }> {
  const full = `${url}/_vpce/logs?${query}`;
  const creds = typeof who === 'string' ? { accessKeyId: who, secretAccessKey: 'test' } : who;
  const headers = creds === undefined ? {} : signedHeaders('GET', full, '', creds, 'us-east-1', 'sts');
  const res = await fetch(full, { headers });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}

async function logs(url: string, query: string, account = A): Promise<LogsAnswer> {
  const r = await get(url, query, account);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as unknown as LogsAnswer;
}

for (const mode of ['state directory', 'memory'] as const) {
  describe(`GET /_vpce/logs (${mode})`, () => {
    let h: Harness;
    let dir: string | null = null;
    let w: ServiceWorld;
    let instanceEni: string;

    before(async () => {
      dir = mode === 'memory' ? null : mkdtempSync(join(tmpdir(), 'vpce-logs-endpoint-'));
      h = await startHarness(memoryStore(), dir);
      const ec2 = h.ec2(A);
      w = await serviceWorld(ec2, 71);
      await gatewayEndpoint(ec2, w.vpcId, 'us-east-1', 's3', [w.isolatedRt]);
      const s3 = h.s3(A);
      await s3.send(new CreateBucketCommand({ Bucket: 'logs-endpoint-b' }));
      await s3.send(new PutObjectCommand({ Bucket: 'logs-endpoint-b', Key: 'k', Body: 'v' }));
      // A request from the isolated instance through the gateway endpoint, as `vpce exec` makes it.
      const fromInstance = h.s3(await execCredentials(h.url, w.isolatedInstance, `arn:aws:iam::${A}:root`));
      await (await fromInstance.send(new GetObjectCommand({ Bucket: 'logs-endpoint-b', Key: 'k' }))).Body!.transformToString();
      await h.ec2(B).send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
      const inst = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [w.isolatedInstance] }))).Reservations![0]!.Instances![0]!;
      instanceEni = inst.NetworkInterfaces![0]!.NetworkInterfaceId!;
    });
    after(async () => {
      await h?.close();
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
    });

    it('refuses a call without credentials (even in open mode: the API log names callers and key ids)', async () => {
      const r = await get(h.url, 'kind=api', undefined);
      assert.equal(r.status, 403);
      assert.equal(r.body['error'], 'MissingAuthenticationToken');
    });

    it('an IAM user needs cloudtrail:LookupEvents for API events and logs:FilterLogEvents for flow records', async () => {
      const user = await iamUserWith(h, A, `reader-${mode.length}`, [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }]);
      assert.equal((await get(h.url, 'kind=api&action=GetObject', user)).status, 200);
      const refused = await get(h.url, 'kind=flow', user);
      assert.equal(refused.status, 403);
      assert.equal(refused.body['error'], 'AccessDenied');
      assert.match(String(refused.body['message']), new RegExp(`^User: arn:aws:iam::${A}:user/reader-\\d+ is not authorized to perform: logs:FilterLogEvents on resource: \\*$`));
    });

    it('flow: the instance request through the gateway endpoint is an ACCEPT record at its interface, found by instance, interface, VPC and decision', async () => {
      const byInstance = await logs(h.url, `kind=flow&instance=${w.isolatedInstance}`);
      assert.ok(byInstance.records.length >= 2, 'the request and its reply');
      for (const r of byInstance.records) {
        assert.equal(r['interfaceId'], instanceEni);
        assert.equal(r['accountId'], A);
        assert.equal(r['vpcId'], w.vpcId);
      }
      assert.ok(byInstance.records.some((r) => r['action'] === 'ACCEPT' && r['dstPort'] === 443));
      assert.equal((await logs(h.url, `kind=flow&interface=${instanceEni}`)).records.length, byInstance.records.length);
      assert.ok((await logs(h.url, `kind=flow&vpc=${w.vpcId}&decision=ACCEPT`)).records.length >= 2);
      assert.equal((await logs(h.url, `kind=flow&instance=${w.isolatedInstance}&decision=REJECT`)).records.length, 0);
      // The Region of the record's VPC.
      assert.equal((await logs(h.url, `kind=flow&instance=${w.isolatedInstance}&region=us-east-1`)).records.length, byInstance.records.length);
      assert.equal((await logs(h.url, `kind=flow&instance=${w.isolatedInstance}&region=eu-west-1`)).records.length, 0);
      // Another account sees none of A's flow records.
      assert.equal((await logs(h.url, `kind=flow&vpc=${w.vpcId}`, B)).records.length, 0);
    });

    it('api: events of the caller\'s account only, filtered by action, instance and decision', async () => {
      const got = await logs(h.url, 'kind=api&action=GetObject');
      assert.equal(got.records.length, 1);
      assert.equal(got.records[0]!['vpceSource'], w.isolatedInstance);
      // The credentials minted for the instance (as `vpce exec` gets them) and its request.
      assert.deepEqual((await logs(h.url, `kind=api&instance=${w.isolatedInstance}&decision=allowed`)).records.map((e) => e['eventName']), ['ExecCredentials', 'GetObject']);
      assert.equal((await logs(h.url, `kind=api&vpc=${w.vpcId}&action=GetObject`)).records.length, 1);
      assert.equal((await logs(h.url, 'kind=api&action=GetObject&decision=denied')).records.length, 0);
      const b = await logs(h.url, 'kind=api', B);
      assert.deepEqual(b.records.map((e) => e['eventName']), ['CreateVpc']);
    });

    it('limit: the newest N, oldest first; more than the maximum is refused', async () => {
      const all = await logs(h.url, `kind=api&limit=${LOGS_MAX_LIMIT}`);
      assert.ok(all.records.length > 3);
      const two = await logs(h.url, 'kind=api&limit=2');
      assert.deepEqual(two.records.map((e) => e['eventID']), all.records.slice(-2).map((e) => e['eventID']));
      for (const bad of [`limit=${LOGS_MAX_LIMIT + 1}`, 'limit=0', 'limit=1.5', 'limit=']) {
        const r = await get(h.url, `kind=api&${bad}`, A);
        assert.equal(r.status, 400, bad);
        assert.equal(r.body['error'], 'BadRequest');
        assert.match(String(r.body['message']), new RegExp(`^limit must be an integer from 1 to ${LOGS_MAX_LIMIT}`));
      }
    });

    it('refuses a missing kind, an unknown parameter, a filter that does not apply, a bad decision or id, and a forged cursor', async () => {
      const cases: [string, RegExp][] = [
        ['', /^kind must be 'flow' or 'api'/],
        ['kind=api&colour=red', /^unknown parameter 'colour'/],
        ['kind=flow&action=GetObject', /^action filters API events/],
        ['kind=flow&decision=allowed', /^decision for kind=flow must be ACCEPT or REJECT/],
        ['kind=api&decision=ACCEPT', /^decision for kind=api must be allowed or denied/],
        ['kind=api&vpc=subnet-1', /^vpc must be an id like vpc-0123456789abcdef0, got "subnet-1"$/],
        ['kind=flow&instance=vpc-1', /^instance must be an id like i-0123456789abcdef0/],
        ['kind=api&kind=flow', /^parameter 'kind' is given more than once$/],
        ['kind=api&cursor=zzz', /^cursor is not one this endpoint gave/],
      ];
      for (const [q, message] of cases) {
        const r = await get(h.url, q, A);
        assert.equal(r.status, 400, q);
        assert.match(String(r.body['message']), message, q);
      }
    });

    it('cursor: the next call answers only what was written after it, and paging with a small limit says more', async () => {
      const first = await logs(h.url, 'kind=api&region=us-east-1');
      const empty = await logs(h.url, `kind=api&region=us-east-1&cursor=${first.cursor}`);
      assert.deepEqual(empty.records, []);
      assert.equal(empty.more, false);
      const ec2 = h.ec2(A);
      for (let i = 0; i < 3; i++) await ec2.send(new DescribeVpcsCommand({}));
      const page1 = await logs(h.url, `kind=api&region=us-east-1&limit=2&cursor=${empty.cursor}`);
      assert.deepEqual(page1.records.map((e) => e['eventName']), ['DescribeVpcs', 'DescribeVpcs']);
      assert.equal(page1.more, true);
      const page2 = await logs(h.url, `kind=api&region=us-east-1&limit=2&cursor=${page1.cursor}`);
      assert.deepEqual(page2.records.map((e) => e['eventName']), ['DescribeVpcs']);
      assert.equal(page2.more, false);
      // A cursor of the other mode (memory line numbers vs file offsets) is refused.
      const other = mode === 'memory' ? 'f' : 'm1';
      assert.equal((await get(h.url, `kind=api&cursor=${other}`, A)).status, 400);
    });
  });
}

describe('GET /_vpce/logs across rotated files', () => {
  let server: RunningServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpce-logs-rotated-'));
    const world = new World(memoryStore(), randomIdGen, systemClock);
    server = await startServer({ host: '127.0.0.1', port: 0, world, defaultAccount: '000000000000', version: 'test', dataDir: dir, logRotation: { maxBytes: 3000, keep: 3 } });
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the newest records across api.jsonl and its generations, and a cursor follows a rotation', async () => {
    const sign = (q: string): Record<string, string> => signedHeaders('GET', `${server.url}/_vpce/logs?${q}`, '', { accessKeyId: A, secretAccessKey: 'test' }, 'us-east-1', 'sts');
    const call = async (q: string): Promise<LogsAnswer> => (await (await fetch(`${server.url}/_vpce/logs?${q}`, { headers: sign(q) })).json()) as LogsAnswer;
    const describeVpcs = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        const body = 'Action=DescribeVpcs&Version=2016-11-15';
        const headers = signedHeaders('POST', `${server.url}/`, body, { accessKeyId: A, secretAccessKey: 'test' }, 'us-east-1', 'ec2', { 'content-type': 'application/x-www-form-urlencoded' });
        assert.equal((await fetch(`${server.url}/`, { method: 'POST', headers, body })).status, 200);
      }
      // Lines reach the files after the logs' flush interval; the endpoint flushes before it reads.
    };
    await describeVpcs(12);
    const start = await call('kind=api&limit=1000');
    assert.equal(start.records.length, 12);
    const rotated = readdirSync(join(dir, 'logs')).filter((f) => /^api\.jsonl\.\d$/.test(f));
    assert.ok(rotated.length >= 1, `rotated: ${readdirSync(join(dir, 'logs')).join(', ')}`);
    const times = start.records.map((e) => String(e['eventTime']));
    assert.deepEqual(times, [...times].sort(), 'oldest first');
    // Enough new events to rotate again: the cursor neither repeats nor misses one.
    await describeVpcs(8);
    const next = await call(`kind=api&limit=1000&cursor=${start.cursor}`);
    assert.equal(next.records.length, 8);
    const ids = new Set(start.records.map((e) => e['eventID']));
    assert.ok(next.records.every((e) => !ids.has(e['eventID'])));
  });
});

describe('GET /_vpce/logs reading backwards', () => {
  it('finds the newest records past a line longer than its first read, and a filter matching none says more only when cut short', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-logs-long-'));
    mkdirSync(join(dir, 'logs', 'flow'), { recursive: true });
    const event = (i: number, pad = 0): string => JSON.stringify({
      userIdentity: { type: 'Root', arn: `arn:aws:iam::${A}:root`, accountId: A }, eventName: 'DescribeVpcs', awsRegion: 'us-east-1',
      eventID: `e${i}`, recipientAccountId: A, userAgent: 'x'.repeat(pad),
    });
    // An event of 300 KB (a long trace) between ordinary ones.
    writeFileSync(join(dir, 'logs', 'api.jsonl'), `${[event(0), event(1, 300_000), event(2), event(3)].join('\n')}\n`);
    const world = new World(memoryStore(), randomIdGen, systemClock);
    const server = await startServer({ host: '127.0.0.1', port: 0, world, defaultAccount: '000000000000', version: 'test', dataDir: dir });
    try {
      const all = await logs(server.url, 'kind=api');
      assert.deepEqual(all.records.map((e) => e['eventID']), ['e0', 'e1', 'e2', 'e3']);
      const none = await logs(server.url, 'kind=api&action=CreateVpc');
      assert.deepEqual(none.records, []);
      assert.equal(none.more, false, 'the whole file fits the read budget');
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
