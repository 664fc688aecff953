/**
 * @module Finding the table a request names (a name in the caller's account and region, or a table ARN for
 * cross-account access) and asking the policy gate, with DynamoDB's AccessDeniedException wording
 * (AWS IAM User Guide, "Access denied error messages").
 */
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import type { AccessDecision } from '../call.js';
import type { DynamoContext } from './context.js';
import { tableArn, tableOf, type Table } from './table.js';
import { notAuthorizedMessage } from '../../errors/access-denied.js';

/** Where a table is (whether or not it exists). */
export interface TableRef {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly scope: string;
  readonly arn: string;
}

const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([^/]+)$/;
const TABLE_NAME = /^[a-zA-Z0-9_.-]+$/;

/** Check a plain table name as the model's TableName shape would (3-255 of `[a-zA-Z0-9_.-]`). */
export function checkTableName(name: string, member = 'tableName'): void {
  const problems: string[] = [];
  if (!TABLE_NAME.test(name)) problems.push(`Value '${name}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`);
  if (name.length < 3) problems.push(`Value '${name}' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 3`);
  if (name.length > 255) problems.push(`Value '${name}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to 255`);
  if (problems.length > 0) throw dynamoDbErrors.constraints(problems);
}

/** The table a `TableName` (name or ARN) designates. AWS: a table ARN may name another account's table. */
export function tableRef(ctx: DynamoContext, nameOrArn: string, member = 'tableName'): TableRef {
  const m = TABLE_ARN.exec(nameOrArn);
  if (nameOrArn.startsWith('arn:')) {
    if (!m) throw dynamoDbErrors.validation(`Invalid TableArn: Invalid ResourceArn provided as input ${nameOrArn}`);
    const [, region, account, name] = m as unknown as [string, string, string, string];
    checkTableName(name, member);
    return { account, region, name, scope: `${account}/${region}`, arn: tableArn(region, account, name) };
  }
  checkTableName(nameOrArn, member);
  const { account, region } = ctx.call.caller;
  return { account, region, name: nameOrArn, scope: `${account}/${region}`, arn: tableArn(region, account, nameOrArn) };
}

/** The existing table of a ref (only in the region the request was sent to). */
export function findTable(ctx: DynamoContext, ref: TableRef): Table | undefined {
  if (ref.region !== ctx.call.caller.region) return undefined;
  const row = ctx.store.getTable(ref.scope, ref.name);
  return row ? tableOf(row) : undefined;
}

/** DynamoDB's AccessDeniedException message for a denied decision. */
export function accessDeniedMessage(principal: string, action: string, resource: string, d: Extract<AccessDecision, { allowed: false }>): string {
  return notAuthorizedMessage(principal, action, resource, d);
}

/**
 * Ask the gate; throw AccessDeniedException when denied. `resource` is what the policy is evaluated against,
 * `shown` what the message names (ListTables is authorized on `*` but reported on the table prefix).
 */
export function authorize(ctx: DynamoContext, action: string, resource: string, resourceAccount: string, policy: string | null | undefined,
  context: Readonly<Record<string, string | readonly string[]>> = {}, shown = resource): void {
  const d = ctx.call.authorize({ action, resource, resourceAccount, ...(policy ? { resourcePolicy: policy } : {}), context });
  if (!d.allowed) throw dynamoDbErrors.accessDenied(accessDeniedMessage(ctx.call.caller.principalArn, action, shown, d));
}

/** Condition keys a handler adds once it knows the table (e.g. `dynamodb:LeadingKeys`). */
export type ContextOf = (table: Table) => Readonly<Record<string, string | readonly string[]>>;

/** Resolve, authorize and load a table (AWS authorizes before telling whether the table exists). */
export function requireTable(ctx: DynamoContext, nameOrArn: string, action: string, contextOf?: ContextOf): Table {
  const ref = tableRef(ctx, nameOrArn);
  const table = findTable(ctx, ref);
  authorize(ctx, action, ref.arn, ref.account, table?.row.policy, table && contextOf ? contextOf(table) : {});
  if (!table) throw dynamoDbErrors.tableNotFound(ref.name);
  return table;
}
