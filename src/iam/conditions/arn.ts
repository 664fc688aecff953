/** @module ARN condition operators: ArnEquals and ArnLike (identical), ArnNotEquals and ArnNotLike. */
import { compileArnPattern, splitArn } from '../arn.js';
import { describeValues, type CompiledValues } from './values.js';

/** Compile ARN values: each of the six colon-delimited components is matched separately. */
export function compileArnValues(values: readonly string[], substitute: boolean): CompiledValues {
  const patterns = values.map((v) => compileArnPattern(v, substitute));
  return {
    describe: describeValues(values),
    test: (v, lookup) => {
      const split = splitArn(v);
      return patterns.some((p) => p.test(split, lookup));
    },
  };
}
