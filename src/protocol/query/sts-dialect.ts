/** @module The plain Query dialect with STS's validation errors (`ValidationError`, 400). */
import { stsErrors } from '../../errors/sts.js';
import { plainQueryDialect, type QueryDialect } from './dialect.js';
import { constraintMessage } from './iam-dialect.js';

export const STS_DIALECT: QueryDialect = plainQueryDialect({
  missingParameter: (key) => stsErrors.missingParameter(key),
  invalidValue: (key, raw, problem) => stsErrors.validation(constraintMessage(key, raw, problem)),
});
