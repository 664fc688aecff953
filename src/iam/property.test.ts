/** @module Property test: the compiled engine and a naive interpreter (no precompilation, no index, no regexes) agree on random policies and requests. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compilePolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import type { AuthzRequest, ConditionClause, Policy, Statement } from './types.js';
import { parsePolicy } from './validate.js';

// ---- the naive interpreter: straight from the documented rules, evaluated from the raw text every time.

/** Backtracking glob: `*` any run, `?` one character; neither may match a character of `stop`. */
function glob(p: string, s: string, stop = ''): boolean {
  if (p === '') return s === '';
  const c = p[0] as string;
  if (c === '*') {
    for (let i = 0; i <= s.length; i++) {
      if (glob(p.slice(1), s.slice(i), stop)) return true;
      if (i < s.length && stop.includes(s[i] as string)) return false;
    }
    return false;
  }
  if (s === '') return false;
  if (c === '?') return !stop.includes(s[0] as string) && glob(p.slice(1), s.slice(1), stop);
  return c === s[0] && glob(p.slice(1), s.slice(1), stop);
}

function head5(arn: string): [string, string] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [parts.slice(0, 5).join(':') + ':', parts.slice(5).join(':')];
}

function naiveResource(pattern: string, resource: string, vars: Record<string, string>, substitute: boolean): boolean {
  if (pattern === '*') return true;
  let p = pattern;
  if (substitute) {
    let unresolved = false;
    p = p.replace(/\$\{([^}]+)\}/g, (_, k: string) => {
      const v = vars[k.toLowerCase()];
      if (v === undefined) unresolved = true;
      return v ?? '';
    });
    if (unresolved) return false;
  }
  const ph = head5(p);
  const rh = head5(resource);
  if (!ph || !rh) return !ph && !rh && glob(p, resource);
  return glob(ph[0], rh[0], ':') && glob(ph[1], rh[1]);
}

function ipv4(s: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m) return undefined;
  const n = m.slice(1).map(Number);
  if (n.some((x) => x > 255)) return undefined;
  return (((n[0] as number) * 256 + (n[1] as number)) * 256 + (n[2] as number)) * 256 + (n[3] as number);
}

function inCidr(ip: string, cidr: string): boolean {
  const [a, len] = cidr.includes('/') ? cidr.split('/') : [cidr, '32'];
  const x = ipv4(ip);
  const y = ipv4(a as string);
  if (x === undefined || y === undefined) return false;
  const size = 2 ** (32 - Number(len));
  return Math.floor(x / size) === Math.floor(y / size);
}

function matchOne(base: string, v: string, p: string): boolean {
  switch (base) {
    case 'StringEquals': case 'StringNotEquals': return v === p;
    case 'StringEqualsIgnoreCase': return v.toLowerCase() === p.toLowerCase();
    case 'StringLike': case 'StringNotLike': return glob(p, v);
    case 'NumericLessThan': return Number(v) < Number(p);
    case 'NumericEquals': return Number(v) === Number(p);
    case 'Bool': return v.toLowerCase() === p.toLowerCase();
    case 'IpAddress': case 'NotIpAddress': return inCidr(v, p);
    default: throw new Error(base);
  }
}

function naiveCondition(c: ConditionClause, ctx: Record<string, string[]>, vars: Record<string, string>, substitute: boolean): boolean {
  let op = c.operator;
  let qual = '';
  if (op.includes(':')) { qual = op.split(':')[0] as string; op = op.split(':')[1] as string; }
  const ifExists = op.endsWith('IfExists');
  const base = ifExists ? op.slice(0, -8) : op;
  const values = ctx[c.key.toLowerCase()];
  if (base === 'Null') {
    const absent = !values || values.length === 0;
    return c.values.some((v) => (v === 'true') === absent);
  }
  const negated = base.includes('Not');
  const policyValues = c.values.map((v) => (substitute && base.startsWith('String') ? v.replace(/\$\{([^}]+)\}/g, (_, k: string) => vars[k.toLowerCase()] ?? '\u0000') : v));
  const pos = (v: string): boolean => policyValues.some((p) => !p.includes('\u0000') && matchOne(base, v, p));
  if (!values || values.length === 0) {
    if (qual === 'ForAllValues') return true;
    if (qual === 'ForAnyValue') return ifExists;
    return ifExists || negated;
  }
  if (qual === 'ForAllValues') return values.every((v) => pos(v) !== negated);
  if (qual === 'ForAnyValue') return values.some((v) => pos(v) !== negated);
  return values.some(pos) !== negated;
}

function naiveStatement(s: Statement, req: AuthzRequest, ctx: Record<string, string[]>, vars: Record<string, string>, substitute: boolean): boolean {
  const a = req.action.toLowerCase();
  const actions = (s.action ?? s.notAction ?? []).map((x) => x.toLowerCase());
  const actionHit = actions.some((p) => glob(p, a));
  if (actionHit !== (s.action !== undefined)) return false;
  if (s.resource || s.notResource) {
    const hit = (s.resource ?? s.notResource ?? []).some((p) => naiveResource(p, req.resource, vars, substitute));
    if (hit !== (s.resource !== undefined)) return false;
  }
  return s.conditions.every((c) => naiveCondition(c, ctx, vars, substitute));
}

function naiveDecision(policies: Policy[], req: AuthzRequest): string {
  const ctx: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(req.context ?? {})) ctx[k.toLowerCase()] = typeof v === 'string' ? [v] : [...v];
  const vars: Record<string, string> = { 'aws:username': req.principal.arn.split('/').pop() as string };
  for (const [k, v] of Object.entries(req.context ?? {})) if (typeof v === 'string') vars[k.toLowerCase()] = v;
  ctx['aws:username'] ??= [vars['aws:username'] as string];
  let allow = false;
  for (const p of policies) {
    for (const s of p.statements) {
      if (!naiveStatement(s, req, ctx, vars, p.version === '2012-10-17')) continue;
      if (s.effect === 'Deny') return 'ExplicitDeny';
      allow = true;
    }
  }
  return allow ? 'Allow' : 'ImplicitDeny';
}

// ---- generators

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'ec2:DescribeVpcs', 'dynamodb:GetItem', 'iam:GetUser'];
const ACTION_PATTERNS = [...ACTIONS, 's3:*', 's3:Get*', '*', 'S3:getobject', 'ec2:Describe?pcs', '*:GetObject', 'dynamo*:*', 's3:*Object', 'iam:Get*'];
const RESOURCES = ['arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket/alice/x', 'arn:aws:s3:::bucket2/key', 'arn:aws:s3:::bkcket/a:b', 'arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1', 'arn:aws:ec2:us-east-1:444455556666:vpc/vpc-1', '*'];
const RESOURCE_PATTERNS = ['*', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket*', 'arn:aws:s3:::b?cket/*', 'arn:aws:ec2:*:111122223333:vpc/*', 'arn:aws:s3:::bucket/${aws:username}/*', 'arn:aws:s3:::*/key', 'arn:aws:*:*:*:*', 'arn:aws:s3:::bkcket/a*'];
const CONDITIONS: ConditionClause[] = [
  { operator: 'StringEquals', key: 'aws:PrincipalTag/team', values: ['blue', 'red'] },
  { operator: 'StringNotEquals', key: 'aws:SourceVpce', values: ['vpce-1'] },
  { operator: 'StringEqualsIgnoreCase', key: 'aws:PrincipalTag/team', values: ['BLUE'] },
  { operator: 'StringLike', key: 's3:prefix', values: ['home/${aws:username}/*', 'pub*'] },
  { operator: 'StringNotLikeIfExists', key: 's3:prefix', values: ['secret/*'] },
  { operator: 'StringEqualsIfExists', key: 'aws:SourceVpce', values: ['vpce-1'] },
  { operator: 'NumericLessThan', key: 's3:max-keys', values: ['10'] },
  { operator: 'NumericEquals', key: 's3:max-keys', values: ['5', '7'] },
  { operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] },
  { operator: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8', '203.0.113.7'] },
  { operator: 'NotIpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8'] },
  { operator: 'Null', key: 'aws:TokenIssueTime', values: ['true'] },
  { operator: 'ForAllValues:StringLike', key: 'aws:TagKeys', values: ['env', 'team*'] },
  { operator: 'ForAnyValue:StringEquals', key: 'aws:TagKeys', values: ['secret'] },
  { operator: 'ForAnyValue:StringNotEquals', key: 'aws:TagKeys', values: ['env'] },
];
const CONTEXT_VALUES: Record<string, (string | string[])[]> = {
  'aws:PrincipalTag/team': ['blue', 'Blue', 'green'],
  'aws:SourceVpce': ['vpce-1', 'vpce-2'],
  's3:prefix': ['home/alice/a', 'home/bob/a', 'public/x', 'secret/y'],
  's3:max-keys': ['3', '5', '12'],
  'aws:SecureTransport': ['true', 'false'],
  'aws:SourceIp': ['10.1.2.3', '203.0.113.7', '198.51.100.1'],
  'aws:TokenIssueTime': ['2024-01-01T00:00:00Z'],
  'aws:TagKeys': [['env'], ['env', 'team-a'], ['secret', 'env'], []],
};

const statementArb = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  negAction: fc.boolean(),
  actions: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 3 }),
  negResource: fc.boolean(),
  resources: fc.uniqueArray(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 2 }),
  conditions: fc.uniqueArray(fc.nat({ max: CONDITIONS.length - 1 }), { maxLength: 2 }),
}).map((r) => {
  const s: Record<string, unknown> = { Effect: r.Effect };
  s[r.negAction ? 'NotAction' : 'Action'] = r.actions;
  s[r.negResource && r.Effect === 'Deny' ? 'NotResource' : 'Resource'] = r.resources;
  if (r.conditions.length > 0) {
    const cond: Record<string, Record<string, string[]>> = {};
    for (const i of r.conditions) {
      const c = CONDITIONS[i] as ConditionClause;
      cond[c.operator] = { ...(cond[c.operator] ?? {}), [c.key]: [...c.values] };
    }
    s['Condition'] = cond;
  }
  return s;
});

const policyArb = fc.record({
  version: fc.constantFrom('2012-10-17', '2012-10-17', undefined),
  statements: fc.array(statementArb, { minLength: 1, maxLength: 6 }),
}).map((p) => (p.version === undefined ? { Statement: p.statements } : { Version: p.version, Statement: p.statements }));

const requestArb = fc.record({
  user: fc.constantFrom('alice', 'bob'),
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  keys: fc.subarray(Object.keys(CONTEXT_VALUES)),
  pick: fc.array(fc.nat({ max: 10 }), { minLength: 8, maxLength: 8 }),
}).map((r): AuthzRequest => {
  const context: Record<string, string | string[]> = {};
  r.keys.forEach((k, i) => {
    const options = CONTEXT_VALUES[k] as (string | string[])[];
    context[k] = options[(r.pick[i] ?? 0) % options.length] as string | string[];
  });
  return {
    principal: { arn: `arn:aws:iam::111122223333:user/${r.user}`, account: '111122223333', type: 'IAMUser' },
    action: r.action,
    resource: r.resource,
    resourceAccount: '111122223333',
    context,
  };
});

describe('compiled engine vs naive interpreter', () => {
  it('agree on random identity policies and requests', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { minLength: 1, maxLength: 3 }), fc.array(requestArb, { minLength: 1, maxLength: 5 }), (docs, requests) => {
        const parsed = docs.map((d) => {
          const r = parsePolicy(d);
          if (!r.ok) throw new Error(JSON.stringify(r.errors));
          return r.policy;
        });
        const compiled = { identity: parsed.map(compilePolicy), resource: [] };
        for (const req of requests) {
          const got = evaluate(req, compiled);
          const want = naiveDecision(parsed, req);
          assert.equal(got.decision, want, `${JSON.stringify(docs)}\n${JSON.stringify(req)}\n${JSON.stringify(got.reasons)}`);
        }
      }),
      { numRuns: 400, seed: 20240611 },
    );
  });
});
