/** @module Unit tests of the gate's addressing: which hostname a request is traced to. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { serviceHostname } from './gate.js';

describe('request addressing', () => {
  it('names the hostnames an instance resolves (S3 virtual hosting, IAM in us-east-1)', () => {
    assert.equal(serviceHostname('s3', 'eu-west-1', 'reports'), 'reports.s3.eu-west-1.amazonaws.com');
    assert.equal(serviceHostname('s3', 'eu-west-1', undefined), 's3.eu-west-1.amazonaws.com');
    assert.equal(serviceHostname('dynamodb', 'us-west-2', undefined), 'dynamodb.us-west-2.amazonaws.com');
    assert.equal(serviceHostname('iam', 'eu-west-1', undefined), 'iam.us-east-1.amazonaws.com');
    assert.equal(serviceHostname('sts', 'eu-west-1', undefined), 'sts.eu-west-1.amazonaws.com');
  });
});
