/**
 * @module The answer to a request whose handler failed outside its own error handling (a response Node refused
 * to write, a rejected promise): the service's internal error in its own shape, never a bare 500 without a body,
 * so SDKs parse it and retry it (they retry 5xx answers).
 */
import type { ServiceName } from './gate.js';

export interface FallbackError {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly code: string;
}

export function fallbackError(service: ServiceName, requestId: string): FallbackError {
  if (service === 'dynamodb') {
    const body = JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' });
    return { status: 500, code: 'InternalServerError', body, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId } };
  }
  if (service === 's3') {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>${requestId}</RequestId></Error>`;
    return { status: 500, code: 'InternalError', body, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId } };
  }
  if (service === 'ec2') {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InternalError</Code><Message>An internal error has occurred</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
    return { status: 500, code: 'InternalError', body, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId } };
  }
  // IAM, STS and ELBv2 share the Query protocol's error document.
  const code = service === 'iam' ? 'ServiceFailure' : 'InternalFailure';
  const body = `<ErrorResponse><Error><Type>Receiver</Type><Code>${code}</Code><Message>An internal error has occurred</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: 500, code, body, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId } };
}
