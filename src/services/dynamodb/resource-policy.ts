/**
 * @module Table resource policies: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy (AWS: "Using
 * resource-based policies for DynamoDB"). Documents are validated by the policy engine as resource policies
 * (20 KB, whitespace counted); a revision id changes with the text; a missing policy or a stale expected
 * revision is PolicyNotFoundException. The policy takes effect at once (AWS: eventually consistent).
 */
import { createHash } from 'node:crypto';
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import { validatePolicy } from '../../iam/index.js';
import { requireTable } from './access.js';
import type { DynamoHandler } from './context.js';

const INVALID = 'One or more parameter values were invalid: Invalid policy document:';

/**
 * Validate a resource policy document; throws ValidationException with the engine's findings. AWS words these
 * "One or more parameter values were invalid: Invalid policy document: <finding>" (as in its answer to an
 * invalid action name, "... Invalid policy document: The following action names are invalid: ...").
 */
export function checkPolicyDocument(text: string): void {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch {
    throw dynamoDbErrors.validation(`${INVALID} Policies must be valid JSON and the first byte must be '{'`);
  }
  const v = validatePolicy(doc, 'resource');
  if (!v.ok) throw dynamoDbErrors.validation(`${INVALID} ${v.errors.map((e) => e.message).join('; ')}`);
}

/** A revision id: decimal digits, the same for the same document (AWS: PutResourcePolicy is idempotent). */
export function newRevisionId(policy: string, now: number): string {
  const h = createHash('sha256').update(policy).digest();
  return `${now}${String(h.readUInt32BE(0) % 1_000_000).padStart(6, '0')}`;
}

const notFound = (arn: string) => dynamoDbErrors.policyNotFound(`Resource-based policy not found for the provided ResourceArn: ${arn}`);
const revisionMismatch = (arn: string, expected: string) =>
  dynamoDbErrors.policyNotFound(`A policy with the provided revision ID ${expected} was not found for the provided ResourceArn: ${arn}`);

function checkArn(arn: string): void {
  if (!arn.startsWith('arn:')) throw dynamoDbErrors.validation(`Invalid ResourceArn provided as input ${arn}`);
}

export const PutResourcePolicy: DynamoHandler = (raw, ctx) => {
  const arn = raw['ResourceArn'] as string;
  checkArn(arn);
  const table = requireTable(ctx, arn, 'dynamodb:PutResourcePolicy');
  const policy = raw['Policy'] as string;
  const expected = raw['ExpectedRevisionId'] as string | undefined;
  checkPolicyDocument(policy);
  const current = table.row.policyRevision;
  // AWS: ExpectedRevisionId NO_POLICY attaches only when there is none; any other value must match.
  if (expected === 'NO_POLICY' ? current !== null : expected !== undefined && expected !== current) {
    throw current === null ? notFound(table.arn) : revisionMismatch(table.arn, expected ?? '');
  }
  if (table.row.policy === policy && current !== null) return { RevisionId: current };
  const revision = newRevisionId(policy, ctx.now);
  ctx.store.setPolicy(table.row, policy, revision);
  return { RevisionId: revision };
};

export const GetResourcePolicy: DynamoHandler = (raw, ctx) => {
  const arn = raw['ResourceArn'] as string;
  checkArn(arn);
  const table = requireTable(ctx, arn, 'dynamodb:GetResourcePolicy');
  if (table.row.policy === null) throw notFound(table.arn);
  return { Policy: table.row.policy, RevisionId: table.row.policyRevision ?? undefined };
};

export const DeleteResourcePolicy: DynamoHandler = (raw, ctx) => {
  const arn = raw['ResourceArn'] as string;
  checkArn(arn);
  const table = requireTable(ctx, arn, 'dynamodb:DeleteResourcePolicy');
  if (table.row.policy === null) throw notFound(table.arn);
  const expected = raw['ExpectedRevisionId'] as string | undefined;
  if (expected !== undefined && expected !== table.row.policyRevision) throw revisionMismatch(table.arn, expected);
  const revision = table.row.policyRevision;
  ctx.store.setPolicy(table.row, null, null);
  return { RevisionId: revision ?? undefined };
};
