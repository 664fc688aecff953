/** @module Unit tests of `vpce exec`'s environment and argv: what a child process sees. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execArgv, execEnvironment, type ExecCredentials } from './exec.js';

const creds: ExecCredentials = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01', secretAccessKey: 's'.repeat(40), sessionToken: 'token', expiration: '2026-11-22T12:00:00Z',
  account: '111111111111', region: 'eu-west-1', instanceId: 'i-0123456789abcdef0', principalArn: 'arn:aws:sts::111111111111:assumed-role/app/i-0123456789abcdef0',
};

describe('vpce exec environment', () => {
  it('sets the credentials, Region and endpoint every AWS CLI and SDK reads, and clears profiles', () => {
    const env = execEnvironment({ PATH: '/bin', AWS_PROFILE: 'prod', AWS_ENDPOINT_URL_S3: 'http://elsewhere', AWS_ACCESS_KEY_ID: 'AKIAOLD' }, creds, 'http://127.0.0.1:4566');
    assert.equal(env['AWS_ACCESS_KEY_ID'], creds.accessKeyId);
    assert.equal(env['AWS_SECRET_ACCESS_KEY'], creds.secretAccessKey);
    assert.equal(env['AWS_SESSION_TOKEN'], 'token');
    assert.equal(env['AWS_REGION'], 'eu-west-1');
    assert.equal(env['AWS_DEFAULT_REGION'], 'eu-west-1');
    assert.equal(env['AWS_ENDPOINT_URL'], 'http://127.0.0.1:4566');
    assert.equal(env['AWS_EC2_METADATA_DISABLED'], 'true');
    assert.equal(env['AWS_PROFILE'], undefined);
    assert.equal(env['AWS_ENDPOINT_URL_S3'], undefined, 'a service-specific endpoint would bypass vpce');
    assert.equal(env['PATH'], '/bin');
  });

  it('adds --endpoint-url to aws commands that lack it (CLI v2 2.9 ignores AWS_ENDPOINT_URL)', () => {
    assert.deepEqual(execArgv(['aws', 's3', 'ls'], 'http://h:1'), ['aws', '--endpoint-url', 'http://h:1', 's3', 'ls']);
    assert.deepEqual(execArgv(['/usr/bin/aws', 'sts', 'get-caller-identity'], 'http://h:1'), ['/usr/bin/aws', '--endpoint-url', 'http://h:1', 'sts', 'get-caller-identity']);
    assert.deepEqual(execArgv(['aws', '--endpoint-url=http://x', 's3', 'ls'], 'http://h:1'), ['aws', '--endpoint-url=http://x', 's3', 'ls']);
    assert.deepEqual(execArgv(['python3', 'app.py'], 'http://h:1'), ['python3', 'app.py']);
    assert.deepEqual(execArgv([], 'http://h:1'), []);
  });
});
