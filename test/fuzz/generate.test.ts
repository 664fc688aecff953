/** @module Unit tests of the fuzzer's generator: deterministic by seed, every served operation reachable, wire-valid encodings. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ec2Handlers } from '../../src/services/ec2/index.js';
import { S3_OPERATIONS } from '../../src/services/s3/index.js';
import { DYNAMODB_OPERATIONS } from '../../src/services/dynamodb/index.js';
import { fuzzCase, inputShapeOf, MUTATION_KINDS, servedOperations, type FuzzOptions } from './generate.js';
import { percentEncode, toBytes } from './strings.js';

const OPTS: FuzzOptions = { seed: 42, account: '123456789012', region: 'us-east-1', hints: {} };

describe('fuzz generator', () => {
  it('gives the same request for the same seed and index, and another for another seed', () => {
    for (const i of [0, 1, 17, 999]) {
      const a = fuzzCase(OPTS, i);
      const b = fuzzCase(OPTS, i);
      assert.deepEqual(a, b);
    }
    // Seeds do not share cases (not even at other indices): the first 200 requests of seeds 42 and 43 are disjoint.
    const key = (c: ReturnType<typeof fuzzCase>) => JSON.stringify([c.operation, c.mutations, c.path, c.body.toString('latin1')]);
    const a = new Set(Array.from({ length: 200 }, (_, i) => key(fuzzCase(OPTS, i))));
    const shared = Array.from({ length: 200 }, (_, i) => key(fuzzCase({ ...OPTS, seed: 43 }, i))).filter((k) => a.has(k));
    assert.ok(shared.length < 5, `${shared.length} shared cases`);
  });

  it('takes the operations from the handler tables of every service', () => {
    const ops = servedOperations();
    const by = (s: string) => ops.filter((o) => o.service === s).map((o) => o.operation).sort();
    assert.deepEqual(by('s3'), [...S3_OPERATIONS].sort());
    assert.deepEqual(by('dynamodb'), [...DYNAMODB_OPERATIONS].sort());
    assert.deepEqual(by('ec2'), Object.keys(ec2Handlers).sort());
    for (const s of ['elbv2', 'iam', 'sts']) assert.ok(by(s).length > 0, `${s} has served operations`);
    for (const o of ops) assert.ok(o.service === 's3' || inputShapeOf(o.service, o.operation) !== undefined || o.operation === 'ListBuckets', `${o.service} ${o.operation} has an input shape`);
  });

  it('reaches every served operation and every service within 5,000 cases, with mutations and valid-looking requests', () => {
    const seen = new Set<string>();
    const kinds = new Set<string>();
    let mutated = 0;
    let plain = 0;
    for (let i = 0; i < 5_000; i++) {
      const c = fuzzCase(OPTS, i);
      seen.add(`${c.service}:${c.operation}`);
      for (const m of c.mutations) kinds.add(m.replace(/@.*/s, ''));
      if (c.mutations.length > 0) mutated++; else plain++;
    }
    const missing = servedOperations().filter((o) => !seen.has(`${o.service}:${o.operation}`));
    assert.deepEqual(missing, []);
    assert.ok(mutated > 3_500 && plain > 300, `${mutated} mutated, ${plain} plain`);
    assert.deepEqual(MUTATION_KINDS.filter((k) => !kinds.has(k)), [], 'every mutation kind is applied');
  });

  it('encodes each protocol as its wire expects: form posts, DynamoDB targets, S3 paths from the request URI', () => {
    for (let i = 0; i < 400; i++) {
      const c = fuzzCase(OPTS, i);
      if (c.mutations.length > 0) continue;
      if (c.protocol === 'ec2' || c.protocol === 'query') {
        const form = new URLSearchParams(c.method === 'GET' ? c.path.slice(2) : c.body.toString('latin1'));
        assert.equal(form.get('Action'), c.operation);
      } else if (c.protocol === 'json') {
        assert.equal(c.headers['x-amz-target'], `DynamoDB_20120810.${c.operation}`);
        assert.doesNotThrow(() => JSON.parse(c.body.toString('utf8')));
      } else {
        assert.ok(c.path.startsWith('/'), c.path);
        assert.match(c.headers['authorization'] ?? '', /Credential=123456789012\/\d{8}\/us-east-1\/s3\/aws4_request/);
      }
    }
  });

  it('carries raw bytes and lone surrogates: U+DC80..U+DCFF are single bytes, other lone surrogates WTF-8', () => {
    assert.deepEqual([...toBytes('a\uDCFF\uDC80')], [0x61, 0xff, 0x80]);
    assert.deepEqual([...toBytes('\uD800')], [0xed, 0xa0, 0x80]);
    assert.deepEqual([...toBytes('\u{1F600}')], [0xf0, 0x9f, 0x98, 0x80]);
    assert.equal(percentEncode('a b&\uDCFF'), 'a%20b%26%FF');
    assert.equal(percentEncode("!'()*"), '%21%27%28%29%2A');
  });
});
