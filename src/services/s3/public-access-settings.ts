/**
 * @module A bucket's Block Public Access settings as stored (kind `public-access-block`), read without the handlers,
 * so the authorization path (`access.ts`) can apply RestrictPublicBuckets. AWS: since April 2023 every new bucket
 * has all four settings on (S3 User Guide, "Blocking public access"); a bucket whose configuration was deleted has
 * none. Stored: nothing (the new-bucket default), a configuration, or `{"deleted":true}`.
 */
import type { S3Storage } from './storage.js';

/** The four settings (wire names). */
export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

export const PUBLIC_ACCESS_BLOCK_KIND = 'public-access-block';

const NEW_BUCKET_DEFAULT: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** The bucket's settings, or undefined when it has no configuration. */
export function publicAccessBlockIn(store: S3Storage, bucket: string): PublicAccessBlock | undefined {
  const text = store.getBucketConfig(bucket, PUBLIC_ACCESS_BLOCK_KIND);
  if (text === undefined) return NEW_BUCKET_DEFAULT;
  const stored = JSON.parse(text) as PublicAccessBlock | { readonly deleted: true };
  return 'deleted' in stored ? undefined : stored;
}
