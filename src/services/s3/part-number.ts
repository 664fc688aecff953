/**
 * @module GetObject/HeadObject `?partNumber=N`: the bytes of one part of a multipart object (206, Content-Range,
 * x-amz-mp-parts-count). AWS: part 1 of an object not made by multipart upload is the whole object; a part number
 * past the object's parts is not satisfiable (416 InvalidPartNumber); a part number with a Range header is refused
 * (400 InvalidRequest); a part number outside 1..10,000 is refused (400 InvalidArgument).
 */
import { s3Errors } from '../../errors/s3.js';
import { checksumMembers } from './object-facts.js';
import type { StoredObject } from './storage.js';

type Input = Readonly<Record<string, unknown>>;

/** The part number a read asks for (validated), or undefined. */
export function requestedPart(input: Input): number | undefined {
  const v = input['PartNumber'];
  if (v === undefined) return undefined;
  const n = v as number;
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(v));
  }
  if (typeof input['Range'] === 'string') throw s3Errors.invalidRequest('Cannot specify both Range header and partNumber query parameter');
  return n;
}

/**
 * Part `n` of `o` as [start, end), with the output members a part read adds: its composite checksum when the client
 * asked with x-amz-checksum-mode (a full-object checksum covers no single part, so none is returned for those).
 * Objects without recorded parts (single-part objects) have one part, the whole object.
 */
export function partRange(o: StoredObject, n: number, checksumMode: boolean): { start: number; end: number; members: Record<string, string> } {
  const parts = o.extra.parts;
  if (parts === undefined || parts.length === 0) {
    if (n !== 1) throw s3Errors.invalidPartNumber();
    return { start: 0, end: o.size, members: {} };
  }
  const part = parts[n - 1];
  if (part === undefined) throw s3Errors.invalidPartNumber();
  let start = 0;
  for (let i = 0; i < n - 1; i++) start += parts[i]!.size;
  const members: Record<string, string> = {};
  if (checksumMode && o.extra.checksumType === 'COMPOSITE') {
    Object.assign(members, checksumMembers(part.checksums));
    if (Object.keys(members).length > 0) members['ChecksumType'] = 'COMPOSITE';
  }
  return { start, end: start + part.size, members };
}
