/**
 * @module Who is calling and where: the access key, region and signing service from the SigV4 credential scope
 * (the `Authorization` header, or `X-Amz-Credential` of a presigned URL). Signatures are checked afterwards, by
 * `authenticate.ts`.
 * The account here is the access key's account when the key itself is a 12-digit account id, else the default;
 * `gate.ts` refines it for keys minted by IAM and STS.
 */

export interface Identity {
  readonly accessKeyId: string | undefined;
  readonly account: string;
  readonly region: string;
  /** The signing service name from the credential scope (`ec2`, `s3`, `dynamodb`...), if signed. */
  readonly service: string | undefined;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;
const PRESIGNED = /(?:^|&)X-Amz-Credential=([^&]+)/i;
const V2_HEADER = /^AWS ([^:\s]+):/;
const V2_QUERY = /(?:^|&)AWSAccessKeyId=([^&]+)/;

export function identify(authorization: string | undefined, defaultAccount: string, defaultRegion = 'us-east-1', query = ''): Identity {
  let m = authorization ? CREDENTIAL.exec(authorization) : null;
  if (!m && query.length > 0) {
    const p = PRESIGNED.exec(query);
    if (p) m = CREDENTIAL.exec(`Credential=${safeDecode(p[1]!)}`);
  }
  if (!m) {
    // S3's Signature Version 2 (`AWS key:signature`, or `AWSAccessKeyId=` presigned) names no Region or service.
    const v2 = authorization !== undefined ? V2_HEADER.exec(authorization)?.[1] : query.length > 0 ? V2_QUERY.exec(query)?.[1] : undefined;
    if (v2 !== undefined) {
      const accessKeyId = safeDecode(v2);
      return { accessKeyId, account: /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaultAccount, region: defaultRegion, service: 's3' };
    }
    return { accessKeyId: undefined, account: defaultAccount, region: defaultRegion, service: undefined };
  }
  const accessKeyId = m[1]!;
  return {
    accessKeyId,
    account: /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaultAccount,
    region: m[3]!,
    service: m[4]!,
  };
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
