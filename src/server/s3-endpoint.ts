/** @module The S3 endpoint (REST-XML). STUB: replaced by the S3 work. */
import type { ObjectStore } from '../persistence/object-store.js';
import type { ServiceCall } from '../services/call.js';
import type { RawRequest, RawResponse } from './raw-http.js';

export function handleS3(_objects: ObjectStore, _req: RawRequest, call: ServiceCall): RawResponse | Promise<RawResponse> {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NotImplemented</Code><Message>S3 is not served yet</Message><RequestId>${call.requestId}</RequestId></Error>`;
  return { status: 501, headers: { 'content-type': 'application/xml', 'x-amz-request-id': call.requestId }, body, errorCode: 'NotImplemented' };
}
