/**
 * @module Query response writer, shared by EC2 and plain Query: walks an output shape and writes XML
 * (element per member = `x` or the member name; list items wrapped per the dialect). Plain Query's envelope
 * (`<Op>Result`, `ResponseMetadata`) and error document live here too; EC2's are in ../ec2-query.
 */
import type { AwsError } from '../../errors/aws-error.js';
import type { OperationSpec, ServiceModel, ShapeSpec } from '../../specs/service-model.js';
import type { QueryDialect } from './dialect.js';

/** Escape text for an XML element body. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

function shapeOf(model: ServiceModel, name: string): ShapeSpec {
  const s = model.shapes[name];
  if (!s) throw new Error(`shape ${name} missing from the model`);
  return s;
}

/** Append the members of a structure value to `parts`. */
export function writeMembers(model: ServiceModel, dialect: QueryDialect, shapeName: string, value: Record<string, unknown>, parts: string[]): void {
  const shape = shapeOf(model, shapeName);
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`);
  for (const [member, spec] of Object.entries(shape.members)) {
    const v = value[member];
    if (v === undefined || v === null) continue;
    writeValue(model, dialect, spec.shape, spec.x ?? member, v, parts);
  }
}

function writeValue(model: ServiceModel, dialect: QueryDialect, shapeName: string, tag: string, v: unknown, parts: string[]): void {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure':
      parts.push(`<${tag}>`);
      writeMembers(model, dialect, shapeName, v as Record<string, unknown>, parts);
      parts.push(`</${tag}>`);
      return;
    case 'list': {
      const items = v as unknown[];
      const itemTag = dialect.listItemTag(shape);
      if (itemTag === undefined) {
        for (const item of items) writeValue(model, dialect, shape.member, tag, item, parts);
        return;
      }
      if (items.length === 0) { parts.push(`<${tag}/>`); return; }
      parts.push(`<${tag}>`);
      for (const item of items) writeValue(model, dialect, shape.member, itemTag, item, parts);
      parts.push(`</${tag}>`);
      return;
    }
    case 'map': {
      const entries = Object.entries(v as Record<string, unknown>);
      const write = (k: string, x: unknown): void => {
        writeValue(model, dialect, shape.key, 'key', k, parts);
        writeValue(model, dialect, shape.value, 'value', x, parts);
      };
      if (shape.flattened) {
        for (const [k, x] of entries) { parts.push(`<${tag}>`); write(k, x); parts.push(`</${tag}>`); }
        return;
      }
      parts.push(`<${tag}>`);
      for (const [k, x] of entries) { parts.push('<entry>'); write(k, x); parts.push('</entry>'); }
      parts.push(`</${tag}>`);
      return;
    }
    case 'boolean':
      parts.push(`<${tag}>${v ? 'true' : 'false'}</${tag}>`);
      return;
    case 'integer':
    case 'long':
      parts.push(`<${tag}>${Math.trunc(Number(v))}</${tag}>`);
      return;
    case 'timestamp':
      parts.push(`<${tag}>${typeof v === 'number' ? new Date(v).toISOString() : escapeXml(String(v))}</${tag}>`);
      return;
    case 'string':
      parts.push(`<${tag}>${escapeXml(String(v))}</${tag}>`);
      return;
  }
}

/**
 * A plain Query success document: `<OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata><RequestId/>
 * </ResponseMetadata></OpResponse>`. Operations without an output shape have no Result element.
 */
export function serializeQueryOutput(model: ServiceModel, dialect: QueryDialect, operation: string, spec: OperationSpec, value: Record<string, unknown>, requestId: string): string {
  const xmlns = model.meta.serviceMetadata.xmlNamespace;
  const parts: string[] = [`<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${xmlns}">`];
  if (spec.output) {
    const wrapper = spec.resultWrapper ?? `${operation}Result`;
    parts.push(`<${wrapper}>`);
    writeMembers(model, dialect, spec.output, value, parts);
    parts.push(`</${wrapper}>`);
  }
  parts.push(`<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`);
  return parts.join('');
}

/** A plain Query error document: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`. */
export function serializeQueryError(model: ServiceModel, error: AwsError, requestId: string): string {
  const xmlns = model.meta.serviceMetadata.xmlNamespace;
  const type = error.senderFault ? 'Sender' : 'Receiver';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
