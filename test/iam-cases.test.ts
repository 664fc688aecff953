/** @module The one runner for the IAM JSON cases in test/iam-cases/: each case names its AWS documentation page and rule. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runPolicyEval, runPolicyValidate } from '../src/cli/policy.js';
import { evaluateScenario, validatePolicy, type PolicyType, type Reason } from '../src/iam/index.js';

// Compiled tests live in dist/test/; the cases stay in the source folder.
const CASES_DIR = new URL('../../test/iam-cases/', import.meta.url);

interface StatementExpectation { type: PolicyType; index: number; sid?: string }

interface EvalCase {
  name: string;
  doc: string;
  scenario: unknown;
  expect: { decision: string; statement?: StatementExpectation; nearMiss?: { element: string }; reasonKind?: Reason['kind'] };
}

interface ValidateCase {
  name: string;
  doc: string;
  validate: { type: PolicyType; policy: unknown };
  expect: { valid: boolean; rule?: string; message?: string; code?: string };
}

type Case = EvalCase | ValidateCase;

function load(): { file: string; cases: Case[] }[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, cases: JSON.parse(readFileSync(new URL(file, CASES_DIR), 'utf8')) as Case[] }));
}

const files = load();

describe('iam cases', () => {
  it('has at least 80 cases, each naming its documentation', () => {
    const all = files.flatMap((f) => f.cases);
    assert.ok(all.length >= 80, `only ${all.length} cases`);
    for (const c of all) assert.match(c.doc, /docs\.aws\.amazon\.com|shared\/spec/, `${c.name}: doc must name an AWS page or the project spec`);
    const names = new Set(all.map((c) => c.name));
    assert.equal(names.size, all.length, 'case names are unique');
  });

  for (const { file, cases } of files) {
    describe(file, () => {
      for (const c of cases) {
        it(c.name, () => {
          if ('validate' in c) {
            const result = validatePolicy(c.validate.policy, c.validate.type);
            assert.equal(result.ok, c.expect.valid, result.ok ? 'expected errors' : JSON.stringify(result.errors));
            if (!result.ok) {
              if (c.expect.rule) assert.ok(result.errors.some((e) => e.rule === c.expect.rule), `rule ${c.expect.rule} not in ${JSON.stringify(result.errors.map((e) => e.rule))}`);
              if (c.expect.message) assert.ok(result.errors.some((e) => e.message === c.expect.message), `message ${c.expect.message} not in ${JSON.stringify(result.errors.map((e) => e.message))}`);
              if (c.expect.code) assert.ok(result.errors.some((e) => e.code === c.expect.code), `code ${c.expect.code} not in ${JSON.stringify(result.errors.map((e) => e.code))}`);
            }
            const text = typeof c.validate.policy === 'string' ? c.validate.policy : JSON.stringify(c.validate.policy);
            assert.equal(runPolicyValidate(text, c.validate.type, true).exitCode, c.expect.valid ? 0 : 1);
            return;
          }
          const result = evaluateScenario(c.scenario);
          assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.errors));
          const d = result.decision;
          assert.equal(d.decision, c.expect.decision, JSON.stringify(d.reasons, null, 2));
          assert.ok(d.reasons.length > 0, 'every decision carries reasons');
          const want = c.expect.statement;
          if (want) {
            const kind = d.decision === 'ExplicitDeny' ? 'statement-denies' : 'statement-allows';
            assert.ok(
              d.reasons.some((r) => r.kind === kind && r.policy.type === want.type && r.policy.index === want.index && (want.sid === undefined || r.statement.sid === want.sid)),
              `no ${kind} reason for ${JSON.stringify(want)} in ${JSON.stringify(d.reasons)}`,
            );
          }
          if (c.expect.nearMiss) {
            const el = c.expect.nearMiss.element;
            assert.ok(d.reasons.some((r) => r.kind === 'near-miss' && r.element === el), `no near miss on ${el} in ${JSON.stringify(d.reasons)}`);
          }
          if (c.expect.reasonKind) assert.ok(d.reasons.some((r) => r.kind === c.expect.reasonKind), `no ${c.expect.reasonKind} reason`);
          // The CLI agrees and prints the same decision.
          const cli = runPolicyEval(JSON.stringify(c.scenario), true);
          assert.equal(cli.exitCode, 0);
          assert.equal((JSON.parse(cli.stdout) as { decision: string }).decision, d.decision);
        });
      }
    });
  }
});

describe('policy CLI', () => {
  it('eval reports bad input with exit code 2 and what to fix', () => {
    const out = runPolicyEval('{"request": {"action": "s3:GetObject"}, "policies": {}}', true);
    assert.equal(out.exitCode, 2);
    assert.match(out.stderr, /request\.principal/);
    assert.equal(runPolicyEval('not json', false).exitCode, 2);
  });
  it('eval without --json prints a readable explanation', () => {
    const scenario = { request: { principal: { arn: 'arn:aws:iam::111122223333:user/a', account: '111122223333', type: 'IAMUser' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, policies: { identity: [] } };
    const out = runPolicyEval(JSON.stringify(scenario), false);
    assert.equal(out.exitCode, 0);
    assert.match(out.stdout, /^DENY \(implicit/);
  });
  it('validate rejects an unknown --type with exit code 2', () => {
    assert.equal(runPolicyValidate('{}', 'bucket', false).exitCode, 2);
  });
  it('validate prints AWS messages', () => {
    const out = runPolicyValidate('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}', 'identity', false);
    assert.equal(out.exitCode, 1);
    assert.match(out.stdout, /Policy document should not specify a principal\./);
  });
});
