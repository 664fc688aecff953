/**
 * @module `POST /_vpce/check`: an EC2 call run as a DryRun, answered as JSON with HTTP 200 whatever the verdict.
 * The console checks a form live with it (the wizard's policy, subnets, DNS options) and shows the API's own
 * refusal before submit. It is the EC2 endpoint itself, DryRun forced, behind the same identity, gate,
 * authorization and API log, so no rule has a second copy; only the answer's shape differs, because a browser
 * reports every 4xx a page fetches as an error, and a form checked on each keystroke would fill its console.
 */
import { decodeForm } from '../protocol/ec2-query/parse.js';
import type { ServiceCall } from '../services/call.js';
import { ec2Model } from '../specs/ec2-model.js';
import { handleEc2 } from './ec2-endpoint.js';
import type { Identity } from './identity.js';

export const CHECK_PATH = '/_vpce/check';

export interface CheckResponse {
  readonly status: number;
  readonly body: string;
  readonly operation: string | undefined;
  readonly errorCode: string | undefined;
}

/** What the check answers: the call would succeed, or AWS's refusal as the API would send it. */
export type CheckVerdict =
  | { readonly wouldSucceed: true; readonly operation: string }
  | { readonly wouldSucceed: false; readonly operation: string | undefined; readonly code: string; readonly message: string; readonly httpStatus: number };

/** Operations whose input has a DryRun member: only those can be checked without acting. */
function hasDryRun(operation: string): boolean {
  const spec = Object.hasOwn(ec2Model.operations, operation) ? ec2Model.operations[operation] : undefined;
  const shape = spec?.input === undefined ? undefined : ec2Model.shapes[spec.input];
  return shape?.type === 'structure' && Object.hasOwn(shape.members, 'DryRun');
}

const json = (status: number, value: unknown, operation: string | undefined, errorCode: string | undefined): CheckResponse =>
  ({ status, body: `${JSON.stringify(value)}\n`, operation, errorCode });

/** Run one form-encoded EC2 call as a DryRun for `who`; never acts, never throws. */
export function handleCheck(world: Parameters<typeof handleEc2>[0], who: Identity, body: string, requestId: string, call: ServiceCall): CheckResponse {
  const form = decodeForm(body, '');
  const operation = form.get('Action') ?? '';
  if (!hasDryRun(operation)) {
    // Without a DryRun member the call would act: refuse rather than run it.
    const message = `${CHECK_PATH} checks EC2 calls that take DryRun; '${operation}' does not (or is not an EC2 action vpce serves).`;
    return json(400, { error: 'InvalidAction', message }, operation || undefined, 'InvalidAction');
  }
  if (form.has('DryRun')) {
    return json(400, { error: 'InvalidParameterCombination', message: `${CHECK_PATH} sets DryRun itself; send the call without it.` }, operation, 'InvalidParameterCombination');
  }
  form.set('DryRun', 'true');
  const r = handleEc2(world, who, new URLSearchParams([...form]).toString(), '', requestId, call);
  // AWS: a DryRun that passed every check answers DryRunOperation; any other code is the call's refusal.
  const verdict: CheckVerdict = r.errorCode === 'DryRunOperation'
    ? { wouldSucceed: true, operation }
    : { wouldSucceed: false, operation: r.operation, code: r.errorCode ?? 'InternalError', message: r.error?.message ?? '', httpStatus: r.status };
  return json(200, verdict, operation, r.errorCode);
}

/** A check signed for another service: only EC2 calls are checked here. */
export function notEc2Check(service: string): CheckResponse {
  return json(400, { error: 'InvalidAction', message: `${CHECK_PATH} checks EC2 calls; sign the request for the ec2 service (this one is signed for ${service}).` }, undefined, 'InvalidAction');
}
