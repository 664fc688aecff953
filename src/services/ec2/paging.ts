/** @module `MaxResults` / `NextToken` paging shared by every Describe operation. */
import { ec2Errors } from '../../errors/ec2.js';

export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

/**
 * Cut a page. The token is an opaque offset into the filtered result; a token that does not parse is
 * `InvalidNextToken`. AWS: with no MaxResults every match is returned (up to the service maximum).
 */
export function paginate<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined, cap = 1000): Page<T> {
  let start = 0;
  if (nextToken !== undefined && nextToken !== '') {
    const decoded = Buffer.from(nextToken, 'base64url').toString('utf8');
    const m = /^o:(\d+)$/.exec(decoded);
    if (!m) throw ec2Errors.invalidNextToken(nextToken);
    start = Number(m[1]);
  }
  const size = Math.min(maxResults ?? (items.length - start), cap);
  const end = Math.min(items.length, start + Math.max(size, 0));
  const next = end < items.length ? Buffer.from(`o:${end}`, 'utf8').toString('base64url') : undefined;
  return { items: items.slice(start, end), nextToken: next };
}
