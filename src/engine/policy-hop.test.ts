/** @module The policy hop and the explain facade: endpoint, resource and identity policies over a traced request, and the aws:SourceIp trap. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attachInternetGateway, createInternetGateway } from '../model/internet-gateway.js';
import { World } from '../model/world.js';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { memoryStore } from '../persistence/memory-store.js';
import { runInstances } from '../model/instance.js';
import { createSubnet } from '../model/subnet.js';
import { createVpc } from '../model/vpc.js';
import { NetworkCompiler } from './compile.js';
import { gatewayEndpointWorld, type GatewayWorld } from '../../test/fixtures/gateway-world.js';
import { applyPolicyHop, principalFromArn, type PolicyTrace } from './policy-hop.js';
import { explain, parseDestination, type ExplainInput } from './request.js';
import { traceFlow } from './tracer.js';

const A = '111111111111';
const R = 'us-east-1';
const OTHER = 'vpce-0ffffffffffffffff';

const fixture = (policyDocument?: string): GatewayWorld => gatewayEndpointWorld(7, policyDocument);

function run(f: { world: World; instanceId: string }, extra: Partial<ExplainInput> = {}): PolicyTrace {
  const r = explain(new NetworkCompiler(f.world).view(), { account: A, region: R, from: f.instanceId, to: 's3://reports/2026/q3.csv', ...extra });
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.trace;
}

const bucketPolicy = (statement: object): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('policy hop', () => {
  it('allows through a gateway endpoint with the default full-access policy, as the source account root by default', () => {
    const f = fixture();
    const t = run(f);
    assert.equal(t.disposition.kind, 'delivered');
    assert.equal(t.policy?.decision.decision, 'Allow');
    assert.equal(t.policy?.principal.arn, `arn:aws:iam::${A}:root`);
    assert.equal(t.policy?.endpoint?.vpcEndpointId, f.endpointId);
    assert.equal(t.policy?.context['aws:SourceVpce'], f.endpointId);
    const last = t.steps[t.steps.length - 1]!;
    assert.equal(last.verdict, 'allow');
    assert.equal(t.steps[0]?.kind, 'dns');
  });

  it('the documented trap: a bucket policy denying unless aws:SourceIp is the office range denies everything through the endpoint', () => {
    const policy = bucketPolicy({
      Sid: 'OfficeOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'],
      Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    });
    const t = run(fixture(), { resourcePolicy: policy });
    assert.equal(t.disposition.kind, 'deniedByPolicy');
    assert.equal(t.policy?.decision.decision, 'ExplicitDeny');
    assert.match(t.disposition.kind === 'deniedByPolicy' ? t.disposition.policy : '', /resource policy statement 0 "OfficeOnly"/);
    assert.equal(t.policy?.context['aws:SourceIp'], undefined);
    assert.equal(t.steps[t.steps.length - 1]?.verdict, 'deny');
  });

  it('an aws:SourceVpce condition allows through the right endpoint and denies through another', () => {
    const only = (id: string): string => bucketPolicy({
      Sid: 'OnlyViaEndpoint', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::reports/*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': id } },
    });
    const f = fixture();
    assert.equal(run(f, { resourcePolicy: only(f.endpointId) }).disposition.kind, 'delivered');
    const denied = run(f, { resourcePolicy: only(OTHER) });
    assert.equal(denied.disposition.kind, 'deniedByPolicy');
    assert.equal(denied.policy?.decidedBy, 'resource policy statement 0 "OnlyViaEndpoint"');
  });

  it('an endpoint policy allowing only another bucket denies implicitly, naming the endpoint policy', () => {
    const f = fixture(bucketPolicy({ Sid: 'OtherBucket', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }));
    const t = run(f);
    assert.equal(t.disposition.kind, 'deniedByPolicy');
    assert.equal(t.policy?.decision.decision, 'ImplicitDeny');
    assert.match(t.policy?.decidedBy ?? '', new RegExp(`endpoint policy ${f.endpointId}`));
    assert.equal(run(fixture(bucketPolicy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }))).disposition.kind, 'delivered');
  });

  it('identity policies, when given, must allow too; a named principal is parsed', () => {
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] });
    const t = run(fixture(), { principal: `arn:aws:iam::${A}:role/app`, identityPolicies: [deny] });
    assert.equal(t.disposition.kind, 'deniedByPolicy');
    assert.equal(t.policy?.principal.type, 'Role');
    assert.equal(principalFromArn('arn:aws:sts::111111111111:assumed-role/app/s')?.type, 'AssumedRole');
    assert.equal(principalFromArn('nonsense'), undefined);
  });

  it('leaves a trace that did not deliver unchanged', () => {
    const f = fixture();
    const view = new NetworkCompiler(f.world).view();
    const t = traceFlow(view, { account: A, region: R, source: 'i-0000000000000dead', destinationIp: '10.0.1.9', protocol: 'tcp', port: 443 });
    assert.equal(applyPolicyHop(view, t, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }), t);
  });
});

/** A VPC whose only way to S3 is an internet gateway, and an instance with a public IP. */
function internetFixture(): { world: World; instanceId: string; publicIp: string } {
  const w = new World(memoryStore(), seededIdGen(9), fixedClock());
  return w.transact((tx) => {
    const p = tx.in(A, R);
    const vpc = createVpc(tx, p, { cidrBlock: '10.1.0.0/16' });
    const subnet = createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: '10.1.1.0/24' });
    const igw = createInternetGateway(tx, p);
    attachInternetGateway(p, igw.id, vpc.id);
    const rt = [...p.childrenOf(vpc.id, 'routeTable')][0]!;
    p.put({ ...rt, routes: [...rt.routes, { destination: { type: 'cidr', cidr: '0.0.0.0/0' }, target: { type: 'internetGateway', id: igw.id }, origin: 'CreateRoute' }] });
    const [inst] = runInstances(tx, p, { imageId: 'ami-12345678', minCount: 1, maxCount: 1, networkInterface: { subnetId: subnet.id, associatePublicIp: true, deviceIndex: 0 } });
    return { world: w, instanceId: inst!.id, publicIp: inst!.publicIp ?? '' };
  });
}

describe('policy hop through an internet gateway', () => {
  it('sets aws:SourceIp to the public address, so the office-range bucket policy allows it from there and no endpoint policy applies', () => {
    const f = internetFixture();
    assert.notEqual(f.publicIp, '');
    const office = (cidr: string): string => bucketPolicy({
      Sid: 'OfficeOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::reports/*',
      Condition: { NotIpAddress: { 'aws:SourceIp': cidr } },
    });
    const allowed = run(f, { resourcePolicy: office(`${f.publicIp}/32`) });
    assert.equal(allowed.disposition.kind, 'delivered', JSON.stringify(allowed.disposition));
    assert.equal(allowed.policy?.context['aws:SourceIp'], f.publicIp);
    assert.equal(allowed.policy?.endpoint, undefined);
    assert.equal(run(f, { resourcePolicy: office('203.0.113.0/24') }).disposition.kind, 'deniedByPolicy');
  });
});

describe('explain destinations', () => {
  it('parses s3, dynamodb, https and ip:port/proto', () => {
    assert.deepEqual(parseDestination('s3://b-1/k/x', R, A), { hostname: `b-1.s3.${R}.amazonaws.com`, port: 443, protocol: 'tcp', service: { service: 's3', region: R }, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b-1/k/x' } });
    const d = parseDestination('dynamodb://orders', R, A);
    assert.ok(!('error' in d));
    assert.equal(d.hostname, `dynamodb.${R}.amazonaws.com`);
    assert.equal(d.request?.resource, `arn:aws:dynamodb:${R}:${A}:table/orders`);
    const h = parseDestination('https://example.com/x', R, A);
    assert.ok(!('error' in h));
    assert.deepEqual([h.hostname, h.port], ['example.com', 443]);
    assert.deepEqual(parseDestination('10.0.1.5:5432/tcp', R, A), { ip: '10.0.1.5', port: 5432, protocol: 'tcp' });
    assert.ok('error' in parseDestination('ftp://x', R, A));
    assert.ok('error' in parseDestination('10.0.1.5', R, A));
  });

  it('reports an unknown source as sourceNotFound', () => {
    const t = run(fixture(), { from: 'i-0123456789abcdef0' });
    assert.equal(t.disposition.kind, 'sourceNotFound');
  });
});
