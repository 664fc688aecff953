/** @module Unit tests of expression validation: size, redundant parentheses, path overlap and conflict, SET append order. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AwsError } from '../../../errors/aws-error.js';
import { ExpressionScope } from './bind.js';
import { evaluateCondition } from './evaluate.js';
import { parseNumber } from '../numbers.js';
import type { Path, Update } from './ast.js';
import { parseCondition, parseProjection, parseUpdate } from './parser.js';
import { checkIndependentPaths, relation } from './path-overlap.js';
import { applyUpdate } from './update.js';

const throwsMessage = (f: () => unknown, message: string): void => assert.throws(f, (e: Error) => { assert.equal(e.message, message); return true; });
const path = (...elements: (string | number)[]): Path => ({ kind: 'path', elements });

describe('expression validation', () => {
  it('an expression over 4 KB is refused before parsing, however deep', () => {
    const deep = `${'('.repeat(10000)}a = :v${')'.repeat(10000)}`;
    throwsMessage(() => parseCondition(deep, 'FilterExpression'), 'Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 20006');
    const ors = Array.from({ length: 5000 }, () => 'a = :v').join(' OR ');
    throwsMessage(() => parseCondition(ors, 'ConditionExpression'), `Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: ${ors.length}`);
    // The deepest nesting that fits in 4 KB parses without exhausting the stack.
    assert.equal(parseCondition(`${'NOT '.repeat(1020)}a = :v`, 'ConditionExpression').kind, 'not');
  });

  it('redundant parentheses are refused; single ones are fine', () => {
    throwsMessage(() => parseCondition('((a = :v))', 'ConditionExpression'), 'Invalid ConditionExpression: The expression has redundant parentheses;');
    throwsMessage(() => parseCondition('b = :w AND ((a = :v))', 'FilterExpression'), 'Invalid FilterExpression: The expression has redundant parentheses;');
    assert.equal(parseCondition('((a = :v) AND (b = :w))', 'ConditionExpression').kind, 'and');
  });

  it('paths overlap when one is a prefix, conflict when an element is both a map key and a list index', () => {
    assert.equal(relation(path('a'), path('a', 'b')), 'overlap');
    assert.equal(relation(path('a', 'b'), path('a', 0)), 'conflict');
    assert.equal(relation(path('a', 'b'), path('a', 'c')), 'independent');
    throwsMessage(() => checkIndependentPaths([path('x'), path('a', 'b'), path('a', 0)], 'ProjectionExpression'),
      'Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]');
  });

  it('SET past the end of a list appends in index order', () => {
    const lit = (s: string) => ({ kind: 'literal' as const, value: { S: s } });
    const update: Update = { set: [{ path: path('l', 11), value: lit('b') }, { path: path('l', 10), value: lit('a') }], remove: [], add: [], delete: [] };
    const { item } = applyUpdate(update, { l: { L: [{ S: 'x' }, { S: 'y' }] } }, []);
    assert.deepEqual(item['l'], { L: [{ S: 'x' }, { S: 'y' }, { S: 'a' }, { S: 'b' }] });
  });

  it('numbers with surrounding whitespace are refused', () => {
    throwsMessage(() => parseNumber(' 1'), 'A value provided cannot be converted into a number');
    throwsMessage(() => parseNumber('1 '), 'A value provided cannot be converted into a number');
    assert.equal(parseNumber('+1.0').digits, '1');
  });

  it('any token soup is parsed, bound and evaluated or refused with a ValidationException, never another error', () => {
    const tokens = ['a', 'b.c', 'l[0]', '#n', ':v', ':w', '(', ')', '=', '<>', '<', '>=', 'AND', 'OR', 'NOT', 'BETWEEN', 'IN', ',',
      'size(', 'contains(', 'begins_with(', 'attribute_exists(', 'attribute_type(', 'SET', 'REMOVE', 'ADD', 'DELETE', '+', '-',
      'if_not_exists(', 'list_append(', 'name', '[', ']', '.', '1'];
    const item = { a: { S: 'x' }, b: { M: { c: { N: '1' } } }, l: { L: [{ S: 'q' }] } };
    fc.assert(fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 40 }), (parts) => {
      const text = parts.join(' ');
      for (const attempt of [
        () => { const c = parseCondition(text, 'ConditionExpression'); const s = new ExpressionScope({ '#n': 'a' }, { ':v': { S: 'x' }, ':w': { N: '2' } }, true); evaluateCondition(s.condition(c, 'ConditionExpression'), item, 'ConditionExpression'); },
        () => { const u = parseUpdate(text); const s = new ExpressionScope({ '#n': 'a' }, { ':v': { S: 'x' }, ':w': { N: '2' } }, true); applyUpdate(s.update(u), item, []); },
        () => parseProjection(text),
      ]) {
        try { attempt(); } catch (e) {
          assert.ok(e instanceof AwsError, `${text}: ${String(e)}`);
          assert.equal(e.code, 'ValidationException', `${text}: ${e.message}`);
        }
      }
    }), { numRuns: 3000 });
  });
});
