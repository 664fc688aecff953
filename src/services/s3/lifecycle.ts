/**
 * @module Bucket lifecycle: Get/PutBucketLifecycleConfiguration, DeleteBucketLifecycle (s3:GetLifecycleConfiguration,
 * s3:PutLifecycleConfiguration). Rules are validated as S3 does and stored; expiration and transitions are not
 * applied to objects (documented in docs/s3.md).
 */
import { s3Errors } from '../../errors/s3.js';
import { s3ConfigErrors } from '../../errors/s3-config.js';
import { configBucket, configPayload, readConfig, writeConfig } from './config-access.js';
import type { S3Context, S3Output } from './context.js';

type Input = Readonly<Record<string, unknown>>;
type Obj = Record<string, unknown>;

interface StoredLifecycle { readonly rules: readonly Obj[]; readonly minimumObjectSize: string }

/** AWS: at most 1,000 rules; a rule ID is at most 255 characters. */
const MAX_RULES = 1000;
const MAX_ID = 255;
const STORAGE_CLASSES = ['GLACIER', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE', 'GLACIER_IR'] as const;
/** AWS: transitions to these classes need objects at least 30 days old. */
const THIRTY_DAY_CLASSES = new Set(['STANDARD_IA', 'ONEZONE_IA']);
/** AWS: `x-amz-transition-default-minimum-object-size` values; all_storage_classes_128K is the default. */
const MINIMUM_SIZES = ['all_storage_classes_128K', 'varies_by_storage_class'] as const;

const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Obj : undefined);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map((x) => obj(x) ?? {}) : []);
const present = (o: Obj, keys: readonly string[]): string[] => keys.filter((k) => o[k] !== undefined);

function positive(v: unknown, message: string): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)) throw s3Errors.invalidArgument(message);
}

function atMidnight(v: unknown): void {
  const d = v instanceof Date ? v : new Date(String(v));
  // AWS: lifecycle dates are whole days (ISO 8601 at midnight UTC).
  if (Number.isNaN(d.getTime()) || d.getUTCHours() !== 0 || d.getUTCMinutes() !== 0 || d.getUTCSeconds() !== 0 || d.getUTCMilliseconds() !== 0) {
    throw s3Errors.invalidArgument("'Date' must be at midnight GMT");
  }
}

/** Filter (one of Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan, And) or the legacy rule Prefix. */
function validateFilter(rule: Obj): boolean {
  const filter = obj(rule['Filter']);
  // AWS: a rule has a Filter or (legacy) a Prefix, not both.
  if ((filter === undefined) === (rule['Prefix'] === undefined)) throw s3Errors.malformedXml();
  if (filter === undefined) return false;
  const set = present(filter, ['Prefix', 'Tag', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan', 'And']);
  if (set.length > 1) throw s3Errors.malformedXml();
  const and = obj(filter['And']);
  const tags = filter['Tag'] !== undefined || arr(and?.['Tags']).length > 0;
  const gt = (and ?? filter)['ObjectSizeGreaterThan'];
  const lt = (and ?? filter)['ObjectSizeLessThan'];
  if (typeof gt === 'number' && typeof lt === 'number' && gt >= lt) {
    throw s3Errors.invalidArgument('ObjectSizeGreaterThan must be less than ObjectSizeLessThan');
  }
  return tags;
}

function validateRule(rule: Obj, ids: Set<string>, newId: () => string): Obj {
  let id = rule['ID'];
  if (typeof id === 'string' && id.length > MAX_ID) throw s3Errors.invalidArgument('ID length should not exceed allowed limit of 255', 'ID', id);
  // AWS: S3 names a rule that has no ID.
  if (typeof id !== 'string' || id === '') id = newId();
  if (ids.has(id as string)) throw s3Errors.invalidArgument('Rule ID must be unique. Found same ID for more than one rule', 'ID', id as string);
  ids.add(id as string);
  const status = rule['Status'];
  if (status !== 'Enabled' && status !== 'Disabled') throw s3Errors.malformedXml();
  const hasTags = validateFilter(rule);
  const expiration = obj(rule['Expiration']);
  const transitions = arr(rule['Transitions']);
  const noncurrentTransitions = arr(rule['NoncurrentVersionTransitions']);
  const noncurrentExpiration = obj(rule['NoncurrentVersionExpiration']);
  const abort = obj(rule['AbortIncompleteMultipartUpload']);
  if (!expiration && transitions.length === 0 && noncurrentTransitions.length === 0 && !noncurrentExpiration && !abort) {
    throw s3Errors.invalidRequest('At least one action needs to be specified in a rule');
  }
  if (expiration) {
    // AWS: Expiration takes exactly one of Date, Days, ExpiredObjectDeleteMarker.
    if (present(expiration, ['Date', 'Days', 'ExpiredObjectDeleteMarker']).length !== 1) throw s3Errors.malformedXml();
    positive(expiration['Days'], "'Days' for Expiration action must be a positive integer");
    if (expiration['Date'] !== undefined) atMidnight(expiration['Date']);
    if (expiration['ExpiredObjectDeleteMarker'] !== undefined && hasTags) {
      throw s3Errors.invalidRequest('ExpiredObjectDeleteMarker cannot be specified with object tags');
    }
  }
  for (const t of transitions) {
    if (!(STORAGE_CLASSES as readonly string[]).includes(String(t['StorageClass']))) throw s3Errors.malformedXml();
    if ((t['Date'] === undefined) === (t['Days'] === undefined)) throw s3Errors.malformedXml();
    if (t['Date'] !== undefined) atMidnight(t['Date']);
    const days = t['Days'];
    if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 0)) {
      throw s3Errors.invalidArgument("'Days' in Transition action must be nonnegative");
    }
    if (typeof days === 'number' && THIRTY_DAY_CLASSES.has(String(t['StorageClass'])) && days < 30) {
      throw s3Errors.invalidArgument(`'Days' in Transition action must be greater than or equal to 30 for storageClass '${String(t['StorageClass'])}'`);
    }
  }
  for (const t of noncurrentTransitions) {
    if (!(STORAGE_CLASSES as readonly string[]).includes(String(t['StorageClass']))) throw s3Errors.malformedXml();
    positive(t['NoncurrentDays'], "'NoncurrentDays' for NoncurrentVersionTransition action must be a positive integer");
  }
  if (noncurrentExpiration) {
    positive(noncurrentExpiration['NoncurrentDays'], "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
  }
  if (abort) {
    positive(abort['DaysAfterInitiation'], "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer");
    // AWS: incomplete uploads have no tags, so the action cannot be filtered by them.
    if (hasTags) throw s3Errors.invalidRequest('AbortIncompleteMultipartUpload cannot be specified with Tags.');
  }
  return { ...rule, ID: id };
}

export function PutBucketLifecycleConfiguration(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:PutLifecycleConfiguration');
  const size = String(input['TransitionDefaultMinimumObjectSize'] ?? 'all_storage_classes_128K');
  if (!(MINIMUM_SIZES as readonly string[]).includes(size)) {
    throw s3Errors.invalidArgument('Invalid value for x-amz-transition-default-minimum-object-size', 'x-amz-transition-default-minimum-object-size', size);
  }
  const doc = configPayload<{ Rules?: unknown }>(ctx, input, 'LifecycleConfiguration');
  if (!Array.isArray(doc.Rules) || doc.Rules.length === 0 || doc.Rules.length > MAX_RULES) throw s3Errors.malformedXml();
  const ids = new Set<string>();
  const rules = arr(doc.Rules).map((r) => validateRule(r, ids, ctx.newId));
  writeConfig(ctx, b.name, 'lifecycle', { rules, minimumObjectSize: size } satisfies StoredLifecycle);
  return { TransitionDefaultMinimumObjectSize: size };
}

export function GetBucketLifecycleConfiguration(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetLifecycleConfiguration');
  const stored = readConfig<StoredLifecycle>(ctx, b.name, 'lifecycle');
  if (stored === undefined) throw s3ConfigErrors.noSuchLifecycle(b.name);
  return { Rules: stored.rules, TransitionDefaultMinimumObjectSize: stored.minimumObjectSize };
}

export function DeleteBucketLifecycle(ctx: S3Context, input: Input): S3Output {
  // AWS (Service Authorization Reference): DeleteBucketLifecycle is authorized as s3:PutLifecycleConfiguration.
  const b = configBucket(ctx, input, 's3:PutLifecycleConfiguration');
  writeConfig(ctx, b.name, 'lifecycle', null);
  return { $status: 204 };
}
