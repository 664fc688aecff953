/** @module The expression grammars and their evaluation: conditions, updates, projections and key conditions. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Item } from '../attribute-value.js';
import { analyzeKeyCondition } from '../read.js';
import { ExpressionScope } from './bind.js';
import { evaluateCondition } from './evaluate.js';
import { parseCondition, parseProjection, parseUpdate } from './parser.js';
import { project } from './projection.js';
import { applyUpdate } from './update.js';

const ITEM: Item = {
  id: { S: 'x' }, n: { N: '5' }, s: { S: 'hello' }, tags: { SS: ['a', 'b'] }, nums: { NS: ['1', '2.5'] },
  m: { M: { deep: { L: [{ N: '1' }, { M: { k: { S: 'v' } } }] } } }, flag: { BOOL: false }, nil: { NULL: true },
};

function cond(text: string, values: Record<string, unknown> = {}, names?: Record<string, string>, item: Item = ITEM): boolean {
  const scope = new ExpressionScope(names, Object.keys(values).length ? values : undefined, true);
  const bound = scope.condition(parseCondition(text, 'ConditionExpression'), 'ConditionExpression');
  scope.finish();
  return evaluateCondition(bound, item, 'ConditionExpression');
}

/** A value as the wire carries it: attribute maps are built without a prototype, which strict deepEqual would see. */
const wire = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

function upd(text: string, values: Record<string, unknown> = {}, item: Item = ITEM) {
  const scope = new ExpressionScope(undefined, Object.keys(values).length ? values : undefined, true);
  const bound = scope.update(parseUpdate(text));
  scope.finish();
  return applyUpdate(bound, item, ['id']);
}

describe('condition expressions', () => {
  it('compares, with absent attributes false (and <> true) and mismatched types never equal', () => {
    assert.equal(cond('n = :v', { ':v': { N: '5.0' } }), true);
    assert.equal(cond('n < :v', { ':v': { N: '10' } }), true);
    assert.equal(cond('s > :v', { ':v': { S: 'help' } }), false);
    assert.equal(cond('absent = :v', { ':v': { N: '1' } }), false);
    assert.equal(cond('absent <> :v', { ':v': { N: '1' } }), true);
    assert.equal(cond('n = :v', { ':v': { S: '5' } }), false);
    assert.equal(cond('tags = :v', { ':v': { SS: ['b', 'a'] } }), true);
    assert.equal(cond('m.deep[1].k = :v', { ':v': { S: 'v' } }), true);
  });

  it('has the documented precedence: NOT over AND over OR, parentheses first', () => {
    assert.equal(cond('n = :a OR n = :b AND s = :c', { ':a': { N: '5' }, ':b': { N: '6' }, ':c': { S: 'no' } }), true);
    assert.equal(cond('(n = :a OR n = :b) AND s = :c', { ':a': { N: '5' }, ':b': { N: '6' }, ':c': { S: 'no' } }), false);
    assert.equal(cond('NOT n = :a AND s = :c', { ':a': { N: '6' }, ':c': { S: 'hello' } }), true);
  });

  it('evaluates BETWEEN, IN and the functions', () => {
    assert.equal(cond('n BETWEEN :a AND :b', { ':a': { N: '5' }, ':b': { N: '5' } }), true);
    assert.throws(() => cond('n BETWEEN :a AND :b', { ':a': { N: '6' }, ':b': { N: '5' } }), /BETWEEN operator requires upper bound/);
    assert.equal(cond('n IN (:a, :b)', { ':a': { N: '4' }, ':b': { N: '5' } }), true);
    assert.equal(cond('attribute_exists(m.deep[0]) AND attribute_not_exists(m.deep[5])'), true);
    assert.equal(cond('attribute_type(nil, :t)', { ':t': { S: 'NULL' } }), true);
    assert.throws(() => cond('attribute_type(nil, :t)', { ':t': { S: 'XX' } }), /Invalid attribute type name found/);
    assert.equal(cond('begins_with(s, :p)', { ':p': { S: 'he' } }), true);
    assert.equal(cond('contains(s, :p) AND contains(tags, :t) AND contains(nums, :n)', { ':p': { S: 'ell' }, ':t': { S: 'b' }, ':n': { N: '2.50' } }), true);
    assert.equal(cond('size(s) = :five AND size(tags) = :two AND size(m.deep) = :two', { ':five': { N: '5' }, ':two': { N: '2' } }), true);
  });

  it('raises syntax errors in DynamoDB\'s form', () => {
    assert.throws(() => parseCondition('a = = b', 'ConditionExpression'), /Invalid ConditionExpression: Syntax error; token: "=", near: "= ="/);
    assert.throws(() => parseCondition('foo(a)', 'ConditionExpression'), /Invalid function name; function: foo/);
    assert.throws(() => parseCondition('a = :v AND', 'FilterExpression'), /Invalid FilterExpression: Syntax error; token: "<EOF>"/);
    assert.throws(() => parseCondition('', 'ConditionExpression'), /The expression can not be empty/);
  });

  it('reports unused and undefined placeholders', () => {
    assert.throws(() => cond('n = :v', { ':v': { N: '1' } }, { '#unused': 'x' }), /unused in expressions: keys: \{#unused\}/);
    assert.throws(() => cond('#n = :v', { ':v': { N: '1' } }), /attribute name: #n/);
  });
});

describe('update expressions', () => {
  it('computes SET values from the old item', () => {
    const r = upd('SET n = n + :one, dup = n', { ':one': { N: '1' } });
    assert.deepEqual(r.item['n'], { N: '6' });
    assert.deepEqual(r.item['dup'], { N: '5' });
  });

  it('removes list elements by their original positions', () => {
    const r = upd('REMOVE m.deep[0], m.deep[1]');
    assert.deepEqual(wire(r.item['m']), { M: { deep: { L: [] } } });
  });

  it('adds to numbers and sets, deletes from sets, removes emptied sets', () => {
    const r = upd('ADD n :two, nums :more DELETE tags :ab', { ':two': { N: '2' }, ':more': { NS: ['2.5', '3'] }, ':ab': { SS: ['a', 'b'] } });
    assert.deepEqual(r.item['n'], { N: '7' });
    assert.deepEqual(r.item['nums'], { NS: ['1', '2.5', '3'] });
    assert.equal(r.item['tags'], undefined);
  });

  it('leaves the old item unchanged and shares what it does not write', () => {
    const before = JSON.stringify(ITEM);
    const r = upd('SET m.deep[1].k = :v, m.deep[5] = :v REMOVE m.deep[0] ADD nums :x DELETE tags :a', { ':v': { S: 'w' }, ':x': { NS: ['9'] }, ':a': { SS: ['a'] } });
    assert.equal(JSON.stringify(ITEM), before);
    assert.deepEqual(wire(r.item['m']), { M: { deep: { L: [{ M: { k: { S: 'w' } } }, { S: 'w' }] } } });
    assert.equal(r.item['s'], ITEM['s']);
  });

  it('refuses functions and operands that do not belong', () => {
    assert.throws(() => upd('SET a = size(s)'), /not allowed in an update expression; function: size/);
    assert.throws(() => upd('SET a = s + :one', { ':one': { N: '1' } }), /Incorrect operand type/);
    assert.throws(() => upd('SET a = list_append(s, :l)', { ':l': { L: [] } }), /list_append/);
    assert.throws(() => upd('SET a = absent'), /refers to an attribute that does not exist/);
  });
});

describe('projection expressions', () => {
  it('keeps nested parts and closes up list elements', () => {
    const paths = parseProjection('m.deep[1].k, s, nope');
    assert.deepEqual(wire(project(ITEM, paths)), { m: { M: { deep: { L: [{ M: { k: { S: 'v' } } }] } } }, s: { S: 'hello' } });
  });
});

describe('key conditions', () => {
  const schema = { hash: { name: 'pk', type: 'S' as const }, range: { name: 'sk', type: 'N' as const } };
  const analyze = (text: string, values: Record<string, unknown>) => {
    const scope = new ExpressionScope(undefined, values, true);
    return analyzeKeyCondition(scope.condition(parseCondition(text, 'KeyConditionExpression'), 'KeyConditionExpression'), schema);
  };
  it('splits the partition key value from the sort key predicate', () => {
    const k = analyze('sk BETWEEN :a AND :b AND pk = :p', { ':p': { S: 'x' }, ':a': { N: '1' }, ':b': { N: '2' } });
    assert.deepEqual(k.hash, { S: 'x' });
    assert.equal(k.range?.op, 'between');
  });
  it('refuses what DynamoDB refuses', () => {
    assert.throws(() => analyze('pk > :p', { ':p': { S: 'x' } }), /Query key condition not supported/);
    assert.throws(() => analyze('pk = :p AND sk = :a AND sk = :a', { ':p': { S: 'x' }, ':a': { N: '1' } }), /only contain one condition per key/);
    assert.throws(() => analyze('pk = :p AND colour = :a', { ':p': { S: 'x' }, ':a': { N: '1' } }), /Query key condition not supported/);
  });
});
