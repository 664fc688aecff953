/**
 * @module DescribeLimits and DescribeEndpoints. Limits are AWS's default quotas for provisioned capacity
 * ("Service, account, and table quotas in Amazon DynamoDB": 80,000 read and write units per account and region,
 * 40,000 per table); nothing enforces them here. The endpoint is the region's public DynamoDB address, cached
 * for a day, as AWS answers.
 */
import { authorize } from './access.js';
import type { DynamoContext, DynamoHandler } from './context.js';

export const DEFAULT_LIMITS = {
  AccountMaxReadCapacityUnits: 80_000, AccountMaxWriteCapacityUnits: 80_000,
  TableMaxReadCapacityUnits: 40_000, TableMaxWriteCapacityUnits: 40_000,
} as const;

/** AWS (service authorization reference): these actions have no resource type; they are authorized on `*`. */
function authorizeAccountAction(ctx: DynamoContext, action: string): void {
  const { account, region } = ctx.call.caller;
  authorize(ctx, action, '*', account, undefined, {}, `arn:aws:dynamodb:${region}:${account}:*`);
}

export const DescribeLimits: DynamoHandler = (_input, ctx) => {
  authorizeAccountAction(ctx, 'dynamodb:DescribeLimits');
  return { ...DEFAULT_LIMITS };
};

export const DescribeEndpoints: DynamoHandler = (_input, ctx) => {
  authorizeAccountAction(ctx, 'dynamodb:DescribeEndpoints');
  return { Endpoints: [{ Address: `dynamodb.${ctx.call.caller.region}.amazonaws.com`, CachePeriodInMinutes: 1440 }] };
};
