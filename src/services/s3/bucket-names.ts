/** @module S3 general purpose bucket naming rules (Amazon S3 User Guide, "General purpose bucket naming rules"). */

const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_LIKE = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;

/**
 * AWS: 3 to 63 characters of lower-case letters, digits, dots and hyphens; starting and ending with a letter or
 * digit; no two adjacent dots; not formatted as an IP address; not the reserved prefixes and suffixes.
 */
export function isValidBucketName(name: string): boolean {
  return SHAPE.test(name)
    && !name.includes('..')
    && !IP_LIKE.test(name)
    && !RESERVED_PREFIXES.some((p) => name.startsWith(p))
    && !RESERVED_SUFFIXES.some((s) => name.endsWith(s));
}
