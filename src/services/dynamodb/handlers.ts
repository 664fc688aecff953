/** @module The DynamoDB operations served, by wire name. */
import { BatchGetItem, BatchWriteItem } from './batch.js';
import type { DynamoHandler } from './context.js';
import { DeleteItem, GetItem, PutItem, UpdateItem } from './items.js';
import { Query, Scan } from './read.js';
import { DeleteResourcePolicy, GetResourcePolicy, PutResourcePolicy } from './resource-policy.js';
import { DescribeContinuousBackups, DescribeTimeToLive, ListTagsOfResource, TagResource, UntagResource, UpdateContinuousBackups, UpdateTimeToLive } from './table-settings.js';
import { TransactGetItems, TransactWriteItems } from './transactions.js';
import { UpdateTable } from './update-table.js';
import { DescribeEndpoints, DescribeLimits } from './limits.js';
import { CreateTable, DeleteTable, DescribeTable, ListTables } from './tables.js';

export const DYNAMODB_HANDLERS: Readonly<Record<string, DynamoHandler>> = {
  CreateTable, DescribeTable, ListTables, DeleteTable,
  PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchWriteItem,
  PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy,
  DescribeTimeToLive, UpdateTimeToLive, DescribeContinuousBackups, UpdateContinuousBackups,
  TagResource, UntagResource, ListTagsOfResource,
  TransactWriteItems, TransactGetItems, UpdateTable, DescribeLimits, DescribeEndpoints,
};

/** The operation names this emulator serves (the README compatibility table lists them). */
export const DYNAMODB_OPERATIONS: readonly string[] = Object.keys(DYNAMODB_HANDLERS);
