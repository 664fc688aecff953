/**
 * @module The `aws-chunked` content encoding (SigV4 streaming uploads): `<hex-size>[;chunk-signature=...]\r\n
 * <data>\r\n ... 0[;...]\r\n<trailer>:<value>\r\n...\r\n`. Chunk signatures are checked before decoding, by
 * `server/chunk-signatures.ts`; trailers (e.g. `x-amz-checksum-crc32`) are returned with lower-cased names.
 */

export interface DecodedChunks {
  readonly data: Buffer;
  readonly trailers: Readonly<Record<string, string>>;
}

/** Thrown on framing that does not parse (S3 answers IncompleteBody). */
export class ChunkFramingError extends Error {}

const CRLF = Buffer.from('\r\n');

/** Decode an aws-chunked body. */
export function decodeAwsChunked(body: Buffer): DecodedChunks {
  const parts: Buffer[] = [];
  let pos = 0;
  let total = 0;
  for (;;) {
    const eol = body.indexOf(CRLF, pos);
    if (eol < 0) throw new ChunkFramingError('chunk header without CRLF');
    const header = body.toString('latin1', pos, eol);
    const semi = header.indexOf(';');
    const sizeText = (semi < 0 ? header : header.slice(0, semi)).trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new ChunkFramingError(`bad chunk size ${sizeText}`);
    const size = parseInt(sizeText, 16);
    pos = eol + 2;
    if (size === 0) break;
    if (pos + size + 2 > body.length) throw new ChunkFramingError('chunk shorter than its size');
    parts.push(body.subarray(pos, pos + size));
    total += size;
    pos += size;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw new ChunkFramingError('chunk data not followed by CRLF');
    pos += 2;
  }
  const trailers: Record<string, string> = {};
  while (pos < body.length) {
    const eol = body.indexOf(CRLF, pos);
    const line = body.toString('latin1', pos, eol < 0 ? body.length : eol);
    pos = eol < 0 ? body.length : eol + 2;
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw new ChunkFramingError(`bad trailer ${line}`);
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: parts.length === 1 ? parts[0]! : Buffer.concat(parts, total), trailers };
}
