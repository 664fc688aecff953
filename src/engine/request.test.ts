/** @module Unit tests of `parseDestination`: every `--to` form, including `host:port[/proto]` as Reachability Analyzer and `nc` users write it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDestination } from './request.js';

const parse = (to: string, port?: number) => parseDestination(to, 'eu-west-1', '111122223333', port);

describe('parseDestination', () => {
  it('host:port is a TCP flow to the name; a public service name carries its service', () => {
    assert.deepEqual(parse('dynamodb.eu-west-1.amazonaws.com:443'), {
      hostname: 'dynamodb.eu-west-1.amazonaws.com', port: 443, protocol: 'tcp', service: { service: 'dynamodb', region: 'eu-west-1' },
    });
    assert.deepEqual(parse('db.corp.example:5432/udp'), { hostname: 'db.corp.example', port: 5432, protocol: 'udp' });
    assert.deepEqual(parse('localhost:80'), { hostname: 'localhost', port: 80, protocol: 'tcp' });
  });

  it('a bucket host name with a port asks ListBucket, like https:// without a path; upper case is folded', () => {
    const d = parse('Logs.s3.eu-west-1.amazonaws.com:443');
    assert.ok(!('error' in d));
    assert.equal(d.hostname, 'logs.s3.eu-west-1.amazonaws.com');
    assert.deepEqual(d.request, { action: 's3:ListBucket', resource: 'arn:aws:s3:::logs' });
  });

  it('an IPv4 address is still an IP flow, not a name', () => {
    assert.deepEqual(parse('10.0.1.5:5432/tcp'), { ip: '10.0.1.5', port: 5432, protocol: 'tcp' });
  });

  it('--port overrides the written port', () => {
    const d = parse('db.corp.example:5432', 6432);
    assert.ok(!('error' in d));
    assert.equal(d.port, 6432);
  });

  it('refuses a port over 65535, an unknown protocol, and a name without a port', () => {
    assert.match((parse('db.corp.example:65536') as { error: string }).error, /not 0-65535/);
    assert.match((parse('db.corp.example:22/sctp') as { error: string }).error, /tcp, udp or icmp/);
    assert.match((parse('db.corp.example') as { error: string }).error, /cannot parse/);
    assert.match((parse('-bad-.example:80') as { error: string }).error, /cannot parse/);
  });
});
