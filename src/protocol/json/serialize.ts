/**
 * @module JSON-protocol response writer: walks the output shape once to turn timestamps (Date) into epoch seconds
 * and binary values (Uint8Array) into base64; subtrees holding neither are passed through untouched, so an item
 * is never copied. Also renders errors (`__type` + `message`) and adds the headers every response carries.
 */
import { crc32 } from 'node:zlib';
import type { AwsError } from '../../errors/aws-error.js';
import type { JsonServiceModel, JsonShapeSpec } from '../../specs/dynamodb-model.js';
import type { JsonDialect } from './dialect.js';

type Convert = (value: unknown) => unknown;

/** A response ready for the HTTP layer. */
export interface JsonResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export class JsonOutputWriter {
  readonly #converters = new Map<string, Convert | null>();
  readonly #visiting = new Set<string>();

  constructor(private readonly model: JsonServiceModel, private readonly dialect: JsonDialect) {}

  /** The 200 response of `operation` for `output`. */
  success(operation: string, output: unknown, requestId: string): JsonResponse {
    const shape = this.model.operations[operation]?.output;
    const convert = shape ? this.converter(shape) : null;
    const body = JSON.stringify(convert ? convert(output ?? {}) : (output ?? {}));
    return { status: 200, headers: this.headers(body, requestId), body };
  }

  /** The error document of `err` (extra members, e.g. a failed condition's `Item`, beside `__type` and `message`). */
  error(err: AwsError, requestId: string, extra: Readonly<Record<string, unknown>> = {}): JsonResponse {
    const doc: Record<string, unknown> = { __type: this.dialect.errorType(err.code) };
    if (err.message !== '' || err.code !== 'UnknownOperationException') doc['message'] = err.message;
    Object.assign(doc, extra);
    const body = JSON.stringify(doc);
    return { status: err.httpStatus, headers: this.headers(body, requestId), body };
  }

  private headers(body: string, requestId: string): Record<string, string> {
    const h: Record<string, string> = { 'content-type': this.dialect.contentType, 'x-amzn-requestid': requestId };
    // AWS: x-amz-crc32 is the CRC32 of the exact body bytes, unsigned decimal (botocore retries on a mismatch).
    // zlib hashes a string as its UTF-8 bytes, so the body is not copied to a Buffer first.
    if (this.dialect.crc32) h['x-amz-crc32'] = String(crc32(body) >>> 0);
    return h;
  }

  /** The converter of a shape, or null when the shape holds no timestamp or blob. */
  private converter(name: string): Convert | null {
    if (this.#converters.has(name)) return this.#converters.get(name) ?? null;
    if (this.#visiting.has(name)) return null; // recursive shapes (AttributeValue) hold blobs already base64
    this.#visiting.add(name);
    const c = this.compile(this.model.shapes[name]);
    this.#visiting.delete(name);
    this.#converters.set(name, c);
    return c;
  }

  private compile(shape: JsonShapeSpec | undefined): Convert | null {
    if (!shape) return null;
    switch (shape.type) {
      case 'timestamp': return (v) => (v instanceof Date ? v.getTime() / 1000 : v);
      case 'blob': return (v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v);
      case 'list': {
        const item = this.converter(shape.member);
        return item ? (v) => (Array.isArray(v) ? v.map(item) : v) : null;
      }
      case 'map': {
        const value = this.converter(shape.value);
        return value ? (v) => mapValues(v, value) : null;
      }
      case 'structure': {
        const members = Object.entries(shape.members)
          .map(([m, spec]) => [m, this.converter(spec.shape)] as const)
          .filter((x): x is readonly [string, Convert] => x[1] !== null);
        if (members.length === 0) return null;
        return (v) => {
          if (typeof v !== 'object' || v === null) return v;
          const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
          for (const [m, c] of members) if (out[m] !== undefined) out[m] = c(out[m]);
          return out;
        };
      }
      default: return null;
    }
  }
}

function mapValues(v: unknown, f: Convert): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = f(x);
  return out;
}
