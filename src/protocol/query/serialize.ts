/**
 * @module Query response writer, shared by EC2 and plain Query: walks an output shape and writes XML
 * (element per member = `x` or the member name; list items wrapped per the dialect). Plain Query's envelope
 * (`<Op>Result`, `ResponseMetadata`) and error document live here too; EC2's are in ../ec2-query.
 */
import type { AwsError } from '../../errors/aws-error.js';
import type { OperationSpec, ServiceModel, ShapeSpec } from '../../specs/service-model.js';
import type { QueryDialect } from './dialect.js';
import { xmlEscaper } from '../xml-chars.js';

/**
 * Escape text for an XML element body. Element content needs only `&`, `<` and `>` escaped (quotes matter in
 * attributes, which we never write), so JSON policy documents pass through untouched; a character XML 1.0 cannot
 * carry (input refuses them, but an error message may echo one) becomes U+FFFD.
 */
export const escapeXml: (text: string) => string = xmlEscaper({ '&': '&amp;', '<': '&lt;', '>': '&gt;' });

function shapeOf(model: ServiceModel, name: string): ShapeSpec {
  const s = model.shapes[name];
  if (!s) throw new Error(`shape ${name} missing from the model`);
  return s;
}

/** The XML written once for a frozen value (see `compile`), with its UTF-8 bytes once a byte response needed them. */
interface Written { readonly tag: string; readonly xml: string; bytes: Buffer | undefined }

/**
 * Where writers append a document. As text (`text()`), or as the body to send (`body()`): a small document as its
 * text (the HTTP layer writes it with the headers in one go), a large one as UTF-8 bytes in which the XML of
 * frozen values is encoded once and copied into each response, rather than a whole large document (a 200-endpoint
 * listing is 143 KB) being joined and encoded to UTF-8 again on every request.
 */
export class XmlOut {
  /** Text written since the last frozen value (all of it, in text mode). */
  private pending = '';
  /**
   * Body mode: what was written in order (text, frozen values, and text already encoded as UTF-8), and its length
   * in UTF-16 units.
   */
  private readonly parts: (string | Written | Buffer)[] | undefined;
  private length = 0;

  constructor(mode: 'text' | 'body') { this.parts = mode === 'body' ? [] : undefined; }

  write(text: string): void {
    this.pending += text;
    // A body's text is encoded as it grows: V8 flattens one string of a hundred thousand appends (a 3.8 MB listing)
    // several times slower than many strings of 16 KB.
    if (this.parts !== undefined && this.pending.length > ENCODE_AT) {
      this.parts.push(Buffer.from(this.pending, 'utf8'));
      this.length += this.pending.length;
      this.pending = '';
    }
  }

  /** The XML of a frozen value written before. */
  written(w: Written): void {
    if (!this.parts) { this.pending += w.xml; return; }
    if (this.pending !== '') { this.parts.push(this.pending); this.length += this.pending.length; this.pending = ''; }
    this.parts.push(w);
    this.length += w.xml.length;
  }

  text(): string {
    if (this.parts) throw new Error('XmlOut: a body document has no text');
    return this.pending;
  }

  /**
   * The document to send: its text when small, else its UTF-8 bytes as pieces in order (written as they are,
   * rather than copied into one buffer first: 12 ms for a 3.8 MB listing on this machine).
   */
  body(): string | Buffer[] {
    if (!this.parts) throw new Error('XmlOut: a text document is read with text()');
    // Text is encoded only past ENCODE_AT, which is SMALL_DOCUMENT: a small document's parts are never bytes.
    if (this.length + this.pending.length <= SMALL_DOCUMENT) {
      let text = '';
      for (const p of this.parts) text += typeof p === 'string' ? p : (p as Written).xml;
      return text + this.pending;
    }
    const chunks: Buffer[] = [];
    for (const p of this.parts) chunks.push(typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.isBuffer(p) ? p : (p.bytes ??= Buffer.from(p.xml, 'utf8')));
    if (this.pending !== '') chunks.push(Buffer.from(this.pending, 'utf8'));
    return chunks;
  }
}

/** Documents up to this many characters are sent as text: joining and encoding them costs less than copying pieces. */
const SMALL_DOCUMENT = 16 * 1024;
/** A body's pending text is encoded to UTF-8 once it is longer than this (so never in a small document). */
const ENCODE_AT = SMALL_DOCUMENT;

/** Writes one value of a shape as an element named `tag`. */
type Writer = (tag: string, v: unknown, out: XmlOut) => void;

/**
 * Writers are compiled once per (dialect, model, shape) into closures: the walk over the shape tree happens
 * once, not on every response.
 */
const compiled = new WeakMap<QueryDialect, WeakMap<ServiceModel, Map<string, Writer>>>();

function writerFor(model: ServiceModel, dialect: QueryDialect, shapeName: string): Writer {
  let byModel = compiled.get(dialect);
  if (!byModel) { byModel = new WeakMap(); compiled.set(dialect, byModel); }
  let cache = byModel.get(model);
  if (!cache) { cache = new Map(); byModel.set(model, cache); }
  const hit = cache.get(shapeName);
  if (hit) return hit;
  // Compile eagerly; while a shape compiles, a placeholder stands in for it so recursive shapes terminate
  // (only a real cycle keeps the placeholder's one extra call).
  let built: Writer | undefined;
  cache.set(shapeName, (tag, v, out) => built!(tag, v, out));
  built = compile(model, dialect, shapeName);
  cache.set(shapeName, built);
  return built;
}

interface MemberWriter { readonly member: string; readonly tag: string; readonly write: Writer }

function memberWriters(model: ServiceModel, dialect: QueryDialect, shapeName: string): MemberWriter[] {
  const shape = shapeOf(model, shapeName);
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`);
  return Object.entries(shape.members).map(([member, spec]) => ({ member, tag: spec.x ?? member, write: writerFor(model, dialect, spec.shape) }));
}

function writeStructureBody(members: readonly MemberWriter[], value: Record<string, unknown>, out: XmlOut): void {
  for (const m of members) {
    const v = value[m.member];
    if (v !== undefined && v !== null) m.write(m.tag, v, out);
  }
}

function compile(model: ServiceModel, dialect: QueryDialect, shapeName: string): Writer {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      const members = memberWriters(model, dialect, shapeName);
      // A frozen value cannot change, so its XML is written once and reused: handlers that keep one frozen wire
      // object per immutable record (see services/ec2/wire-memo.ts) pay for serialization only when it changes.
      const memo = new WeakMap<object, Written>();
      return (tag, v, out) => {
        const value = v as Record<string, unknown>;
        if (!Object.isFrozen(value)) {
          out.write(`<${tag}>`);
          writeStructureBody(members, value, out);
          out.write(`</${tag}>`);
          return;
        }
        let hit = memo.get(value);
        if (!hit || hit.tag !== tag) {
          const own = new XmlOut('text');
          own.write(`<${tag}>`);
          writeStructureBody(members, value, own);
          own.write(`</${tag}>`);
          hit = { tag, xml: own.text(), bytes: undefined };
          memo.set(value, hit);
        }
        out.written(hit);
      };
    }
    case 'list': {
      const item = writerFor(model, dialect, shape.member);
      const itemTag = dialect.listItemTag(shape);
      if (itemTag === undefined) {
        return (tag, v, out) => { for (const x of v as unknown[]) item(tag, x, out); };
      }
      return (tag, v, out) => {
        const items = v as unknown[];
        if (items.length === 0) { out.write(`<${tag}/>`); return; }
        out.write(`<${tag}>`);
        for (const x of items) item(itemTag, x, out);
        out.write(`</${tag}>`);
      };
    }
    case 'map': {
      const key = writerFor(model, dialect, shape.key);
      const val = writerFor(model, dialect, shape.value);
      const entryTag = shape.flattened ? undefined : 'entry';
      return (tag, v, out) => {
        if (entryTag !== undefined) out.write(`<${tag}>`);
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          out.write(`<${entryTag ?? tag}>`);
          key('key', k, out);
          val('value', x, out);
          out.write(`</${entryTag ?? tag}>`);
        }
        if (entryTag !== undefined) out.write(`</${tag}>`);
      };
    }
    case 'boolean':
      return (tag, v, out) => out.write(`<${tag}>${v ? 'true' : 'false'}</${tag}>`);
    case 'integer':
    case 'long':
      return (tag, v, out) => out.write(`<${tag}>${Math.trunc(Number(v))}</${tag}>`);
    case 'float':
    case 'double':
      return (tag, v, out) => out.write(`<${tag}>${Number(v)}</${tag}>`);
    case 'blob':
      return (tag, v, out) => out.write(`<${tag}>${Buffer.isBuffer(v) ? v.toString('base64') : escapeXml(String(v))}</${tag}>`);
    case 'timestamp':
      return (tag, v, out) => out.write(`<${tag}>${typeof v === 'number' ? new Date(v).toISOString() : escapeXml(String(v))}</${tag}>`);
    case 'string':
      return (tag, v, out) => out.write(`<${tag}>${escapeXml(String(v))}</${tag}>`);
  }
}

const topLevel = new WeakMap<ServiceModel, Map<QueryDialect, Map<string, MemberWriter[]>>>();

/** Write the members of a structure value (an operation's output) to `out`. */
export function writeMembers(model: ServiceModel, dialect: QueryDialect, shapeName: string, value: Record<string, unknown>, out: XmlOut): void {
  let byDialect = topLevel.get(model);
  if (!byDialect) { byDialect = new Map(); topLevel.set(model, byDialect); }
  let cache = byDialect.get(dialect);
  if (!cache) { cache = new Map(); byDialect.set(dialect, cache); }
  let members = cache.get(shapeName);
  if (!members) { members = memberWriters(model, dialect, shapeName); cache.set(shapeName, members); }
  writeStructureBody(members, value, out);
}

/**
 * A plain Query success document: `<OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata><RequestId/>
 * </ResponseMetadata></OpResponse>`. Operations without an output shape have no Result element.
 */
export function serializeQueryOutput(model: ServiceModel, dialect: QueryDialect, operation: string, spec: OperationSpec, value: Record<string, unknown>, requestId: string): string {
  const xmlns = model.meta.serviceMetadata.xmlNamespace;
  const out = new XmlOut('text');
  out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${xmlns}">`);
  if (spec.output) {
    const wrapper = spec.resultWrapper ?? `${operation}Result`;
    out.write(`<${wrapper}>`);
    writeMembers(model, dialect, spec.output, value, out);
    out.write(`</${wrapper}>`);
  }
  out.write(`<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`);
  return out.text();
}

/** A plain Query error document: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`. */
export function serializeQueryError(model: ServiceModel, error: AwsError, requestId: string): string {
  const xmlns = model.meta.serviceMetadata.xmlNamespace;
  const type = error.senderFault ? 'Sender' : 'Receiver';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
