/** @module The STS endpoint (Query). STUB: replaced by the IAM/STS work. */
import type { World } from '../model/world.js';
import type { ServiceCall } from '../services/call.js';
import type { RawRequest, RawResponse } from './raw-http.js';

export function handleSts(_world: World, _req: RawRequest, call: ServiceCall): RawResponse {
  const body = `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>STS is not served yet</Message></Error><RequestId>${call.requestId}</RequestId></ErrorResponse>`;
  return { status: 400, headers: { 'content-type': 'text/xml' }, body, errorCode: 'InvalidAction' };
}
