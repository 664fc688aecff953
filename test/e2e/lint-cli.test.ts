/**
 * @module `vpce lint` end to end: states built through the EC2 and S3 APIs on a durable server, linted by the CLI
 * as a child process through `GET /_vpce/lint` (server running) and through `--state` (read-only, server gone),
 * with SARIF checked against the 2.1.0 subset GitHub code scanning reads and exit codes from --fail-on.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand,
  CreateVpcCommand, CreateVpcEndpointCommand, DescribeRouteTablesCommand, RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { sqliteStore } from '../../src/persistence/sqlite-store.js';
import type { StateStore } from '../../src/persistence/state-store.js';
import { RULES } from '../../src/lint/registry.js';
import { checkSarif } from '../fixtures/sarif-subset.js';
import { startHarness, type Harness } from './harness.js';
import { runVpce } from './process.js';

const ACCOUNT = '210000000001';
const R = 'us-east-1';

interface Durable { h: Harness; store: StateStore; dir: string }

async function durable(): Promise<Durable> {
  const dir = mkdtempSync(join(tmpdir(), 'vpce-lint-'));
  const store = sqliteStore(dir);
  return { h: await startHarness(store, dir), store, dir };
}
async function stop(d: Durable): Promise<void> {
  await d.h.close();
  d.store.close();
}

let full: Durable;
let quiet: Durable;
let shadowTable = '';

before(async () => {
  // A shadowed gateway endpoint route (error), a bucket policy on aws:SourceIp reached through it (error), and an
  // endpoint on a table no subnet uses (note).
  full = await durable();
  const ec2 = full.h.ec2(ACCOUNT, R);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.21.0.0/16' }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.21.1.0/24' }))).Subnet!.SubnetId!;
  await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: subnet }));
  const main = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
  shadowTable = main;
  await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.${R}.s3`, RouteTableIds: [main] }));
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: main, DestinationCidrBlock: '54.231.0.0/24', GatewayId: igw }));
  const lonely = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.${R}.dynamodb`, RouteTableIds: [lonely] }));
  const s3 = full.h.s3(ACCOUNT, R);
  await s3.send(new CreateBucketCommand({ Bucket: 'lint-office' }));
  await s3.send(new PutBucketPolicyCommand({
    Bucket: 'lint-office',
    Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Office', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::lint-office/*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }] }),
  }));

  // Only a note: an unused gateway endpoint.
  quiet = await durable();
  const q = quiet.h.ec2(ACCOUNT, R);
  const qv = (await q.send(new CreateVpcCommand({ CidrBlock: '10.22.0.0/16' }))).Vpc!.VpcId!;
  await q.send(new CreateSubnetCommand({ VpcId: qv, CidrBlock: '10.22.1.0/24' }));
  const qt = (await q.send(new CreateRouteTableCommand({ VpcId: qv }))).RouteTable!.RouteTableId!;
  await q.send(new CreateVpcEndpointCommand({ VpcId: qv, ServiceName: `com.amazonaws.${R}.s3`, RouteTableIds: [qt] }));
});
after(async () => {
  for (const d of [full, quiet]) {
    try { await stop(d); } catch { /* already stopped by a test */ }
    rmSync(d.dir, { recursive: true, force: true });
  }
});

interface JsonReport { version: number; scope: string[]; rules: { id: string }[]; findings: { ruleId: string; severity: string; resources: { id: string }[]; proof: { kind: string }[] }[] }

describe('vpce lint (CLI)', () => {
  it('lints a running server through GET /_vpce/lint: JSON with the findings and their proofs, exit 1 on errors', async () => {
    const r = await runVpce(['lint', '--endpoint-url', full.h.url, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const body = JSON.parse(r.stdout) as JsonReport;
    assert.equal(body.version, 1);
    assert.deepEqual([...new Set(body.findings.map((f) => f.ruleId))].sort(), ['VPCE001', 'VPCE002', 'VPCE014']);
    assert.equal(body.findings.find((f) => f.ruleId === 'VPCE001')!.resources[0]!.id, shadowTable);
    assert.equal(body.findings.find((f) => f.ruleId === 'VPCE002')!.resources[0]!.id, 'lint-office', 'the bucket policy is read from the S3 store');
    assert.ok(body.findings.every((f) => f.proof.length > 0));
    assert.equal(body.rules.length, RULES.length);
    const bad = await fetch(`${full.h.url}/_vpce/lint?volume-gb=lots`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /volume-gb must be a number/);
  });

  it('refuses a state directory a running server holds, pointing at --endpoint-url (exit 2)', async () => {
    const r = await runVpce(['lint', '--state', quiet.dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /in use by a running vpce server.*--endpoint-url/);
  });

  it('refuses bad usage with exit 2', async () => {
    for (const args of [['lint'], ['lint', '--state', 'x', '--endpoint-url', 'http://127.0.0.1:1'], ['lint', '--state', 'x', '--format', 'xml'], ['lint', '--state', 'x', '--fail-on', 'fatal'], ['lint', '--state', 'x', '--volume-gb', '-3'], ['lint', '--state', 'x', '--json', '--format', 'sarif']]) {
      const r = await runVpce(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^vpce lint: /);
    }
    const missing = await runVpce(['lint', '--state', join(tmpdir(), 'no-such-vpce-state')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no vpce state/);
  });

  it('--state reads the stopped server\'s state read-only; SARIF 2.1.0 in the subset GitHub code scanning reads', async () => {
    await stop(full);
    const r = await runVpce(['lint', '--state', full.dir, '--format', 'sarif', '--sarif-uri', 'infra/.vpce/state.db']);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } }; logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
    assert.deepEqual(checkSarif(doc, { requirePhysical: true }), []);
    const run = doc.runs[0]!;
    assert.equal(run.tool.driver.rules.length, RULES.length);
    const shadow = run.results.find((x) => x.ruleId === 'VPCE001')!;
    assert.equal(shadow.level, 'error');
    assert.equal(shadow.locations[0]!.physicalLocation.artifactLocation.uri, 'infra/.vpce/state.db');
    assert.equal(shadow.locations[0]!.logicalLocations[0]!.fullyQualifiedName, `arn:aws:ec2:${R}:${ACCOUNT}:route-table/${shadowTable}`);
    assert.equal(run.results.find((x) => x.ruleId === 'VPCE014')!.level, 'note');
    // The check itself catches what it is for: a member the schema does not define, a wrong rule index, a result
    // without a file.
    const broken = JSON.parse(r.stdout) as { runs: { results: Record<string, unknown>[] }[] };
    const first = broken.runs[0]!.results[0]!;
    first['severity'] = 'high';
    first['ruleIndex'] = 99;
    first['locations'] = [{ logicalLocations: [{ name: 'x' }] }];
    const problems = checkSarif(broken, { requirePhysical: true });
    assert.ok(problems.some((p) => /result has no member severity/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /ruleIndex: not an index/.test(p)));
    assert.ok(problems.some((p) => /no physicalLocation/.test(p)));
    // The same state read again gives the same SARIF (stable for code scanning's fingerprints).
    const again = await runVpce(['lint', '--state', full.dir, '--format', 'sarif', '--sarif-uri', 'infra/.vpce/state.db']);
    assert.equal(again.stdout, r.stdout);
  });

  it('text output names the rule, the resources, the proof and the AWS page', async () => {
    const r = await runVpce(['lint', '--state', full.dir]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^VPCE001 ERROR GatewayEndpointRouteShadowed$/m);
    assert.match(r.stdout, /proof: trace subnet-[0-9a-f]+ -> 54\.231\.0\.1:443\/tcp \(s3\)/);
    assert.match(r.stdout, /see: https:\/\/docs\.aws\.amazon\.com\/vpc\/latest\/userguide\/route-tables-priority\.html/);
    assert.match(r.stdout, /3 findings \(2 error, 0 warning, 1 note\)/);
  });

  it('--fail-on: a state with only a note exits 0 at error and warning, 1 at note', async () => {
    await stop(quiet);
    const at = async (level: string): Promise<number> => (await runVpce(['lint', '--state', quiet.dir, '--fail-on', level, '--format', 'sarif'])).code;
    assert.equal(await at('error'), 0);
    assert.equal(await at('warning'), 0);
    assert.equal(await at('note'), 1);
  });
});
