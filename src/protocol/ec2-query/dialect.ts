/**
 * @module The EC2 dialect of the Query protocol: every list flattened on input as `<Key>.<N>` (the item's
 * locationName ignored), output items `<item>` (or the item's locationName), EC2's parameter errors.
 */
import { ec2Errors } from '../../errors/ec2.js';
import type { QueryDialect } from '../query/dialect.js';

/** AWS: enums EC2 takes in any letter case (a network ACL entry's RuleAction: `ALLOW` is `allow`). */
const CASE_FOLDED_ENUMS: ReadonlySet<string> = new Set(['RuleAction']);

export const EC2_DIALECT: QueryDialect = {
  enumValue: (shapeName, raw) => (CASE_FOLDED_ENUMS.has(shapeName) ? raw.toLowerCase() : undefined),
  listItemPrefix: (key) => key,
  mapEntryPrefix: (key) => `${key}.entry`,
  listItemTag: (list) => list.memberLocationName ?? 'item',
  missingParameter: (key) => ec2Errors.missingParameter(key),
  invalidValue: (key, raw, problem) => {
    switch (problem.kind) {
      case 'enum': return ec2Errors.invalidParameterValue(`Value (${raw}) for parameter ${key} is invalid. Valid values: ${problem.values.join(', ')}`);
      case 'min': return ec2Errors.invalidParameterValue(`Value ( ${raw} ) for parameter ${key} is invalid. Expecting a value greater than or equal to ${problem.bound}.`);
      case 'max': return ec2Errors.invalidParameterValue(`Value ( ${raw} ) for parameter ${key} is invalid. Expecting a value less than or equal to ${problem.bound}.`);
      // The value is not echoed: it holds the character no response can carry.
      case 'characters': return ec2Errors.invalidParameterValue(`Value for parameter ${key} is invalid. It contains characters that are not valid in XML 1.0.`);
      case 'type': {
        const expected = problem.expected === 'integer' ? 'Expected an integer.' : problem.expected === 'double' ? 'Expected a number.' : problem.expected === 'boolean' ? "Expected: 'true' or 'false'." : 'Expected an ISO-8601 timestamp.';
        return ec2Errors.invalidParameterValue(`Value (${raw}) for parameter ${key} is invalid. ${expected}`);
      }
    }
  },
};
