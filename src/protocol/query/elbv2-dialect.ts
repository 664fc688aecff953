/** @module The plain Query dialect with ELBv2's validation errors (`ValidationError`, 400). */
import { elbv2Errors } from '../../errors/elbv2.js';
import { plainQueryDialect, XML_CHARS_CONSTRAINT, type QueryDialect } from './dialect.js';

export const ELBV2_DIALECT: QueryDialect = plainQueryDialect({
  missingParameter: (key) => elbv2Errors.missingParameter(key),
  invalidValue: (key, raw, problem) => {
    const where = `1 validation error detected: Value '${raw}' at '${key}' failed to satisfy constraint: `;
    switch (problem.kind) {
      case 'enum': return elbv2Errors.validation(`${where}Member must satisfy enum value set: [${problem.values.join(', ')}]`);
      case 'min': return elbv2Errors.validation(`${where}Member must have value greater than or equal to ${problem.bound}`);
      case 'max': return elbv2Errors.validation(`${where}Member must have value less than or equal to ${problem.bound}`);
      case 'type': return elbv2Errors.validation(`${where}Member must be of type ${problem.expected}`);
      case 'characters': return elbv2Errors.validation(`1 validation error detected: Value at '${key}' failed to satisfy constraint: ${XML_CHARS_CONSTRAINT}`);
    }
  },
});
