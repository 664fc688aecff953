/**
 * @module EC2 Query response serializer: walks an operation's output shape and writes EC2's XML
 * (element per member = locationName or member name; lists wrapped with `<item>`). See QUERY-PROTOCOL.md §3.
 */
import type { ServiceModel, ShapeSpec } from '../../specs/service-model.js';
import type { AwsError } from '../../errors/aws-error.js';

const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** Escape text for an XML element body. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/** Serialize a successful response. Operations without an output shape answer `<return>true</return>`, as EC2 does. */
export function serializeOutput(model: ServiceModel, operation: string, outputShape: string | null | undefined, value: Record<string, unknown>, requestId: string): string {
  const parts: string[] = [`<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${XMLNS}"><requestId>${requestId}</requestId>`];
  if (outputShape) writeMembers(model, outputShape, value, parts);
  else parts.push('<return>true</return>');
  parts.push(`</${operation}Response>`);
  return parts.join('');
}

/** EC2's error document: `<Response><Errors><Error>…</Error></Errors><RequestID>…</RequestID></Response>`. */
export function serializeError(error: AwsError, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}

function shapeOf(model: ServiceModel, name: string): ShapeSpec {
  const s = model.shapes[name];
  if (!s) throw new Error(`shape ${name} missing from the model`);
  return s;
}

function writeMembers(model: ServiceModel, shapeName: string, value: Record<string, unknown>, parts: string[]): void {
  const shape = shapeOf(model, shapeName);
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`);
  for (const [member, spec] of Object.entries(shape.members)) {
    const v = value[member];
    if (v === undefined || v === null) continue;
    const tag = spec.x ?? member;
    writeValue(model, spec.shape, tag, v, parts);
  }
}

function writeValue(model: ServiceModel, shapeName: string, tag: string, v: unknown, parts: string[]): void {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure':
      parts.push(`<${tag}>`);
      writeMembers(model, shapeName, v as Record<string, unknown>, parts);
      parts.push(`</${tag}>`);
      return;
    case 'list': {
      const items = v as unknown[];
      if (items.length === 0) { parts.push(`<${tag}/>`); return; }
      const itemTag = shape.memberLocationName ?? 'item';
      parts.push(`<${tag}>`);
      for (const item of items) writeValue(model, shape.member, itemTag, item, parts);
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
