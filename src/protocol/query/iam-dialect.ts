/** @module The plain Query dialect with IAM's validation errors (`ValidationError`, 400). */
import { iamErrors } from '../../errors/iam.js';
import { plainQueryDialect, XML_CHARS_CONSTRAINT, type QueryDialect, type ValueProblem } from './dialect.js';

/** The validator's wording of a value that fails its shape (shared by IAM and STS). */
export function constraintMessage(key: string, raw: string, problem: ValueProblem): string {
  const where = `1 validation error detected: Value '${raw}' at '${key.replace(/^./, (c) => c.toLowerCase())}' failed to satisfy constraint: `;
  switch (problem.kind) {
    case 'enum': return `${where}Member must satisfy enum value set: [${problem.values.join(', ')}]`;
    case 'min': return `${where}Member must have value greater than or equal to ${problem.bound}`;
    case 'max': return `${where}Member must have value less than or equal to ${problem.bound}`;
    case 'type': return `${where}Member must be of type ${problem.expected}`;
    // The value is not echoed: it holds the character no response can carry.
    case 'characters': return `1 validation error detected: Value at '${key.replace(/^./, (c) => c.toLowerCase())}' failed to satisfy constraint: ${XML_CHARS_CONSTRAINT}`;
  }
}

export const IAM_DIALECT: QueryDialect = plainQueryDialect({
  missingParameter: (key) => iamErrors.missingParameter(key),
  invalidValue: (key, raw, problem) => iamErrors.validation(constraintMessage(key, raw, problem)),
});
