/**
 * @module EC2's per-request limits that hold for every operation, checked once the request is parsed and before
 * any handler reads state: filter values per call and filter value length (FilterLimitExceeded).
 */
import { ec2Errors } from '../../errors/ec2.js';

/** AWS: "The maximum number of filter values specified on a single call is 200" (FilterLimitExceeded). */
export const MAX_FILTER_VALUES = 200;
/** AWS: "The maximum length for a filter value is 255 characters" (FilterLimitExceeded). */
export const MAX_FILTER_VALUE_LENGTH = 255;

interface FilterIn { readonly Name?: unknown; readonly Values?: readonly unknown[] }

/**
 * Refuse a request whose filters pass EC2's limits. Values are counted over all filters of the call; a filter
 * with no values still counts as one, so the number of filters is bounded by the same 200.
 */
export function checkEc2RequestLimits(input: Readonly<Record<string, unknown>>): void {
  const filters = input['Filters'] ?? input['Filter'];
  if (!Array.isArray(filters)) return;
  let values = 0;
  for (const f of filters as readonly FilterIn[]) {
    const list = Array.isArray(f.Values) ? f.Values : [];
    values += Math.max(1, list.length);
    if (values > MAX_FILTER_VALUES) {
      throw ec2Errors.custom('FilterLimitExceeded', `The maximum number of filter values specified on a single call is ${MAX_FILTER_VALUES}`);
    }
    for (const v of list) {
      if (typeof v === 'string' && v.length > MAX_FILTER_VALUE_LENGTH) {
        throw ec2Errors.custom('FilterLimitExceeded', `The maximum length for a filter value is ${MAX_FILTER_VALUE_LENGTH} characters`);
      }
    }
  }
}
