/**
 * @module REST-XML response serializer: walks an operation's output shape. Header members become headers
 * (timestamps RFC 7231), a `headers` map becomes prefixed headers, a `statusCode` member the status, the payload
 * member the body (raw for blobs and strings, an XML document for structures), and the remaining members an XML
 * document under the operation's root element (timestamps ISO 8601, flattened lists as repeated elements).
 */
import type { Readable } from 'node:stream';
import type { RestOperationSpec, RestShapeSpec, RestXmlModel } from '../../specs/s3-model.js';
import { escapeXml } from './xml.js';

export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string | Readable;
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Serialize an operation's output. */
export function serializeRestOutput(model: RestXmlModel, op: RestOperationSpec, output: Readonly<Record<string, unknown>>): RestResponse {
  const res: RestResponse = { status: 200, headers: {} };
  if (!op.output) return res;
  const shape = shapeOf(model, op.output);
  if (shape.type !== 'structure') throw new Error(`${op.output} is not a structure`);
  let bodyMembers = false;
  for (const member in shape.members) {
    const spec = shape.members[member]!;
    const value = output[member];
    if (value === undefined || value === null) continue;
    const name = spec.locationName ?? member;
    switch (spec.location) {
      case 'header': res.headers[name.toLowerCase()] = headerValue(shapeOf(model, spec.shape), value); break;
      case 'headers': {
        const prefix = name.toLowerCase();
        for (const [k, v] of Object.entries(value as Record<string, string>)) res.headers[prefix + k.toLowerCase()] = v;
        break;
      }
      case 'statusCode': res.status = value as number; break;
      case 'uri': case 'querystring': break;
      case undefined: {
        if (shape.payload !== member) { bodyMembers = true; break; }
        const target = shapeOf(model, spec.shape);
        if (target.type === 'structure') {
          res.headers['content-type'] = 'application/xml';
          res.body = XML_DECL + element(model, name, spec.shape, value, ` xmlns="${model.meta.xmlNamespace}"`);
        } else {
          res.body = value as Buffer | string | Readable;
        }
        break;
      }
    }
  }
  if (shape.payload === undefined && (bodyMembers || op.root !== undefined) && op.root !== undefined) {
    res.headers['content-type'] = 'application/xml';
    const ns = ` xmlns="${model.meta.xmlNamespace}"`;
    if (op.rootText !== undefined) {
      const v = output[op.rootText];
      res.body = XML_DECL + (v === undefined || v === null || v === '' ? `<${op.root}${ns}/>` : `<${op.root}${ns}>${escapeXml(String(v))}</${op.root}>`);
    } else {
      res.body = XML_DECL + element(model, op.root, op.output, output, ns);
    }
  }
  return res;
}

function shapeOf(model: RestXmlModel, name: string): RestShapeSpec {
  const s = model.shapes[name];
  if (!s) throw new Error(`shape ${name} missing from the S3 model`);
  return s;
}

/** AWS: timestamps in headers are RFC 7231 (IMF-fixdate) unless the shape says otherwise. */
function headerValue(shape: RestShapeSpec, value: unknown): string {
  if (shape.type === 'timestamp') {
    const d = value instanceof Date ? value : new Date(value as number);
    if (shape.timestampFormat === 'iso8601') return d.toISOString();
    if (shape.timestampFormat === 'unixTimestamp') return String(Math.floor(d.getTime() / 1000));
    return d.toUTCString();
  }
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

function element(model: RestXmlModel, name: string, shapeName: string, value: unknown, attrs = ''): string {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      let inner = '';
      let attributes = attrs;
      const v = value as Readonly<Record<string, unknown>>;
      // Items of adjacent flattened lists that carry a `$seq` number are written as one sequence in that order
      // (ListObjectVersions interleaves Version and DeleteMarker elements).
      let sequenced: { seq: number; xml: string }[] = [];
      const flush = (): void => {
        for (const x of sequenced.sort((a, b) => a.seq - b.seq)) inner += x.xml;
        sequenced = [];
      };
      for (const member in shape.members) {
        const spec = shape.members[member]!;
        if (spec.xmlAttribute) {
          // An attribute member (an ACL grantee's xsi:type); the xsi prefix is declared on the element itself.
          const av = v[member];
          const an = spec.locationName ?? member;
          if (av === undefined || av === null) continue;
          if (an.startsWith('xsi:')) attributes += ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
          attributes += ` ${an}="${escapeXml(String(av))}"`;
          continue;
        }
        if (spec.location !== undefined) continue;
        const mv = v[member];
        if (mv === undefined || mv === null) continue;
        const mname = spec.locationName ?? member;
        const target = shapeOf(model, spec.shape);
        if (target.type === 'list' && (target.flattened || spec.flattened)) {
          for (const item of mv as readonly unknown[]) {
            const seq = (item as { $seq?: unknown } | null)?.$seq;
            if (typeof seq === 'number') sequenced.push({ seq, xml: element(model, mname, target.member, item) });
            else inner += element(model, mname, target.member, item);
          }
        } else {
          flush();
          inner += element(model, mname, spec.shape, mv);
        }
      }
      flush();
      return `<${name}${attributes}>${inner}</${name}>`;
    }
    case 'list': {
      const item = shape.memberName ?? 'member';
      let inner = '';
      for (const v of value as readonly unknown[]) inner += element(model, item, shape.member, v);
      return `<${name}${attrs}>${inner}</${name}>`;
    }
    case 'map': return '';
    case 'timestamp': {
      const d = value instanceof Date ? value : new Date(value as number);
      return `<${name}${attrs}>${d.toISOString()}</${name}>`;
    }
    case 'blob': return `<${name}${attrs}>${Buffer.isBuffer(value) ? value.toString('base64') : escapeXml(String(value))}</${name}>`;
    default: return `<${name}${attrs}>${escapeXml(String(value))}</${name}>`;
  }
}

/** The REST-XML error document: code, message, the error's extra elements, request id and host id. */
export function serializeRestError(code: string, message: string, extra: Readonly<Record<string, string>>, requestId: string, hostId: string): string {
  let inner = `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>`;
  for (const [k, v] of Object.entries(extra)) inner += `<${k}>${escapeXml(v)}</${k}>`;
  return `${XML_DECL}<Error>${inner}<RequestId>${escapeXml(requestId)}</RequestId><HostId>${escapeXml(hostId)}</HostId></Error>`;
}
