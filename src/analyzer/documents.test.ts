/** @module Telling which AWS CLI command printed a document, by its top-level key. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from './documents.js';

const command = (body: unknown): string => { const c = classify(body); return c.kind === 'imported' ? c.command : c.kind; };

describe('classify', () => {
  it('names the command by the top-level key, whatever else the document holds', () => {
    assert.equal(command({ Vpcs: [] }), 'describe-vpcs');
    assert.equal(command({ RouteTables: [], NextToken: 'x' }), 'describe-route-tables');
    assert.equal(command({ Reservations: [] }), 'describe-instances');
    assert.equal(command({ VpcId: 'vpc-1', EnableDnsHostnames: { Value: true } }), 'describe-vpcs');
    assert.equal(command({ LocationConstraint: null }), 's3api get-bucket-location');
    assert.equal(command({ LoadBalancerTargetHealth: [] }), 'elbv2 describe-target-health');
    assert.equal(command({ RoleDetailList: [], UserDetailList: [] }), 'iam get-account-authorization-details');
  });

  it('tells describe-prefix-lists (Cidrs) from describe-managed-prefix-lists (MaxEntries), both under PrefixLists', () => {
    assert.equal(command({ PrefixLists: [{ PrefixListId: 'pl-68a54001', PrefixListName: 'com.amazonaws.us-west-2.s3', Cidrs: ['52.218.128.0/17'] }] }), 'describe-prefix-lists');
    assert.equal(command({ PrefixLists: [{ PrefixListId: 'pl-0123', AddressFamily: 'IPv4', MaxEntries: 5, OwnerId: '123456789012' }] }), 'describe-managed-prefix-lists');
  });

  it('reports outputs it knows but does not import, and anything else as unknown', () => {
    assert.equal(command({ AvailabilityZones: [] }), 'known');
    assert.equal(command({ Buckets: [], Owner: {} }), 'unknown');
    assert.equal(command([1, 2]), 'unknown');
    assert.equal(command('text'), 'unknown');
  });
});
