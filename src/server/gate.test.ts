/** @module Unit tests of the gate's addressing helpers: which hostname a request is traced to. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bucketOf, serviceHostname } from './gate.js';

describe('request addressing', () => {
  it('finds the bucket in a virtual-hosted Host, else in the path', () => {
    assert.equal(bucketOf('reports.s3.us-east-1.localhost:4566', '/q3.csv'), 'reports');
    assert.equal(bucketOf('reports.localhost:4566', '/q3.csv'), 'reports');
    assert.equal(bucketOf('my.dotted.bucket.s3.amazonaws.com', '/k'), 'my.dotted.bucket');
    assert.equal(bucketOf('127.0.0.1:4566', '/reports/q3.csv'), 'reports');
    assert.equal(bucketOf('localhost:4566', '/reports'), 'reports');
    assert.equal(bucketOf('s3.us-east-1.amazonaws.com', '/reports/x'), 'reports');
    assert.equal(bucketOf('127.0.0.1:4566', '/'), undefined);
    assert.equal(bucketOf('127.0.0.1:4566', '/bad%E0%A4%A/k'), 'bad%E0%A4%A', 'malformed escapes are kept, never thrown');
  });

  it('names the hostnames an instance resolves (S3 virtual hosting, IAM in us-east-1)', () => {
    assert.equal(serviceHostname('s3', 'eu-west-1', 'reports'), 'reports.s3.eu-west-1.amazonaws.com');
    assert.equal(serviceHostname('s3', 'eu-west-1', undefined), 's3.eu-west-1.amazonaws.com');
    assert.equal(serviceHostname('dynamodb', 'us-west-2', undefined), 'dynamodb.us-west-2.amazonaws.com');
    assert.equal(serviceHostname('iam', 'eu-west-1', undefined), 'iam.us-east-1.amazonaws.com');
    assert.equal(serviceHostname('sts', 'eu-west-1', undefined), 'sts.eu-west-1.amazonaws.com');
  });
});
