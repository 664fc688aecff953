import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJsonOffThread, PIECE_CHARS } from './json-off-thread.js';

const long = (c: string, extra = 0): string => c.repeat(PIECE_CHARS + extra);

describe('JSON decoded off the thread', () => {
  it('gives the value JSON.parse gives, long strings (sent on their own) back in place at any depth', async () => {
    const text = JSON.stringify({
      RequestItems: { t: [0, 1, 2].map((i) => ({ PutRequest: { Item: { k: { S: `k${i}` }, v: { S: long(String(i), i) }, l: { L: [{ S: long('x') }, { S: 'short' }] } } } })) },
      top: long('é'),
      list: [long('a'), 'b', [long('c')]],
    });
    const got = await decodeJsonOffThread(Buffer.from(text));
    assert.deepEqual(got?.value, JSON.parse(text));
  });

  it('keeps an own __proto__ member as JSON.parse makes it, long or short, and the prototype untouched', async () => {
    const text = `{"__proto__":"${long('p')}","m":{"__proto__":{"x":"${long('q')}"}}}`;
    const got = (await decodeJsonOffThread(Buffer.from(text)))?.value as Record<string, unknown>;
    const want = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.getOwnPropertyDescriptor(got, '__proto__'), Object.getOwnPropertyDescriptor(want, '__proto__'));
    assert.equal(Object.getPrototypeOf(got), Object.prototype);
    assert.deepEqual(JSON.stringify(got), JSON.stringify(want));
  });

  it('answers undefined for a body that is not JSON, and keeps serving after', async () => {
    assert.equal(await decodeJsonOffThread(Buffer.from(`{"a": "${long('z')}"`)), undefined);
    assert.deepEqual((await decodeJsonOffThread(Buffer.from('{"ok":true}')))?.value, { ok: true });
  });

  it('decodes several bodies in flight at once, each its own', async () => {
    const bodies = Array.from({ length: 6 }, (_, i) => JSON.stringify({ i, s: long(String.fromCharCode(97 + i), i) }));
    const got = await Promise.all(bodies.map((b) => decodeJsonOffThread(Buffer.from(b))));
    got.forEach((g, i) => assert.deepEqual(g?.value, JSON.parse(bodies[i]!)));
  });
});
