/** @module Chunk signatures of SigV4 streaming uploads, against AWS's published "Example: PUT Object" (sigv4-streaming). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { hmacKey } from '../shared/hmac-sha256.js';
import { ChunkChain, verifyChunkedBody, type ChunkSigning } from './chunk-signatures.js';

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const KEY = hmac(hmac(hmac(hmac('AWS4wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524'), 'us-east-1'), 's3'), 'aws4_request');
const SIGNING: ChunkSigning = {
  signingKey: hmacKey(KEY), amzDate: '20130524T000000Z', scope: '20130524/us-east-1/s3/aws4_request',
  seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
};
// AWS's example: 66560 bytes of 'a' sent as a 64 KiB chunk, a 1 KiB chunk and the final empty chunk.
const CHUNKS: [Buffer, string][] = [
  [Buffer.alloc(65536, 'a'), 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'],
  [Buffer.alloc(1024, 'a'), '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'],
  [Buffer.alloc(0), 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'],
];
const frame = (chunks: readonly [Buffer, string][]): Buffer => Buffer.concat(chunks.flatMap(([d, s]) => [Buffer.from(`${d.length.toString(16)};chunk-signature=${s}\r\n`), d, Buffer.from('\r\n')]));

describe('SigV4 chunk signatures', () => {
  it("AWS's example chain verifies chunk by chunk (ChunkChain) and as a whole body", () => {
    const chain = new ChunkChain(SIGNING);
    for (const [data, sig] of CHUNKS) assert.equal(chain.chunk(data, sig), undefined);
    assert.equal(verifyChunkedBody(frame(CHUNKS), SIGNING, false), undefined);
  });

  it('a changed byte, a swapped signature, a missing signature or another key is a mismatch with the string to sign', () => {
    const tampered = CHUNKS.map(([d, s]) => [Buffer.from(d), s] as [Buffer, string]);
    tampered[1]![0][0] = 0x62;
    const bad = verifyChunkedBody(frame(tampered), SIGNING, false);
    assert.ok(bad);
    assert.match(bad.stringToSign, /^AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n20130524\/us-east-1\/s3\/aws4_request\nad80c730/);
    assert.equal(bad.signatureProvided, CHUNKS[1]![1]);
    assert.ok(verifyChunkedBody(frame([CHUNKS[1]!, CHUNKS[0]!, CHUNKS[2]!]), SIGNING, false));
    const unsigned = Buffer.concat([Buffer.from('400\r\n'), Buffer.alloc(1024, 'a'), Buffer.from('\r\n0\r\n\r\n')]);
    assert.ok(verifyChunkedBody(unsigned, SIGNING, false));
    assert.ok(verifyChunkedBody(frame(CHUNKS), { ...SIGNING, signingKey: hmacKey(hmac('other', 'key')) }, false));
  });

  it('signed trailers chain from the final chunk (AWS4-HMAC-SHA256-TRAILER over the trailer lines)', () => {
    const chain = new ChunkChain(SIGNING);
    for (const [data, sig] of CHUNKS) chain.chunk(data, sig);
    const lines = 'x-amz-checksum-crc32c:sOO8/Q==\n';
    const sts = `AWS4-HMAC-SHA256-TRAILER\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n${CHUNKS[2]![1]}\n${createHash('sha256').update(lines).digest('hex')}`;
    const good = createHmac('sha256', KEY).update(sts).digest('hex');
    const body = Buffer.concat([frame(CHUNKS), Buffer.from(`x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:${good}\r\n\r\n`)]);
    assert.equal(verifyChunkedBody(body, SIGNING, true), undefined);
    const forged = Buffer.from(body.toString('latin1').replace('sOO8/Q==', 'AAAAAA=='), 'latin1');
    assert.ok(verifyChunkedBody(forged, SIGNING, true));
  });
});
