/**
 * @module EC2 Query response serializer: the shared Query writer (../query/serialize.ts) in the EC2 dialect,
 * in EC2's envelope (`<requestId>` first, no Result wrapper) and EC2's error document. See QUERY-PROTOCOL.md §3.
 */
import type { ServiceModel } from '../../specs/service-model.js';
import type { AwsError } from '../../errors/aws-error.js';
import { escapeXml, writeMembers, XmlOut } from '../query/serialize.js';
import { EC2_DIALECT } from './dialect.js';

export { escapeXml } from '../query/serialize.js';

const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** Serialize a successful response. Operations without an output shape answer `<return>true</return>`, as EC2 does. */
export function serializeOutput(model: ServiceModel, operation: string, outputShape: string | null | undefined, value: Record<string, unknown>, requestId: string): string {
  return writeOutput(new XmlOut('text'), model, operation, outputShape, value, requestId).text();
}

/** `serializeOutput` as the body the server sends: text when small, else UTF-8 bytes in pieces (large listings reuse their items' encoded XML). */
export function serializeOutputBytes(model: ServiceModel, operation: string, outputShape: string | null | undefined, value: Record<string, unknown>, requestId: string): string | Buffer[] {
  return writeOutput(new XmlOut('body'), model, operation, outputShape, value, requestId).body();
}

function writeOutput(out: XmlOut, model: ServiceModel, operation: string, outputShape: string | null | undefined, value: Record<string, unknown>, requestId: string): XmlOut {
  out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${XMLNS}"><requestId>${requestId}</requestId>`);
  if (outputShape) writeMembers(model, EC2_DIALECT, outputShape, value, out);
  else out.write('<return>true</return>');
  out.write(`</${operation}Response>`);
  return out;
}

/** EC2's error document: `<Response><Errors><Error>…</Error></Errors><RequestID>…</RequestID></Response>`. */
export function serializeError(error: AwsError, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}
