/**
 * @module REST-XML request parser: walks an operation's input shape over the URI labels, query string, headers
 * and payload. Each input shape is compiled once into a list of member readers; the XML payload is read by
 * walking its structure shape over the parsed document.
 */
import type { RestMemberSpec, RestShapeSpec, RestXmlModel } from '../../specs/s3-model.js';
import { parseXml, XmlSyntaxError, type XmlNode } from './xml.js';

/** An HTTP request as the walker needs it: labels and query already percent-decoded, header names lower-case. */
export interface RestRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly query: ReadonlyMap<string, string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** The errors a protocol dialect raises for bad input (S3: InvalidArgument, MalformedXML). */
export interface RestParseErrors {
  invalidValue(name: string, value: string, type: string): Error;
  malformedBody(): Error;
}

type Reader = (req: RestRequest, out: Record<string, unknown>, errors: RestParseErrors) => void;

const compiled = new WeakMap<RestXmlModel, Map<string, readonly Reader[]>>();

/** Parse the input of `shapeName` from a request. */
export function parseRestInput(model: RestXmlModel, shapeName: string, req: RestRequest, errors: RestParseErrors): Record<string, unknown> {
  let byShape = compiled.get(model);
  if (!byShape) { byShape = new Map(); compiled.set(model, byShape); }
  let readers = byShape.get(shapeName);
  if (!readers) { readers = compileInput(model, shapeName); byShape.set(shapeName, readers); }
  const out: Record<string, unknown> = {};
  for (const r of readers) r(req, out, errors);
  return out;
}

function shapeOf(model: RestXmlModel, name: string): RestShapeSpec {
  const s = model.shapes[name];
  if (!s) throw new Error(`shape ${name} missing from the S3 model`);
  return s;
}

function compileInput(model: RestXmlModel, shapeName: string): Reader[] {
  const shape = shapeOf(model, shapeName);
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`);
  const readers: Reader[] = [];
  for (const [member, spec] of Object.entries(shape.members)) {
    const r = compileMember(model, member, spec, shape.payload === member);
    if (r) readers.push(r);
  }
  return readers;
}

function compileMember(model: RestXmlModel, member: string, spec: RestMemberSpec, isPayload: boolean): Reader | undefined {
  const target = shapeOf(model, spec.shape);
  const name = spec.locationName ?? member;
  switch (spec.location) {
    case 'uri':
      return (req, out) => { const v = req.labels[name]; if (v !== undefined) out[member] = v; };
    case 'querystring': {
      if (target.type === 'list' || target.type === 'map') return undefined;
      return (req, out, errors) => {
        const v = req.query.get(name);
        if (v !== undefined) out[member] = scalar(target, name, v, errors, 'iso8601');
      };
    }
    case 'header': {
      const h = name.toLowerCase();
      if (target.type === 'list') {
        return (req, out) => { const v = req.headers[h]; if (v !== undefined) out[member] = v.split(',').map((s) => s.trim()); };
      }
      if (target.type === 'map' || target.type === 'structure') return undefined;
      return (req, out, errors) => {
        const v = req.headers[h];
        if (v !== undefined) out[member] = scalar(target, name, v, errors, 'rfc822');
      };
    }
    case 'headers': {
      const prefix = name.toLowerCase();
      return (req, out) => {
        let map: Record<string, string> | undefined;
        for (const k in req.headers) {
          if (k.startsWith(prefix)) (map ??= {})[k.slice(prefix.length)] = req.headers[k]!;
        }
        if (map) out[member] = map;
      };
    }
    case 'statusCode':
      return undefined;
    case undefined:
      break;
  }
  if (!isPayload) return undefined;
  switch (target.type) {
    case 'blob': return (req, out) => { out[member] = req.body; };
    case 'string': return (req, out) => { if (req.body.length > 0) out[member] = req.body.toString('utf8'); };
    case 'structure':
      return (req, out, errors) => {
        if (req.body.length === 0) return;
        let root: XmlNode;
        try {
          root = parseXml(req.body.toString('utf8'));
        } catch (e) {
          if (e instanceof XmlSyntaxError) throw errors.malformedBody();
          throw e;
        }
        if (root.name !== name) throw errors.malformedBody();
        out[member] = readStructure(model, spec.shape, root, errors);
      };
    default: return undefined;
  }
}

/** Convert one header or query value by its shape. */
function scalar(shape: RestShapeSpec, name: string, v: string, errors: RestParseErrors, defaultTime: 'iso8601' | 'rfc822'): unknown {
  switch (shape.type) {
    case 'integer': case 'long': {
      if (!/^-?\d+$/.test(v.trim())) throw errors.invalidValue(name, v, shape.type);
      return Number(v);
    }
    case 'boolean':
      if (v === 'true' || v === 'false') return v === 'true';
      throw errors.invalidValue(name, v, 'boolean');
    case 'timestamp': {
      const fmt = shape.timestampFormat ?? defaultTime;
      const d = fmt === 'unixTimestamp' ? new Date(Number(v) * 1000) : new Date(v);
      if (Number.isNaN(d.getTime())) throw errors.invalidValue(name, v, 'timestamp');
      return d;
    }
    default:
      return v;
  }
}

function readStructure(model: RestXmlModel, shapeName: string, node: XmlNode, errors: RestParseErrors): Record<string, unknown> {
  const shape = shapeOf(model, shapeName);
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`);
  const out: Record<string, unknown> = {};
  for (const [member, spec] of Object.entries(shape.members)) {
    const name = spec.locationName ?? member;
    const target = shapeOf(model, spec.shape);
    if (target.type === 'list' && (target.flattened || spec.flattened)) {
      const items = node.children.filter((c) => c.name === name);
      if (items.length > 0) out[member] = items.map((c) => readValue(model, target.member, c, errors));
      continue;
    }
    const child = node.children.find((c) => c.name === name);
    if (child) out[member] = readValue(model, spec.shape, child, errors);
  }
  return out;
}

function readValue(model: RestXmlModel, shapeName: string, node: XmlNode, errors: RestParseErrors): unknown {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': return readStructure(model, shapeName, node, errors);
    case 'list': {
      const item = shape.memberName ?? 'member';
      return node.children.filter((c) => c.name === item).map((c) => readValue(model, shape.member, c, errors));
    }
    case 'map': return undefined;
    case 'blob': return Buffer.from(node.text, 'base64');
    case 'integer': case 'long': case 'boolean': case 'timestamp':
      try {
        return scalar(shape, node.name, node.text.trim(), errors, 'iso8601');
      } catch {
        throw errors.malformedBody();
      }
    case 'string': return node.text;
  }
}
