/**
 * @module A repeated CompleteMultipartUpload: AWS answers 200 with the same result when an upload that already
 * completed is completed again with the same parts (a client retrying after a lost response). The object remembers
 * the upload id and parts list it was completed with (`StoredObjectExtra.completedFrom`, durable with the object);
 * different parts, or an object since replaced, leave the upload unknown (NoSuchUpload).
 */
import { authorize, objectArn, requireBucket } from './access.js';
import type { S3Context, S3Output } from './context.js';
import { completionResult, partsSignature } from './multipart.js';

type Input = Readonly<Record<string, unknown>>;

/** The earlier answer when this request repeats the completion that made the current object, else undefined. */
export function repeatedCompletion(ctx: S3Context, input: Input, requested: readonly { readonly PartNumber?: number; readonly ETag?: string }[]): S3Output | undefined {
  const uploadId = typeof input['UploadId'] === 'string' ? input['UploadId'] : '';
  if (uploadId === '' || ctx.store.getUpload(uploadId) !== undefined) return undefined;
  const bucket = ctx.store.getBucket(typeof input['Bucket'] === 'string' ? input['Bucket'] : '');
  if (!bucket) return undefined;
  const key = typeof input['Key'] === 'string' ? input['Key'] : '';
  const o = ctx.store.getObject(bucket.name, key);
  const from = o?.extra.completedFrom;
  if (!o || from === undefined || from.uploadId !== uploadId || from.parts !== partsSignature(requested)) return undefined;
  // The same checks as the first completion: region, then s3:PutObject on the key.
  const b = requireBucket(ctx, bucket.name);
  authorize(ctx, 's3:PutObject', objectArn(b.name, key), b);
  return completionResult(b, key, o.etag, o.extra.checksums, o.extra.checksumType, o.versionId);
}
