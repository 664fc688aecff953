/**
 * @module S3 addressing and operation detection: the bucket from the Host header (virtual-hosted style) or the
 * first path segment (path style), the key percent-decoded once, and the operation from method, path and
 * sub-resource query keys, as one small table.
 */

export interface S3Address {
  readonly bucket?: string;
  readonly key?: string;
  /** The region named by the host (`s3.<region>.localhost`, `<bucket>.s3.<region>.amazonaws.com`). */
  readonly hostRegion?: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** `s3-<region>` and `s3-external-1` (legacy dash-style endpoints). */
const LEGACY_S3_LABEL = /^s3-(external-1|[a-z]{2}(-gov)?-[a-z]+-\d)$/;
const HOST_SUFFIXES = ['.localhost', '.amazonaws.com'] as const;

/**
 * Resolve bucket and key. AWS: virtual-hosted style puts the bucket in the host (`<bucket>.s3.<region>.amazonaws.com`);
 * path style (`s3.<region>.amazonaws.com/<bucket>/<key>`) in the first path segment. An IP literal or a bare
 * `localhost` is always path style.
 */
export function resolveAddress(hostHeader: string, rawPath: string): S3Address {
  const host = stripPort(hostHeader.toLowerCase());
  let bucket: string | undefined;
  let hostRegion: string | undefined;
  if (host !== '' && !IPV4.test(host) && !host.startsWith('[')) {
    const suffix = HOST_SUFFIXES.find((s) => host.endsWith(s));
    if (suffix) {
      const base = host.slice(0, host.length - suffix.length);
      const labels = base.split('.');
      const s3At = labels.findIndex((l) => l === 's3' || LEGACY_S3_LABEL.test(l));
      if (s3At >= 0) {
        if (s3At > 0) bucket = labels.slice(0, s3At).join('.');
        const s3Label = labels[s3At]!;
        const rest = labels.slice(s3At + 1).filter((l) => l !== 'dualstack');
        if (s3Label === 's3-external-1') hostRegion = 'us-east-1';
        else if (s3Label !== 's3') hostRegion = s3Label.slice(3);
        else if (rest.length > 0) hostRegion = rest[0];
      } else if (suffix === '.localhost') {
        bucket = base;
      }
    }
  }
  let path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (bucket === undefined) {
    const slash = path.indexOf('/');
    const first = slash < 0 ? path : path.slice(0, slash);
    path = slash < 0 ? '' : path.slice(slash + 1);
    if (first !== '') bucket = decode(first);
  }
  const out: { bucket?: string; key?: string; hostRegion?: string } = {};
  if (bucket !== undefined) out.bucket = bucket;
  // AWS: `/bucket` and `/bucket/` address the bucket; anything after the slash is the key, decoded once.
  if (path !== '') out.key = decode(path);
  if (hostRegion !== undefined) out.hostRegion = hostRegion;
  return out;
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host;
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Sub-resources S3 has that no operation here is detected for (answered NotImplemented). */
const UNSERVED_SUBRESOURCES = [
  'analytics', 'intelligent-tiering', 'inventory', 'legal-hold', 'metadataTable', 'metrics', 'restore', 'retention',
  'select', 'session', 'torrent',
] as const;

type Method = 'GET' | 'PUT' | 'DELETE' | 'POST' | 'HEAD';
type ByMethod = Readonly<Partial<Record<Method, string>>>;

/**
 * Bucket sub-resources: the query key names the configuration, the method the verb (S3 API reference, each
 * operation's "Request Syntax"). Checked in this order, so `?uploads` wins over plain listing.
 */
const BUCKET_SUBRESOURCES: Readonly<Record<string, ByMethod>> = {
  policy: { PUT: 'PutBucketPolicy', GET: 'GetBucketPolicy', DELETE: 'DeleteBucketPolicy' },
  policyStatus: { GET: 'GetBucketPolicyStatus' },
  location: { GET: 'GetBucketLocation' },
  uploads: { GET: 'ListMultipartUploads' },
  delete: { POST: 'DeleteObjects' },
  versioning: { GET: 'GetBucketVersioning', PUT: 'PutBucketVersioning' },
  versions: { GET: 'ListObjectVersions' },
  acl: { GET: 'GetBucketAcl', PUT: 'PutBucketAcl' },
  ownershipControls: { GET: 'GetBucketOwnershipControls', PUT: 'PutBucketOwnershipControls', DELETE: 'DeleteBucketOwnershipControls' },
  tagging: { GET: 'GetBucketTagging', PUT: 'PutBucketTagging', DELETE: 'DeleteBucketTagging' },
  cors: { GET: 'GetBucketCors', PUT: 'PutBucketCors', DELETE: 'DeleteBucketCors' },
  publicAccessBlock: { GET: 'GetPublicAccessBlock', PUT: 'PutPublicAccessBlock', DELETE: 'DeletePublicAccessBlock' },
  encryption: { GET: 'GetBucketEncryption', PUT: 'PutBucketEncryption', DELETE: 'DeleteBucketEncryption' },
  lifecycle: { GET: 'GetBucketLifecycleConfiguration', PUT: 'PutBucketLifecycleConfiguration', DELETE: 'DeleteBucketLifecycle' },
  website: { GET: 'GetBucketWebsite', PUT: 'PutBucketWebsite', DELETE: 'DeleteBucketWebsite' },
  logging: { GET: 'GetBucketLogging', PUT: 'PutBucketLogging' },
  replication: { GET: 'GetBucketReplication', PUT: 'PutBucketReplication', DELETE: 'DeleteBucketReplication' },
  requestPayment: { GET: 'GetBucketRequestPayment', PUT: 'PutBucketRequestPayment' },
  accelerate: { GET: 'GetBucketAccelerateConfiguration', PUT: 'PutBucketAccelerateConfiguration' },
  notification: { GET: 'GetBucketNotificationConfiguration', PUT: 'PutBucketNotificationConfiguration' },
  'object-lock': { GET: 'GetObjectLockConfiguration', PUT: 'PutObjectLockConfiguration' },
};

/** Object sub-resources, as for buckets. */
const OBJECT_SUBRESOURCES: Readonly<Record<string, ByMethod>> = {
  acl: { GET: 'GetObjectAcl', PUT: 'PutObjectAcl' },
  tagging: { GET: 'GetObjectTagging', PUT: 'PutObjectTagging', DELETE: 'DeleteObjectTagging' },
  attributes: { GET: 'GetObjectAttributes' },
  uploads: { POST: 'CreateMultipartUpload' },
};

export type Detected =
  | { readonly kind: 'operation'; readonly operation: string }
  | { readonly kind: 'unserved'; readonly what: string }
  | { readonly kind: 'method-not-allowed'; readonly resourceType: 'SERVICE' | 'BUCKET' | 'OBJECT' };

/**
 * The operation a request is for (AWS: method + bucket/key presence + sub-resource query keys + copy source).
 * `served` says which operations have a handler; a recognised operation without one is answered NotImplemented.
 */
export function detectOperation(
  method: string, addr: S3Address, query: ReadonlyMap<string, string>, headers: Readonly<Record<string, string>>,
  served: (operation: string) => boolean = () => true,
): Detected {
  const detected = detectRaw(method, addr, query, headers);
  if (detected.kind === 'operation' && !served(detected.operation)) return { kind: 'unserved', what: detected.operation };
  return detected;
}

function fromTable(table: Readonly<Record<string, ByMethod>>, method: string, query: ReadonlyMap<string, string>): string | 'none' | 'wrong-method' {
  for (const [sub, byMethod] of Object.entries(table)) {
    if (!query.has(sub)) continue;
    return byMethod[method as Method] ?? 'wrong-method';
  }
  return 'none';
}

function detectRaw(method: string, addr: S3Address, query: ReadonlyMap<string, string>, headers: Readonly<Record<string, string>>): Detected {
  const op = (operation: string): Detected => ({ kind: 'operation', operation });
  for (const sub of UNSERVED_SUBRESOURCES) if (query.has(sub)) return { kind: 'unserved', what: `?${sub}` };
  if (addr.bucket === undefined) {
    return method === 'GET' ? op('ListBuckets') : { kind: 'method-not-allowed', resourceType: 'SERVICE' };
  }
  if (addr.key === undefined) {
    const sub = fromTable(BUCKET_SUBRESOURCES, method, query);
    if (sub === 'wrong-method') return { kind: 'method-not-allowed', resourceType: 'BUCKET' };
    if (sub !== 'none') return op(sub);
    switch (method) {
      case 'PUT': return op('CreateBucket');
      case 'GET': return op(query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects');
      case 'DELETE': return op('DeleteBucket');
      case 'HEAD': return op('HeadBucket');
    }
    return { kind: 'method-not-allowed', resourceType: 'BUCKET' };
  }
  const sub = fromTable(OBJECT_SUBRESOURCES, method, query);
  if (sub === 'wrong-method') return { kind: 'method-not-allowed', resourceType: 'OBJECT' };
  if (sub !== 'none') return op(sub);
  switch (method) {
    case 'PUT':
      if (query.has('partNumber') && query.has('uploadId')) {
        return op(headers['x-amz-copy-source'] !== undefined ? 'UploadPartCopy' : 'UploadPart');
      }
      return op(headers['x-amz-copy-source'] !== undefined ? 'CopyObject' : 'PutObject');
    case 'GET': return op(query.has('uploadId') ? 'ListParts' : 'GetObject');
    case 'HEAD': return op('HeadObject');
    case 'DELETE': return op(query.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject');
    case 'POST':
      if (query.has('uploadId')) return op('CompleteMultipartUpload');
      break;
  }
  return { kind: 'method-not-allowed', resourceType: 'OBJECT' };
}
