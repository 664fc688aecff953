/** @module The S3 handlers by operation name, and the list of operations served (for the README compatibility table). */
export { type S3Context, type S3Handler, type S3Output } from './context.js';
export { type S3Storage } from './storage.js';
import { DeleteBucketPolicy, GetBucketPolicy, PutBucketPolicy } from './bucket-policy.js';
import { GetBucketAcl, GetObjectAcl, PutBucketAcl, PutObjectAcl } from './acl.js';
import { CreateBucket, DeleteBucket, GetBucketLocation, HeadBucket, ListBuckets } from './buckets.js';
import type { S3Handler } from './context.js';
import {
  DeleteBucketReplication, DeleteBucketWebsite, GetBucketAccelerateConfiguration, GetBucketLogging, GetBucketNotificationConfiguration,
  GetBucketReplication, GetBucketRequestPayment, GetBucketWebsite, PutBucketAccelerateConfiguration, PutBucketLogging,
  PutBucketNotificationConfiguration, PutBucketReplication, PutBucketRequestPayment, PutBucketWebsite,
} from './bucket-configs.js';
import { DeleteBucketCors, GetBucketCors, PutBucketCors } from './cors.js';
import { DeleteBucketEncryption, GetBucketEncryption, PutBucketEncryption } from './encryption.js';
import { DeleteBucketLifecycle, GetBucketLifecycleConfiguration, PutBucketLifecycleConfiguration } from './lifecycle.js';
import { ListObjects, ListObjectsV2 } from './listing.js';
import { GetObjectLockConfiguration, PutObjectLockConfiguration } from './object-lock.js';
import { DeletePublicAccessBlock, GetBucketPolicyStatus, GetPublicAccessBlock, PutPublicAccessBlock } from './public-access-block.js';
import { AbortMultipartUpload, CompleteMultipartUpload, CreateMultipartUpload, ListMultipartUploads, ListParts, UploadPart } from './multipart.js';
import { CopyObject, DeleteObject, DeleteObjects, GetObject, HeadObject, PutObject } from './objects.js';
import { GetBucketVersioning, ListObjectVersions, PutBucketVersioning } from './versioning.js';
import { DeleteBucketOwnershipControls, GetBucketOwnershipControls, PutBucketOwnershipControls } from './ownership.js';
import { DeleteBucketTagging, DeleteObjectTagging, GetBucketTagging, GetObjectTagging, PutBucketTagging, PutObjectTagging } from './tagging.js';

/** Every S3 operation served, by wire name. */
export const S3_HANDLERS: Readonly<Record<string, S3Handler>> = {
  CreateBucket, ListBuckets, HeadBucket, DeleteBucket, GetBucketLocation,
  PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject,
  ListObjectsV2, ListObjects,
  CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads,
  PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy,
  GetBucketVersioning, PutBucketVersioning, ListObjectVersions,
  GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl,
  GetBucketOwnershipControls, PutBucketOwnershipControls, DeleteBucketOwnershipControls,
  GetBucketTagging, PutBucketTagging, DeleteBucketTagging, GetObjectTagging, PutObjectTagging, DeleteObjectTagging,
  GetBucketCors, PutBucketCors, DeleteBucketCors,
  GetPublicAccessBlock, PutPublicAccessBlock, DeletePublicAccessBlock, GetBucketPolicyStatus,
  GetBucketEncryption, PutBucketEncryption, DeleteBucketEncryption,
  GetBucketLifecycleConfiguration, PutBucketLifecycleConfiguration, DeleteBucketLifecycle,
  GetBucketWebsite, PutBucketWebsite, DeleteBucketWebsite, GetBucketLogging, PutBucketLogging,
  GetBucketReplication, PutBucketReplication, DeleteBucketReplication, GetBucketRequestPayment, PutBucketRequestPayment,
  GetBucketAccelerateConfiguration, PutBucketAccelerateConfiguration,
  GetBucketNotificationConfiguration, PutBucketNotificationConfiguration,
  GetObjectLockConfiguration, PutObjectLockConfiguration,
};

/** The S3 operations served, sorted. */
export const S3_OPERATIONS: readonly string[] = Object.keys(S3_HANDLERS).sort();
