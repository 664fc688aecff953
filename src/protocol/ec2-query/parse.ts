/**
 * @module EC2 Query request parser: the shared Query walker (../query/parse.ts) in the EC2 dialect.
 * Keys follow the EC2 rule (queryName, else capitalised locationName, else member name; every list
 * flattened as `Key.N`, 1-based). See ../shared/spec/QUERY-PROTOCOL.md §2.
 */
import type { ServiceModel } from '../../specs/service-model.js';
import { parseQueryInput, type Params } from '../query/parse.js';
import { EC2_DIALECT } from './dialect.js';

export { decodeForm, type Params } from '../query/parse.js';

/**
 * Parse the input of `shapeName` from `params`. Throws `MissingParameter` for an absent required member and
 * `InvalidParameterValue` for a value of the wrong type, out of range or outside its enum.
 */
export function parseInput(model: ServiceModel, shapeName: string, params: Params): Record<string, unknown> {
  return parseQueryInput(model, shapeName, params, EC2_DIALECT);
}
