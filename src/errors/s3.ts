/**
 * @module S3 error catalog: every code the S3 endpoint emits, with its HTTP status and the message S3 prints
 * (Amazon S3 API Reference, "Error responses", list of error codes). Extra elements (BucketName, Key, ...) go
 * into the error document; extra headers (x-amz-bucket-region) onto the response.
 */
import { AwsError } from './aws-error.js';

/** An S3 error: an AwsError with the extra elements and headers S3 adds to its error document. */
export class S3Error extends AwsError {
  readonly extra: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: string, message: string, status: number, extra: Record<string, string> = {}, headers: Record<string, string> = {}) {
    super(code, message, status);
    this.extra = extra;
    this.headers = headers;
  }
}

/** The codes this endpoint emits (the audit test checks each appears in a test). */
export const S3_ERROR_CODES = [
  'AccessDenied', 'AuthorizationHeaderMalformed', 'BadDigest', 'BucketAlreadyExists', 'BucketAlreadyOwnedByYou',
  'BucketNotEmpty', 'EntityTooSmall', 'IllegalLocationConstraintException', 'IncompleteBody', 'InvalidArgument',
  'IllegalVersioningConfigurationException', 'InvalidBucketName', 'InvalidDigest', 'InvalidLocationConstraint', 'InvalidPart', 'InvalidPartOrder', 'InvalidRange',
  'InvalidRequest', 'KeyTooLongError', 'MalformedPolicy', 'MalformedXML', 'MethodNotAllowed', 'NoSuchBucket',
  'NoSuchBucketPolicy', 'NoSuchKey', 'NoSuchUpload', 'NoSuchVersion', 'NotImplemented', 'PermanentRedirect', 'PreconditionFailed',
  'XAmzContentSHA256Mismatch',
  'AccessControlListNotSupported', 'BadRequest', 'InvalidBucketAclWithObjectOwnership', 'InvalidTag', 'MalformedACLError',
  'MissingSecurityHeader', 'NoSuchTagSet', 'NoSuchVersion', 'OwnershipControlsNotFoundError', 'UnexpectedContent',
  'UnresolvableGrantByEmailAddress',
  // UploadPartCopy, GetObject partNumber, presigned URL expiry, copy-source versionId:
  'InvalidPartNumber', 'AuthorizationQueryParametersError',
  // Request size limits (server/request-limits.ts):
  'EntityTooLarge', 'MaxMessageLengthExceeded', 'SlowDown',
] as const;
export type S3ErrorCode = (typeof S3_ERROR_CODES)[number];

const e = (code: S3ErrorCode, message: string, status: number, extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  new S3Error(code, message, status, extra, headers);

export const s3Errors = {
  /** AWS: an upload larger than S3 accepts in one request (5 GiB), with the size proposed and the maximum. */
  entityTooLarge: (proposed: number, max: number) =>
    e('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { ProposedSize: String(proposed), MaxSizeAllowed: String(max) }),
  /** AWS: a request (other than an upload) longer than S3 reads. */
  maxMessageLengthExceeded: () => e('MaxMessageLengthExceeded', 'Your request was too big.', 400),
  /** AWS: S3's retryable refusal when it cannot take the request now (503). */
  slowDown: () => e('SlowDown', 'Please reduce your request rate.', 503),
  accessDenied: () => e('AccessDenied', 'Access Denied', 403),
  /** AWS: a SigV4 request signed for another region than the bucket's (400, names the expected region). */
  wrongRegion: (signed: string, bucketRegion: string) =>
    e('AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${signed}' is wrong; expecting '${bucketRegion}'`, 400,
      { Region: bucketRegion }, { 'x-amz-bucket-region': bucketRegion }),
  /** AWS: a correctly signed request sent to another region's endpoint (301 with the endpoint to use). */
  permanentRedirect: (bucket: string, bucketRegion: string) =>
    e('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', 301,
      { Endpoint: `${bucket}.s3.${bucketRegion}.amazonaws.com`, Bucket: bucket }, { 'x-amz-bucket-region': bucketRegion }),
  badDigestMd5: (expected: string, calculated: string) =>
    e('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, { ExpectedDigest: expected, CalculatedDigest: calculated }),
  badDigestChecksum: (algorithm: string) =>
    e('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400),
  contentSha256Mismatch: (client: string, computed: string) =>
    e('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400,
      { ClientComputedContentSHA256: client, S3ComputedContentSHA256: computed }),
  bucketAlreadyExists: (bucket: string) =>
    e('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', 409, { BucketName: bucket }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    e('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: bucket }),
  bucketNotEmpty: (bucket: string) => e('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket }),
  entityTooSmall: (size: number) =>
    e('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, { ProposedSize: String(size), MinSizeAllowed: String(5 * 1024 * 1024) }),
  illegalLocationConstraint: (constraint: string | undefined) =>
    e('IllegalLocationConstraintException', `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400),
  incompleteBody: () => e('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400),
  invalidArgument: (message: string, name?: string, value?: string) =>
    e('InvalidArgument', message, 400, name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' }),
  invalidBucketName: (bucket: string) => e('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket }),
  invalidDigest: (value: string) => e('InvalidDigest', 'The Content-MD5 you specified is not valid.', 400, { 'Content-MD5': value }),
  invalidLocationConstraint: (constraint: string) =>
    e('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: constraint }),
  invalidPart: (uploadId: string, partNumber: number, etag: string) =>
    e('InvalidPart', "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.", 400,
      { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag }),
  invalidPartOrder: (uploadId: string) =>
    e('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400, { UploadId: uploadId }),
  invalidRange: (range: string, size: number) =>
    e('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range, ActualObjectSize: String(size) }, { 'content-range': `bytes */${size}` }),
  invalidRequest: (message: string) => e('InvalidRequest', message, 400),
  keyTooLong: (size: number) => e('KeyTooLongError', 'Your key is too long', 400, { Size: String(size), MaxSizeAllowed: '1024' }),
  malformedPolicy: (message: string) => e('MalformedPolicy', message, 400),
  malformedXml: () => e('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400),
  methodNotAllowed: (method: string, resourceType: string) =>
    e('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: resourceType }),
  noSuchBucket: (bucket: string) => e('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket }),
  noSuchBucketPolicy: (bucket: string) => e('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: bucket }),
  noSuchKey: (key: string) => e('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }),
  noSuchUpload: (uploadId: string) =>
    e('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404, { UploadId: uploadId }),
  notImplemented: (what: string) => e('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, { Header: what }),
  noSuchVersion: (key: string, versionId: string) =>
    e('NoSuchVersion', 'The specified version does not exist.', 404, { Key: key, VersionId: versionId }),
  /** AWS: the latest version of the key is a delete marker (404, with the marker's headers). */
  noSuchKeyDeleteMarker: (key: string, versionId: string) =>
    e('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': versionId }),
  /** AWS: GET or HEAD of a delete marker by its version id (405, with the marker's headers). */
  deleteMarkerMethod: (method: string, versionId: string, lastModified: number) =>
    e('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: 'DeleteMarker' },
      { 'x-amz-delete-marker': 'true', 'x-amz-version-id': versionId, 'last-modified': new Date(lastModified).toUTCString() }),
  invalidVersionId: (argument: string, value: string) => e('InvalidArgument', 'Invalid version id specified', 400, { ArgumentName: argument, ArgumentValue: value }),
  emptyVersionId: (argument: string) => e('InvalidArgument', 'Version id cannot be the empty string', 400, { ArgumentName: argument, ArgumentValue: '' }),
  illegalVersioningConfiguration: () => e('IllegalVersioningConfigurationException', 'The Versioning element must be specified', 400),
  /** AWS: enabling MFA delete needs the x-amz-mfa header of the root user's MFA device. */
  mfaRequired: () => e('AccessDenied', 'Mfa Authentication must be used for this request', 403),
  preconditionFailed: (condition: string) =>
    e('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition }),
  // ACLs, Object Ownership and tagging (services/s3/acl.ts, ownership.ts, tagging.ts).
  aclNotSupported: () => e('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400),
  invalidBucketAclWithOwnership: () =>
    e('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400),
  ownershipControlsNotFound: (bucket: string) =>
    e('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', 404, { BucketName: bucket }),
  malformedAcl: () =>
    e('MalformedACLError', 'The XML you provided was not well-formed or did not validate against our published schema', 400),
  missingSecurityHeader: (header: string) =>
    e('MissingSecurityHeader', 'Your request was missing a required header', 400, { MissingHeaderName: header }),
  unexpectedContent: () => e('UnexpectedContent', 'This request does not support content', 400),
  unresolvableEmail: (email: string) =>
    e('UnresolvableGrantByEmailAddress', 'The e-mail address you provided does not match any account on record.', 400, { EmailAddress: email }),
  noSuchTagSet: (bucket: string) => e('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: bucket }),
  invalidTag: (message: string, extra: Record<string, string> = {}) => e('InvalidTag', message, 400, extra),
  badRequest: (message: string) => e('BadRequest', message, 400),
  /** AWS: GetObject/HeadObject ?partNumber past the object's parts (416). */
  invalidPartNumber: () => e('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416),
  /** AWS: a malformed presigned URL (X-Amz-Expires, X-Amz-Date...), 400. */
  authorizationQueryParametersError: (message: string) => e('AuthorizationQueryParametersError', message, 400),
  /** AWS: a presigned URL used after X-Amz-Date + X-Amz-Expires (403 AccessDenied with the times). */
  requestExpired: (expiresSeconds: string, expires: string, serverTime: string) =>
    e('AccessDenied', 'Request has expired', 403, { 'X-Amz-Expires': expiresSeconds, Expires: expires, ServerTime: serverTime }),
} as const;
