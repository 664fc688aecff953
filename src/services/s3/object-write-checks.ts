/**
 * @module What the bucket configurations require of an object write (PutObject): Block Public Access refuses a
 * public ACL, a bucket without Object Lock refuses object-lock headers, and the server-side encryption the object
 * is stored with (answered on Put, Get and Head).
 */
import { objectArn } from './access.js';
import type { S3Context } from './context.js';
import { objectEncryption } from './encryption.js';
import { refuseObjectLockHeaders } from './object-lock.js';
import { refusePublicAcl } from './public-access-block.js';

type Input = Readonly<Record<string, unknown>>;

/** Check a write against the bucket's configurations; answers the encryption members to store and echo. */
export function objectWriteSettings(ctx: S3Context, bucket: string, key: string, input: Input): Record<string, string> {
  refusePublicAcl(ctx, bucket, input, 's3:PutObject', objectArn(bucket, key));
  refuseObjectLockHeaders(ctx, bucket, input);
  return objectEncryption(ctx, bucket, input);
}

/** AWS: every object is encrypted at rest (SSE-S3 unless stored otherwise), and Get/Head say so. */
export const DEFAULT_OBJECT_ENCRYPTION: Readonly<Record<string, string>> = { ServerSideEncryption: 'AES256' };
