/** @module Policy engine benchmark: decisions per second on the endpoint scenario and a 10x20-statement policy set, compile time apart. */
import { performance } from 'node:perf_hooks';
import { compileDocument, evaluate, type AuthzRequest, type CompiledPolicy, type CompiledPolicySet, type PolicyType } from '../src/iam/index.js';

const TARGET_SIMPLE = 500_000;
const TARGET_HARD = 100_000;
const ACCOUNT = '111122223333';

function compile(doc: unknown, type: PolicyType): CompiledPolicy {
  const r = compileDocument(doc, type);
  if (!r.ok) throw new Error(`bench policy invalid: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.compiled;
}

/** Scenario 1: identity allow-all, a bucket policy denying unless aws:SourceVpce matches, an endpoint policy allowing two actions on one bucket. */
function simpleDocs(): { identity: unknown[]; resource: unknown; endpoint: unknown } {
  return {
    identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
    resource: {
      Version: '2012-10-17',
      Statement: [{
        Sid: 'DenyUnlessThroughVpce', Effect: 'Deny', Principal: '*', Action: 's3:*',
        Resource: ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*'],
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      }],
    },
    endpoint: {
      Version: '2012-10-17',
      Statement: [{ Sid: 'TwoActionsOneBucket', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::bucket/*' }],
    },
  };
}

function simpleSet(): CompiledPolicySet {
  const d = simpleDocs();
  return {
    identity: d.identity.map((p) => compile(p, 'identity')),
    resource: [{ account: ACCOUNT, policy: compile(d.resource, 'resource') }],
    endpoint: { vpceId: 'vpce-1a2b3c4d', service: 's3', type: 'Gateway', policy: compile(d.endpoint, 'endpoint') },
  };
}

const SIMPLE_REQUEST: AuthzRequest = {
  principal: { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT, type: 'IAMUser' },
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::bucket/reports/2024.csv',
  resourceAccount: ACCOUNT,
  context: { 'aws:SecureTransport': 'true' },
  viaEndpoint: { vpceId: 'vpce-1a2b3c4d', vpcId: 'vpc-111bbb22', service: 's3', type: 'Gateway' },
};

const SERVICES = ['s3', 'ec2', 'dynamodb', 'kms', 'sqs', 'sns', 'lambda', 'logs'] as const;
const VERBS = ['Get', 'Put', 'List', 'Describe', 'Delete', 'Create', 'Update'] as const;

/** A deterministic statement mix: wildcard actions and resources, and conditions of several families. */
function hardStatement(p: number, s: number, withPrincipal: boolean): Record<string, unknown> {
  const svc = SERVICES[(p * 7 + s) % SERVICES.length] as string;
  const verb = VERBS[(p + s * 3) % VERBS.length] as string;
  const stmt: Record<string, unknown> = {
    Sid: `P${p}S${s}`,
    Effect: s % 9 === 8 ? 'Deny' : 'Allow',
    Action: s % 5 === 0 ? [`${svc}:${verb}*`, `${svc}:*Tag*`] : [`${svc}:${verb}Object`, `${svc}:${verb}Item`, `${svc}:List*`],
    Resource: svc === 's3' ? [`arn:aws:s3:::bucket-${p}-*/*`, `arn:aws:s3:::data-${s}/*`] : [`arn:aws:${svc}:*:${ACCOUNT}:*/${verb.toLowerCase()}-*`],
  };
  if (withPrincipal) stmt['Principal'] = s % 2 === 0 ? '*' : { AWS: [`arn:aws:iam::${ACCOUNT}:role/team-${s}`, ACCOUNT] };
  const cond: Record<string, Record<string, unknown>> = {};
  switch (s % 6) {
    case 0: cond['StringEquals'] = { 'aws:PrincipalTag/team': [`team-${p}`, `team-${s}`] }; break;
    case 1: cond['IpAddress'] = { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16', '2001:db8::/32'] }; break;
    case 2: cond['StringLike'] = { 's3:prefix': [`home/\${aws:username}/*`, 'public/*'] }; break;
    case 3: cond['Bool'] = { 'aws:SecureTransport': 'true' }; cond['DateLessThan'] = { 'aws:CurrentTime': '2030-01-01T00:00:00Z' }; break;
    case 4: cond['ForAllValues:StringLike'] = { 'aws:TagKeys': ['env', 'team', 'cost-*'] }; break;
    default: cond['StringNotEqualsIfExists'] = { 'aws:SourceVpce': 'vpce-0000' }; break;
  }
  stmt['Condition'] = cond;
  return stmt;
}

function hardDocs(): { type: PolicyType; doc: unknown }[] {
  const types: PolicyType[] = ['identity', 'identity', 'identity', 'identity', 'identity', 'identity', 'resource', 'resource', 'scp', 'boundary'];
  return types.map((type, p) => {
    const statements = Array.from({ length: 20 }, (_, s) => hardStatement(p, s, type === 'resource'));
    if (type === 'scp' || type === 'boundary') statements[19] = { Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' };
    return { type, doc: { Version: '2012-10-17', Statement: statements } };
  });
}

function hardSet(): CompiledPolicySet {
  const docs = hardDocs();
  const of = (t: PolicyType): CompiledPolicy[] => docs.filter((d) => d.type === t).map((d) => compile(d.doc, t));
  return { identity: of('identity'), resource: of('resource').map((policy) => ({ account: ACCOUNT, policy })), scp: of('scp'), boundary: of('boundary') };
}

function hardRequests(): AuthzRequest[] {
  const out: AuthzRequest[] = [];
  for (let i = 0; i < 16; i++) {
    const svc = SERVICES[i % SERVICES.length] as string;
    const verb = VERBS[(i * 3) % VERBS.length] as string;
    out.push({
      principal: i % 3 === 0
        ? { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/team-${i}/session`, account: ACCOUNT, type: 'AssumedRole' }
        : { arn: `arn:aws:iam::${ACCOUNT}:user/user${i}`, account: ACCOUNT, type: 'IAMUser' },
      action: `${svc}:${verb}Object`,
      resource: svc === 's3' ? `arn:aws:s3:::bucket-${i % 10}-logs/home/user${i}/file.txt` : `arn:aws:${svc}:us-east-1:${ACCOUNT}:thing/${verb.toLowerCase()}-${i}`,
      resourceAccount: ACCOUNT,
      context: {
        'aws:PrincipalTag/team': `team-${i % 10}`,
        'aws:SourceIp': i % 2 === 0 ? '10.1.2.3' : '203.0.113.9',
        's3:prefix': `home/user${i}/`,
        'aws:SecureTransport': i % 4 === 0 ? 'false' : 'true',
        'aws:CurrentTime': '2026-06-01T12:00:00Z',
        'aws:TagKeys': i % 2 === 0 ? ['env', 'team'] : ['env', 'owner'],
      },
      viaEndpoint: null,
    });
  }
  return out;
}

/** Run `fn` for about `ms` milliseconds; return calls per second. */
function rate(fn: (i: number) => void, ms: number): number {
  for (let i = 0; i < 20_000; i++) fn(i);
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 10_000; i++) fn(n + i);
    n += 10_000;
    now = performance.now();
  }
  return (n / (now - start)) * 1000;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function compileMicros(build: () => unknown, rounds: number): number {
  build();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) build();
  return ((performance.now() - start) / rounds) * 1000;
}

/** Print the figures. */
export async function run(): Promise<void> {
  const simple = simpleSet();
  const hard = hardSet();
  const requests = hardRequests();
  let sink = 0;
  const decisions = new Map<string, number>();
  for (const r of requests) { const d = evaluate(r, hard).decision; decisions.set(d, (decisions.get(d) ?? 0) + 1); }
  const first = evaluate(SIMPLE_REQUEST, simple).decision;
  const simpleRate = rate(() => { sink += evaluate(SIMPLE_REQUEST, simple).reasons.length; }, 1500);
  const hardRate = rate((i) => { sink += evaluate(requests[i & 15] as AuthzRequest, hard).reasons.length; }, 1500);
  const simpleCompile = compileMicros(simpleSet, 2000);
  const hardCompile = compileMicros(hardSet, 50);
  console.log(`scenario 1 (identity allow-all, bucket policy deny unless aws:SourceVpce, endpoint policy 2 actions): decision ${first}`);
  console.log(`  ${fmt(simpleRate)} decisions/s  (target ${fmt(TARGET_SIMPLE)}: ${(simpleRate / TARGET_SIMPLE).toFixed(2)}x)`);
  console.log(`scenario 2 (10 policies x 20 statements, wildcards and conditions; 16 requests, outcomes ${JSON.stringify(Object.fromEntries(decisions))})`);
  console.log(`  ${fmt(hardRate)} decisions/s  (target ${fmt(TARGET_HARD)}: ${(hardRate / TARGET_HARD).toFixed(2)}x)`);
  console.log(`compile (validate + compile, once per policy change): scenario 1 ${simpleCompile.toFixed(1)} us for 3 policies; scenario 2 ${(hardCompile / 1000).toFixed(2)} ms for 10 x 20 statements`);
  if (sink < 0) console.log(sink);
}
