/**
 * @module Default bucket encryption: Get/Put/DeleteBucketEncryption (s3:GetEncryptionConfiguration,
 * s3:PutEncryptionConfiguration), and the server-side encryption an object is written with. AWS: since January
 * 2023 every bucket encrypts new objects with SSE-S3 (AES256) unless configured otherwise. Content is not actually
 * encrypted here (the store is local); what is modelled is what S3 accepts, stores and answers.
 */
import { S3Error, s3Errors } from '../../errors/s3.js';
import { configBucket, configPayload, readConfig, writeConfig } from './config-access.js';
import type { S3Context, S3Output } from './context.js';

type Input = Readonly<Record<string, unknown>>;

interface ByDefault { readonly SSEAlgorithm: string; readonly KMSMasterKeyID?: string }
interface EncryptionRule {
  readonly ApplyServerSideEncryptionByDefault: ByDefault;
  readonly BucketKeyEnabled: boolean;
  readonly BlockedEncryptionTypes?: { readonly EncryptionType: readonly string[] };
}

/** AWS: the algorithms a default rule may name (`aws:fsx` belongs to FSx-attached buckets only). */
const DEFAULT_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;
const ENCRYPTION_TYPES = ['NONE', 'SSE-C'] as const;

const SSE_S3: EncryptionRule = { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false };

/** The bucket's default encryption rule (SSE-S3 unless one was put). */
export function defaultEncryption(ctx: S3Context, bucket: string): EncryptionRule {
  return readConfig<EncryptionRule>(ctx, bucket, 'encryption') ?? SSE_S3;
}

function validateRule(raw: Record<string, unknown>): EncryptionRule {
  const by = raw['ApplyServerSideEncryptionByDefault'] as Record<string, unknown> | undefined;
  if (by === undefined) throw s3Errors.malformedXml();
  const alg = by['SSEAlgorithm'];
  if (typeof alg !== 'string' || !(DEFAULT_ALGORITHMS as readonly string[]).includes(alg)) throw s3Errors.malformedXml();
  const key = by['KMSMasterKeyID'];
  // AWS: a KMS key belongs only with a KMS algorithm.
  if (typeof key === 'string' && alg === 'AES256') {
    throw s3Errors.invalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 'ApplyServerSideEncryptionByDefault', key);
  }
  const rule: { -readonly [K in keyof EncryptionRule]: EncryptionRule[K] } = {
    ApplyServerSideEncryptionByDefault: typeof key === 'string' ? { SSEAlgorithm: alg, KMSMasterKeyID: key } : { SSEAlgorithm: alg },
    BucketKeyEnabled: raw['BucketKeyEnabled'] === true,
  };
  const blocked = raw['BlockedEncryptionTypes'] as { EncryptionType?: unknown } | undefined;
  if (blocked !== undefined) {
    const types = Array.isArray(blocked.EncryptionType) ? blocked.EncryptionType.map(String) : [];
    if (types.some((t) => !(ENCRYPTION_TYPES as readonly string[]).includes(t))) throw s3Errors.malformedXml();
    rule.BlockedEncryptionTypes = { EncryptionType: types };
  }
  return rule;
}

export function PutBucketEncryption(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:PutEncryptionConfiguration');
  const doc = configPayload<{ Rules?: unknown }>(ctx, input, 'ServerSideEncryptionConfiguration');
  // AWS: exactly one rule.
  if (!Array.isArray(doc.Rules) || doc.Rules.length !== 1) throw s3Errors.malformedXml();
  writeConfig(ctx, b.name, 'encryption', validateRule(doc.Rules[0] as Record<string, unknown>));
  return {};
}

export function GetBucketEncryption(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetEncryptionConfiguration');
  return { ServerSideEncryptionConfiguration: { Rules: [defaultEncryption(ctx, b.name)] } };
}

export function DeleteBucketEncryption(ctx: S3Context, input: Input): S3Output {
  // AWS: deleting the configuration reverts the bucket to SSE-S3 (objects stay encrypted).
  const b = configBucket(ctx, input, 's3:PutEncryptionConfiguration');
  writeConfig(ctx, b.name, 'encryption', null);
  return { $status: 204 };
}

/** NotImplemented for an encryption S3 offers that this emulator does not serve (no KMS, no customer keys). */
function notServed(header: string, what: string): S3Error {
  return new S3Error('NotImplemented', `${what} is not served by vpce: only SSE-S3 (AES256) is`, 501, { Header: header });
}

/**
 * The encryption members an object write stores and answers (PutObject): `x-amz-server-side-encryption: AES256`
 * is accepted; SSE-KMS, DSSE-KMS and SSE-C request headers are refused as not served; without a header the
 * bucket default applies (a KMS default is recorded as S3 would report it).
 */
export function objectEncryption(ctx: S3Context, bucket: string, input: Input): Record<string, string> {
  const sse = input['ServerSideEncryption'];
  if (typeof sse === 'string') {
    if (sse === 'aws:kms' || sse === 'aws:kms:dsse') throw notServed('x-amz-server-side-encryption', `Server-side encryption ${sse}`);
    // AWS: any other value than the documented algorithms is refused.
    if (sse !== 'AES256') throw s3Errors.invalidArgument('The encryption method specified is not supported', 'x-amz-server-side-encryption', sse);
  }
  for (const [member, header] of [['SSEKMSKeyId', 'x-amz-server-side-encryption-aws-kms-key-id'], ['SSEKMSEncryptionContext', 'x-amz-server-side-encryption-context'], ['BucketKeyEnabled', 'x-amz-server-side-encryption-bucket-key-enabled']] as const) {
    if (input[member] !== undefined) throw notServed(header, 'SSE-KMS');
  }
  for (const [member, header] of [['SSECustomerAlgorithm', 'x-amz-server-side-encryption-customer-algorithm'], ['SSECustomerKey', 'x-amz-server-side-encryption-customer-key'], ['SSECustomerKeyMD5', 'x-amz-server-side-encryption-customer-key-MD5']] as const) {
    if (input[member] !== undefined) throw notServed(header, 'SSE-C (customer-provided keys)');
  }
  if (sse === 'AES256') return { ServerSideEncryption: 'AES256' };
  const rule = defaultEncryption(ctx, bucket);
  const out: Record<string, string> = { ServerSideEncryption: rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm };
  if (rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID !== undefined) out['SSEKMSKeyId'] = rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID;
  if (rule.BucketKeyEnabled && out['ServerSideEncryption'] !== 'AES256') out['BucketKeyEnabled'] = 'true';
  return out;
}
