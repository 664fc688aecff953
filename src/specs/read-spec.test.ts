/** @module readSpec: a spec file is parsed on first use, once, and then reads as plain data. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readSpec } from './read-spec.js';

interface Spec { readonly meta: unknown; readonly operations: Record<string, unknown>; readonly shapes: Record<string, unknown>; readonly errors?: Record<string, unknown> }

describe('readSpec (lazy spec loading)', () => {
  it('parses on the first property read and keeps the same objects afterwards', () => {
    const spec = readSpec<Spec>('sts.json');
    const ops = spec.operations;
    assert.ok(Object.hasOwn(ops, 'AssumeRole'));
    assert.equal(spec.operations, ops, 'a second read returns the parsed object, not a fresh parse');
    assert.equal(typeof Object.getOwnPropertyDescriptor(spec, 'operations')?.get, 'undefined', 'after loading, properties are data');
  });

  it('leaves keys the file lacks absent once loaded, and spreads like the parsed JSON', () => {
    const ec2 = readSpec<Spec>('ec2.json');
    const copy = { ...ec2 };
    assert.ok('shapes' in copy && 'operations' in copy);
    assert.equal('errors' in ec2, false, 'ec2.json has no errors map');
    assert.equal(ec2.errors, undefined);
  });
});
