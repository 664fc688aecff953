/** @module Unit tests of the legacy parameter translation: conditions, key conditions, attribute updates, mixing. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AwsError } from '../../../errors/aws-error.js';
import type { Item } from '../attribute-value.js';
import type { Condition } from '../expressions/ast.js';
import { evaluateCondition } from '../expressions/evaluate.js';
import { applyAttributeUpdates, attributeUpdatesOf } from './attribute-updates.js';
import { attributesToGetOf } from './attributes-to-get.js';
import { checkedValues, comparisonCondition, expectedOf, joinConditions, legacyFilterOf } from './conditions.js';
import { keyConditionsOf } from './key-conditions.js';
import { refuseMixing } from './mixing.js';

const throwsMessage = (f: () => unknown, message: string): void => assert.throws(f, (e: Error) => { assert.equal(e.message, message); return true; });
const holds = (c: Condition | undefined, item: Item): boolean => evaluateCondition(c!, item, 'ConditionExpression');
const depth = (c: Condition): number => (c.kind === 'and' || c.kind === 'or' ? 1 + Math.max(depth(c.left), depth(c.right)) : 1);

describe('legacy conditions', () => {
  it('counts and types values as AWS does', () => {
    throwsMessage(() => checkedValues('EQ', []), 'One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator');
    throwsMessage(() => checkedValues('IN', []), 'One or more parameter values were invalid: Invalid number of argument(s) for the IN ComparisonOperator');
    throwsMessage(() => checkedValues('CONTAINS', [{ SS: ['a'] }]), 'One or more parameter values were invalid: ComparisonOperator CONTAINS is not valid for SS AttributeValue type');
    throwsMessage(() => checkedValues('BETWEEN', [{ S: 'b' }, { S: 'a' }]), 'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound');
    assert.deepEqual(checkedValues('IN', [{ N: '01' }, { N: '2' }, { N: '3' }]), [{ N: '1' }, { N: '2' }, { N: '3' }]);
    assert.deepEqual(checkedValues('EQ', [{ NS: ['1'] }]), [{ NS: ['1'] }]);
  });

  it('NOT_CONTAINS and NULL are true on a missing attribute; CONTAINS on binary looks for a subsequence', () => {
    assert.equal(holds(comparisonCondition('a', 'NOT_CONTAINS', [{ S: 'x' }]), {}), true);
    assert.equal(holds(comparisonCondition('a', 'NULL', []), {}), true);
    assert.equal(holds(comparisonCondition('a', 'NOT_NULL', []), {}), false);
    const bin = { a: { B: Buffer.from([9, 8, 7]).toString('base64') } };
    assert.equal(holds(comparisonCondition('a', 'CONTAINS', [{ B: Buffer.from([8, 7]).toString('base64') }]), bin), true);
    assert.equal(holds(comparisonCondition('a', 'CONTAINS', [{ B: Buffer.from([7, 8]).toString('base64') }]), bin), false);
    const bs = { a: { BS: [Buffer.from([1]).toString('base64')] } };
    assert.equal(holds(comparisonCondition('a', 'CONTAINS', [{ B: Buffer.from([1]).toString('base64') }]), bs), true);
  });

  it('joins thousands of conditions as a shallow balanced tree', () => {
    const filter = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`a${i}`, { ComparisonOperator: 'EQ', AttributeValueList: [{ N: String(i) }] }]));
    const c = legacyFilterOf({ ScanFilter: filter, ConditionalOperator: 'OR' }, 'ScanFilter')!;
    assert.ok(depth(c) <= 14, `depth ${depth(c)}`);
    assert.equal(holds(c, { a4999: { N: '4999' } }), true);
    assert.equal(holds(c, { a4999: { N: '1' } }), false);
    assert.equal(joinConditions('and', []), undefined);
  });

  it('Expected: Exists/Value forms and ConditionalOperator', () => {
    const c = expectedOf({ Expected: { a: { Exists: false }, b: { Value: { S: 'x' } } }, ConditionalOperator: 'OR' });
    assert.equal(holds(c, { a: { S: '1' }, b: { S: 'x' } }), true);
    assert.equal(holds(c, { a: { S: '1' }, b: { S: 'y' } }), false);
    assert.equal(expectedOf({}), undefined);
    throwsMessage(() => expectedOf({ ConditionalOperator: 'AND' }), 'ConditionalOperator cannot be used without Filter or Expected');
    throwsMessage(() => expectedOf({ Expected: { a: null } }), 'One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: a');
    throwsMessage(() => legacyFilterOf({ ScanFilter: { a: null } }, 'ScanFilter'), 'The filter condition for an attribute cannot be null: a');
  });
});

describe('legacy KeyConditions', () => {
  const schema = { hash: { name: 'pk', type: 'S' as const }, range: { name: 'sk', type: 'N' as const } };
  const eq = { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] };
  it('translates to the key condition tree', () => {
    const c = keyConditionsOf({ pk: eq, sk: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: '1' }] } }, { hash: schema.hash, range: { name: 'sk', type: 'S' } });
    assert.equal(c.kind, 'and');
  });
  it('refuses what AWS refuses', () => {
    throwsMessage(() => keyConditionsOf({}, schema), 'Conditions can be of length 1 or 2 only');
    throwsMessage(() => keyConditionsOf({ sk: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] } }, schema), 'Query condition missed key schema element: pk');
    throwsMessage(() => keyConditionsOf({ pk: { ComparisonOperator: 'GT', AttributeValueList: [{ S: 'p' }] } }, schema), 'Query key condition not supported');
    throwsMessage(() => keyConditionsOf({ pk: eq, sk: { ComparisonOperator: 'IN', AttributeValueList: [{ N: '1' }] } }, schema), 'Attempted conditional constraint is not an indexable operation');
  });
});

describe('legacy AttributeUpdates', () => {
  it('applies PUT, ADD and DELETE without changing the old item', () => {
    const old: Item = { pk: { S: 'k' }, n: { N: '1' }, s: { NS: ['1', '2'] }, gone: { S: 'x' } };
    const updates = attributeUpdatesOf({ n: { Action: 'ADD', Value: { N: '0.5' } }, s: { Action: 'DELETE', Value: { NS: ['2.0'] } }, gone: { Action: 'DELETE' }, fresh: { Action: 'ADD', Value: { SS: ['a'] } }, p: { Value: { BOOL: true } } }, ['pk'])!;
    const { item, paths } = applyAttributeUpdates(updates, old);
    assert.deepEqual({ ...item }, { pk: { S: 'k' }, n: { N: '1.5' }, s: { NS: ['1'] }, fresh: { SS: ['a'] }, p: { BOOL: true } });
    assert.deepEqual(paths.map((p) => p.elements[0]), ['n', 's', 'gone', 'fresh', 'p']);
    assert.deepEqual(old['gone'], { S: 'x' });
  });
  it('refuses key attributes and unsupported actions', () => {
    throwsMessage(() => attributeUpdatesOf({ pk: { Value: { S: 'x' } } }, ['pk']), 'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key');
    throwsMessage(() => attributeUpdatesOf({ a: { Action: 'ADD', Value: { S: 'x' } } }, ['pk']), 'One or more parameter values were invalid: Action ADD is not supported for the type S');
    throwsMessage(() => applyAttributeUpdates(attributeUpdatesOf({ a: { Action: 'ADD', Value: { N: '1' } } }, [])!, { a: { S: 'x' } }), 'Type mismatch for attribute to update');
    const max = '9.9999999999999999999999999999999999999e125';
    throwsMessage(() => applyAttributeUpdates(attributeUpdatesOf({ a: { Action: 'ADD', Value: { N: max } } }, [])!, { a: { N: max } }),
      'Number overflow. Attempting to store a number with magnitude larger than supported range');
  });
});

describe('legacy parameters elsewhere', () => {
  it('AttributesToGet become top-level paths; duplicates are refused', () => {
    assert.deepEqual(attributesToGetOf(['a.b']), [{ kind: 'path', elements: ['a.b'] }]);
    throwsMessage(() => attributesToGetOf(['x', 'x']), 'One or more parameter values were invalid: Duplicate value in attribute name: x');
    throwsMessage(() => attributesToGetOf(['x', null]), "1 validation error detected: Value null at 'attributesToGet.2.member' failed to satisfy constraint: Member must not be null");
  });
  it('mixing is refused, except KeyConditions without KeyConditionExpression', () => {
    throwsMessage(() => refuseMixing({ Expected: {}, ConditionalOperator: 'OR', ConditionExpression: 'x' }, 'PutItem'),
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected, ConditionalOperator} Expression parameters: {ConditionExpression}');
    refuseMixing({ KeyConditions: {}, FilterExpression: 'a = :a' }, 'Query');
    refuseMixing({ Expected: {} }, 'PutItem');
  });

  it('random legacy conditions and updates evaluate or answer a ValidationException, never another error', () => {
    const value = fc.constantFrom<unknown>({ S: 'a' }, { S: 'b' }, { N: '1' }, { N: '2e3' }, { B: 'AQI=' }, { SS: ['a'] }, { NS: ['1'] }, { BS: ['AQ=='] },
      { L: [{ S: 'a' }] }, { M: {} }, { BOOL: true }, { NULL: true }, {}, null, { N: 'x' });
    const op = fc.constantFrom('EQ', 'NE', 'LE', 'LT', 'GE', 'GT', 'NOT_NULL', 'NULL', 'CONTAINS', 'NOT_CONTAINS', 'BEGINS_WITH', 'IN', 'BETWEEN');
    const entry = fc.record({ ComparisonOperator: fc.option(op, { nil: undefined }), AttributeValueList: fc.option(fc.array(value, { maxLength: 3 }), { nil: undefined }),
      Value: fc.option(value, { nil: undefined }), Exists: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: [] });
    const names = fc.constantFrom('s', 'n', 'b', 'ss', 'l', 'missing');
    const update = fc.record({ Action: fc.option(fc.constantFrom('PUT', 'ADD', 'DELETE'), { nil: undefined }), Value: fc.option(value, { nil: undefined }) }, { requiredKeys: [] });
    const item: Item = { s: { S: 'abc' }, n: { N: '5' }, b: { B: 'AQID' }, ss: { SS: ['a', 'b'] }, l: { L: [{ S: 'a' }] } };
    const onlyValidation = (f: () => unknown): void => {
      try { f(); } catch (e) {
        assert.ok(e instanceof AwsError, String(e));
        assert.equal(e.code, 'ValidationException', e.message);
      }
    };
    fc.assert(fc.property(fc.dictionary(names, entry), fc.dictionary(names, update), fc.option(fc.constantFrom('AND', 'OR'), { nil: undefined }), (conds, updates, join) => {
      onlyValidation(() => { const c = expectedOf({ Expected: conds, ConditionalOperator: join }); if (c) evaluateCondition(c, item, 'ConditionExpression'); });
      onlyValidation(() => { const c = legacyFilterOf({ ScanFilter: conds, ConditionalOperator: join }, 'ScanFilter'); if (c) evaluateCondition(c, item, 'FilterExpression'); });
      onlyValidation(() => applyAttributeUpdates(attributeUpdatesOf(updates, ['pk'])!, item));
    }), { numRuns: 3000 });
  });
});
