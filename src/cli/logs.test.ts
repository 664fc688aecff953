/** @module Unit tests of `vpce logs`: which files are read and how an API event reads as a line. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatApiEvent, logFiles } from './logs.js';

describe('vpce logs', () => {
  it('reads one flow log per VPC, sorted, or the one asked for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-logs-'));
    try {
      mkdirSync(join(dir, 'logs', 'flow'), { recursive: true });
      writeFileSync(join(dir, 'logs', 'flow', 'vpc-b.log'), '');
      writeFileSync(join(dir, 'logs', 'flow', 'vpc-a.log'), '');
      assert.deepEqual(logFiles(dir, 'flow').map((f) => f.slice(dir.length)), ['/logs/flow/vpc-a.log', '/logs/flow/vpc-b.log']);
      assert.deepEqual(logFiles(dir, 'flow', 'vpc-b').map((f) => f.slice(dir.length)), ['/logs/flow/vpc-b.log']);
      assert.deepEqual(logFiles(dir, 'api').map((f) => f.slice(dir.length)), ['/logs/api.jsonl']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('formats an API event with its source, endpoint, principal, operation and outcome', () => {
    const line = formatApiEvent(JSON.stringify({
      eventTime: '2026-11-22T10:00:00Z', userIdentity: { arn: 'arn:aws:sts::1:assumed-role/app/i-1' }, eventSource: 's3.amazonaws.com',
      eventName: 'GetObject', sourceIPAddress: '10.0.1.5', vpceSource: 'i-1', vpcEndpointId: 'vpce-1', errorCode: 'AccessDenied',
    }));
    assert.equal(line, '2026-11-22T10:00:00Z  i-1 10.0.1.5 via vpce-1  arn:aws:sts::1:assumed-role/app/i-1  s3:GetObject  AccessDenied');
    const refused = formatApiEvent(JSON.stringify({ eventTime: 't', userIdentity: { arn: 'a' }, eventSource: 'dynamodb.amazonaws.com', eventName: null, sourceIPAddress: '10.0.2.5', vpceNetwork: { delivered: false, disposition: 'noRoute' } }));
    assert.match(refused, /dynamodb:-  NOT DELIVERED \(noRoute\)$/);
    assert.equal(formatApiEvent('not json'), 'not json');
    const denied = formatApiEvent(JSON.stringify({ eventTime: 't', userIdentity: { arn: 'a' }, eventSource: 's3.amazonaws.com', eventName: 'GetObject', sourceIPAddress: '54.1.2.3', errorCode: 'AccessDenied', vpcePolicy: [{ decidedBy: 'resource policy statement 0 "OnlyVpce"' }] }));
    assert.match(denied, /s3:GetObject  AccessDenied \(resource policy statement 0 "OnlyVpce"\)$/);
  });
});
