/**
 * @module The bucket configurations S3 stores and answers without acting on them here: website, logging,
 * replication, request payment, transfer acceleration, event notifications. Each Put validates as S3 does and
 * stores the document; each Get answers what S3 answers for a bucket with none. What the configurations would make
 * S3 do (serve a website, write logs, replicate, bill requesters, accelerate, notify) is not modelled (docs/s3.md).
 */
import { s3Errors } from '../../errors/s3.js';
import { s3ConfigErrors } from '../../errors/s3-config.js';
import { configBucket, configPayload, readConfig, versioningEnabled, writeConfig } from './config-access.js';
import type { S3Context, S3Output } from './context.js';

type Input = Readonly<Record<string, unknown>>;
type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Obj : undefined);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map((x) => obj(x) ?? {}) : []);
const oneOf = (v: unknown, values: readonly string[]): boolean => typeof v === 'string' && values.includes(v);

// ---- website ----

function validateRedirect(r: Obj): void {
  if (r['Protocol'] !== undefined && !oneOf(r['Protocol'], ['http', 'https'])) throw s3Errors.malformedXml();
}

function validateWebsite(doc: Obj): void {
  const redirectAll = obj(doc['RedirectAllRequestsTo']);
  if (redirectAll) {
    // AWS: RedirectAllRequestsTo stands alone.
    if (doc['IndexDocument'] !== undefined || doc['ErrorDocument'] !== undefined || doc['RoutingRules'] !== undefined) {
      throw s3Errors.invalidRequest('RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.');
    }
    if (typeof redirectAll['HostName'] !== 'string' || redirectAll['HostName'] === '') throw s3Errors.malformedXml();
    validateRedirect(redirectAll);
    return;
  }
  const index = obj(doc['IndexDocument']);
  if (!index) throw s3Errors.invalidArgument('A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty', 'IndexDocument', '');
  const suffix = index['Suffix'];
  // AWS: the index document suffix is a non-empty name without a slash.
  if (typeof suffix !== 'string' || suffix === '' || suffix.includes('/')) {
    throw s3Errors.invalidArgument('The IndexDocument Suffix is not well formed', 'IndexDocument', typeof suffix === 'string' ? suffix : '');
  }
  const error = obj(doc['ErrorDocument']);
  if (error && (typeof error['Key'] !== 'string' || error['Key'] === '')) {
    throw s3Errors.invalidArgument('The ErrorDocument Key is not well formed', 'ErrorDocument', '');
  }
  const rules = doc['RoutingRules'];
  if (rules !== undefined && (!Array.isArray(rules) || rules.length === 0)) throw s3Errors.malformedXml();
  // AWS: at most 50 routing rules.
  if (Array.isArray(rules) && rules.length > 50) throw s3Errors.invalidRequest('The number of routing rules must not exceed allowed limit of 50 rules.');
  for (const rule of arr(rules)) {
    const redirect = obj(rule['Redirect']);
    if (!redirect) throw s3Errors.malformedXml();
    validateRedirect(redirect);
    if (redirect['ReplaceKeyPrefixWith'] !== undefined && redirect['ReplaceKeyWith'] !== undefined) {
      throw s3Errors.invalidRequest('You can only define ReplaceKeyPrefix or ReplaceKey but not both.');
    }
    const code = redirect['HttpRedirectCode'];
    if (code !== undefined && !/^3\d\d$/.test(String(code))) {
      throw s3Errors.invalidArgument('The provided HTTP redirect code is not valid. It should be a string containing a number in the 3XX range.', 'HttpRedirectCode', String(code));
    }
    const condition = obj(rule['Condition']);
    if (condition) {
      if (condition['KeyPrefixEquals'] === undefined && condition['HttpErrorCodeReturnedEquals'] === undefined) {
        throw s3Errors.invalidRequest('Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn\'t be present.');
      }
      const err = condition['HttpErrorCodeReturnedEquals'];
      if (err !== undefined && !/^[45]\d\d$/.test(String(err))) {
        throw s3Errors.invalidArgument('The provided HTTP error code is not valid. Valid codes are 4XX or 5XX.', 'HttpErrorCodeReturnedEquals', String(err));
      }
    }
  }
}

export function PutBucketWebsite(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:PutBucketWebsite');
  const doc = configPayload<Obj>(ctx, input, 'WebsiteConfiguration');
  validateWebsite(doc);
  writeConfig(ctx, b.name, 'website', doc);
  return {};
}

export function GetBucketWebsite(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetBucketWebsite');
  const doc = readConfig<Obj>(ctx, b.name, 'website');
  if (doc === undefined) throw s3ConfigErrors.noSuchWebsite(b.name);
  return doc;
}

export function DeleteBucketWebsite(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:DeleteBucketWebsite');
  writeConfig(ctx, b.name, 'website', null);
  return { $status: 204 };
}

// ---- logging ----

export function PutBucketLogging(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:PutBucketLogging');
  const doc = configPayload<Obj>(ctx, input, 'BucketLoggingStatus');
  const enabled = obj(doc['LoggingEnabled']);
  // AWS: an empty BucketLoggingStatus turns logging off.
  if (!enabled) {
    writeConfig(ctx, b.name, 'logging', null);
    return {};
  }
  const target = enabled['TargetBucket'];
  if (typeof target !== 'string' || target === '' || typeof enabled['TargetPrefix'] !== 'string') throw s3Errors.malformedXml();
  const t = ctx.store.getBucket(target);
  if (!t) throw s3ConfigErrors.invalidTargetBucket('The target bucket for logging does not exist', target);
  // AWS: the target bucket has the same owner and lives in the same region as the source bucket.
  if (t.owner !== b.owner) throw s3ConfigErrors.invalidTargetBucket('The owner for the bucket to be logged and the target bucket must be the same.', target);
  if (t.region !== b.region) throw s3ConfigErrors.crossLocationLogging(b.region, t.region);
  const grants = arr(enabled['TargetGrants']).map((g) => {
    const grantee = obj(g['Grantee']);
    if (!oneOf(g['Permission'], ['FULL_CONTROL', 'READ', 'WRITE']) || grantee === undefined) throw s3Errors.malformedXml();
    // The grantee's xsi:type attribute is not read by the XML reader: it follows from the one identifier given.
    const ids = (['ID', 'URI', 'EmailAddress'] as const).filter((k) => typeof grantee[k] === 'string');
    if (ids.length !== 1) throw s3Errors.malformedXml();
    const type = ids[0] === 'ID' ? 'CanonicalUser' : ids[0] === 'URI' ? 'Group' : 'AmazonCustomerByEmail';
    return { ...g, Grantee: { ...grantee, Type: type } };
  });
  const format = obj(enabled['TargetObjectKeyFormat']);
  if (format) {
    // AWS: SimplePrefix or PartitionedPrefix, not both.
    if ((format['SimplePrefix'] === undefined) === (format['PartitionedPrefix'] === undefined)) throw s3Errors.malformedXml();
    const source = obj(format['PartitionedPrefix'])?.['PartitionDateSource'];
    if (source !== undefined && !oneOf(source, ['EventTime', 'DeliveryTime'])) throw s3Errors.malformedXml();
  }
  writeConfig(ctx, b.name, 'logging', grants.length > 0 ? { ...enabled, TargetGrants: grants } : enabled);
  return {};
}

export function GetBucketLogging(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetBucketLogging');
  const enabled = readConfig<Obj>(ctx, b.name, 'logging');
  // AWS: a bucket without logging answers an empty BucketLoggingStatus.
  return enabled === undefined ? {} : { LoggingEnabled: enabled };
}

// ---- replication ----

function validateReplication(ctx: S3Context, doc: Obj): void {
  if (typeof doc['Role'] !== 'string' || doc['Role'] === '') throw s3Errors.malformedXml();
  const rules = arr(doc['Rules']);
  // AWS: 1 to 1,000 rules.
  if (rules.length === 0 || rules.length > 1000) throw s3Errors.malformedXml();
  const ids = new Set<string>();
  const priorities = new Set<number>();
  for (const r of rules) {
    if (!oneOf(r['Status'], ['Enabled', 'Disabled'])) throw s3Errors.malformedXml();
    const id = r['ID'];
    if (typeof id === 'string') {
      if (id.length > 255) throw s3Errors.invalidArgument('ID length should not exceed allowed limit of 255', 'ID', id);
      if (ids.has(id)) throw s3Errors.invalidArgument('Rule Id must be unique', 'ID', id);
      ids.add(id);
    }
    if (r['Filter'] !== undefined && r['Prefix'] !== undefined) throw s3Errors.malformedXml();
    if (r['Filter'] !== undefined) {
      // AWS: the V2 schema (rules with Filter) requires DeleteMarkerReplication and a unique Priority.
      if (obj(r['DeleteMarkerReplication']) === undefined) {
        throw s3Errors.invalidRequest('DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema.');
      }
      const p = r['Priority'];
      if (typeof p === 'number') {
        if (priorities.has(p)) throw s3Errors.invalidRequest('Found duplicate priority ' + String(p) + ' when priorities must be unique.');
        priorities.add(p);
      }
    }
    const dest = obj(r['Destination']);
    const arn = dest?.['Bucket'];
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:s3:::')) throw s3Errors.invalidArgument('Invalid bucket ARN.', 'Destination', String(arn ?? ''));
    const target = ctx.store.getBucket(arn.slice('arn:aws:s3:::'.length));
    if (!target) throw s3Errors.invalidRequest('Destination bucket must exist.');
    if (!versioningEnabled(ctx, target.name)) throw s3Errors.invalidRequest('Destination bucket must have versioning enabled.');
  }
  if (priorities.size > 0 && rules.some((r) => r['Filter'] === undefined)) throw s3Errors.malformedXml();
}

export function PutBucketReplication(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:PutReplicationConfiguration');
  const doc = configPayload<Obj>(ctx, input, 'ReplicationConfiguration');
  // AWS: replication needs versioning Enabled on the source bucket.
  if (!versioningEnabled(ctx, b.name)) throw s3Errors.invalidRequest("Versioning must be 'Enabled' on the bucket to apply a replication configuration");
  validateReplication(ctx, doc);
  writeConfig(ctx, b.name, 'replication', doc);
  return {};
}

export function GetBucketReplication(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetReplicationConfiguration');
  const doc = readConfig<Obj>(ctx, b.name, 'replication');
  if (doc === undefined) throw s3ConfigErrors.noReplication(b.name);
  return { ReplicationConfiguration: doc };
}

export function DeleteBucketReplication(ctx: S3Context, input: Input): S3Output {
  // AWS (Service Authorization Reference): DeleteBucketReplication is authorized as s3:PutReplicationConfiguration.
  const b = configBucket(ctx, input, 's3:PutReplicationConfiguration');
  writeConfig(ctx, b.name, 'replication', null);
  return { $status: 204 };
}

// ---- request payment ----

export function PutBucketRequestPayment(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:PutBucketRequestPayment');
  const doc = configPayload<Obj>(ctx, input, 'RequestPaymentConfiguration');
  if (!oneOf(doc['Payer'], ['Requester', 'BucketOwner'])) throw s3Errors.malformedXml();
  // BucketOwner is the default: storing nothing keeps "none configured" and "BucketOwner" the same state.
  writeConfig(ctx, b.name, 'request-payment', doc['Payer'] === 'BucketOwner' ? null : { Payer: doc['Payer'] });
  return {};
}

export function GetBucketRequestPayment(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetBucketRequestPayment');
  return { Payer: readConfig<{ Payer: string }>(ctx, b.name, 'request-payment')?.Payer ?? 'BucketOwner' };
}

// ---- transfer acceleration ----

export function PutBucketAccelerateConfiguration(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:PutAccelerateConfiguration');
  const doc = configPayload<Obj>(ctx, input, 'AccelerateConfiguration');
  if (!oneOf(doc['Status'], ['Enabled', 'Suspended'])) throw s3Errors.malformedXml();
  // AWS: Transfer Acceleration needs a DNS-compliant name without periods.
  if (b.name.includes('.')) throw s3Errors.invalidRequest('S3 Transfer Acceleration is not supported for buckets with periods (.) in their names');
  writeConfig(ctx, b.name, 'accelerate', { Status: doc['Status'] });
  return {};
}

export function GetBucketAccelerateConfiguration(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetAccelerateConfiguration');
  // AWS: a bucket that never had acceleration configured answers an AccelerateConfiguration without Status.
  const stored = readConfig<{ Status: string }>(ctx, b.name, 'accelerate');
  return stored === undefined ? {} : { Status: stored.Status };
}

// ---- event notifications ----

const EVENT = /^s3:[A-Za-z]+(:[A-Za-z*]+)?$/;

export function PutBucketNotificationConfiguration(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:PutBucketNotification');
  const doc = configPayload<Obj>(ctx, input, 'NotificationConfiguration');
  const ids = new Set<string>();
  for (const [list, arnMember] of [['TopicConfigurations', 'TopicArn'], ['QueueConfigurations', 'QueueArn'], ['LambdaFunctionConfigurations', 'LambdaFunctionArn']] as const) {
    for (const c of arr(doc[list])) {
      const arn = c[arnMember];
      if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw s3Errors.invalidArgument('The ARN is not well formed', arnMember, String(arn ?? ''));
      const events = Array.isArray(c['Events']) ? c['Events'].map(String) : [];
      if (events.length === 0 || events.some((e) => !EVENT.test(e))) throw s3Errors.invalidArgument('The event is not supported for notifications', 'Event', events.join(','));
      for (const rule of arr(obj(obj(c['Filter'])?.['Key'])?.['FilterRules'])) {
        if (!oneOf(String(rule['Name']).toLowerCase(), ['prefix', 'suffix'])) throw s3Errors.invalidArgument('filter rule name must be either prefix or suffix', 'FilterRule', String(rule['Name']));
      }
      const id = c['Id'];
      if (typeof id === 'string') {
        if (ids.has(id)) throw s3Errors.invalidArgument('Configuration id must be unique', 'Id', id);
        ids.add(id);
      }
    }
  }
  // Destinations (SNS, SQS, Lambda) are not served here, so they cannot be checked: stored as sent.
  writeConfig(ctx, b.name, 'notification', doc);
  return {};
}

export function GetBucketNotificationConfiguration(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetBucketNotification');
  return readConfig<Obj>(ctx, b.name, 'notification') ?? {};
}
