/**
 * @module The inverse of `parse.ts`: an operation's input as the AWS CLI's JSON form (`--cli-input-json`, member
 * names as the model spells them) flattened into the EC2 Query form (`Name.N.Member`), so a change written as JSON
 * goes through the same parsing and validation as a request on the wire.
 */
import type { ServiceModel } from '../../specs/service-model.js';

/** A member of the JSON that the operation's input has no member for. */
export class UnknownMemberError extends Error {}

/** `Action=<operation>&...` for the JSON input of an EC2 operation; throws `UnknownMemberError` for a member the shape lacks. */
export function ec2QueryBody(model: ServiceModel, operation: string, input: Readonly<Record<string, unknown>>): string {
  const spec = model.operations[operation];
  const params: [string, string][] = [['Action', operation], ['Version', '2016-11-15']];
  if (spec?.input) flatten(model, spec.input, input, '', params);
  else if (Object.keys(input).length > 0) throw new UnknownMemberError(`${operation} takes no input`);
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

function flatten(model: ServiceModel, shapeName: string, value: unknown, key: string, out: [string, string][]): void {
  const shape = model.shapes[shapeName];
  if (!shape || value === undefined || value === null) return;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) { out.push([key, String(value)]); return; }
      for (const [member, v] of Object.entries(value as Record<string, unknown>)) {
        const spec = shape.members[member];
        if (!spec) throw new UnknownMemberError(`${key === '' ? '' : `${key}.`}${member} is not a member of ${shapeName}`);
        flatten(model, spec.shape, v, `${key === '' ? '' : `${key}.`}${spec.q ?? member}`, out);
      }
      return;
    }
    case 'list': {
      // The EC2 dialect flattens every list as `<Key>.<N>` (parse.ts reads them back the same way).
      const items = Array.isArray(value) ? value : [value];
      items.forEach((item, i) => flatten(model, shape.member, item, `${key}.${i + 1}`, out));
      return;
    }
    case 'map': {
      if (typeof value !== 'object') return;
      Object.entries(value as Record<string, unknown>).forEach(([k, v], i) => {
        out.push([`${key}.entry.${i + 1}.key`, k]);
        flatten(model, shape.value, v, `${key}.entry.${i + 1}.value`, out);
      });
      return;
    }
    case 'timestamp':
      out.push([key, value instanceof Date ? value.toISOString() : String(value)]);
      return;
    default:
      out.push([key, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  }
}
