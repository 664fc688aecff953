/**
 * @module Who is calling and where: account from the SigV4 access key, region and service from the credential
 * scope. Signatures are parsed, not checked. A 12-digit access key id is taken as the account id itself;
 * any other key belongs to the default account.
 */

export interface Identity {
  readonly accessKeyId: string | undefined;
  readonly account: string;
  readonly region: string;
  /** The signing service name from the credential scope (`ec2`, `s3`, `dynamodb`...), if signed. */
  readonly service: string | undefined;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

export function identify(authorization: string | undefined, defaultAccount: string, defaultRegion = 'us-east-1'): Identity {
  const m = authorization ? CREDENTIAL.exec(authorization) : null;
  if (!m) return { accessKeyId: undefined, account: defaultAccount, region: defaultRegion, service: undefined };
  const accessKeyId = m[1]!;
  return {
    accessKeyId,
    account: /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaultAccount,
    region: m[3]!,
    service: m[4]!,
  };
}
