/** @module The EC2 Query endpoint: parse the form by the operation's input shape, dispatch, serialize. */
import { reportInternal } from './fault-report.js';
import { checkEc2RequestLimits } from '../services/ec2/request-limits.js';
import { AwsError, isAwsError } from '../errors/aws-error.js';
import { ec2Errors } from '../errors/ec2.js';
import { decodeForm, parseInput } from '../protocol/ec2-query/parse.js';
import { serializeError, serializeOutputBytes } from '../protocol/ec2-query/serialize.js';
import { ec2Model } from '../specs/ec2-model.js';
import type { Ec2OperationName } from '../specs/ec2-types.js';
import { ec2Handlers } from '../services/ec2/index.js';
import { makeEc2Context, type Ec2Handler } from '../services/ec2/context.js';
import { GLOBAL, type World } from '../model/world.js';
import { REGIONS, regionInfo } from '../model/regions.js';
import type { ServiceCall } from '../services/call.js';
import { ec2AccessQueries } from '../services/ec2/authorization.js';
import { authorizeQueries } from './authorize-action.js';
import type { Identity } from './identity.js';

export interface Ec2Response {
  readonly status: number;
  /** The XML document: text, or UTF-8 bytes in pieces for a large success (see `serializeOutputBytes`). */
  readonly body: string | readonly Buffer[];
  readonly operation: string | undefined;
  readonly errorCode: string | undefined;
  /** The refusal, for callers that report it in another shape (`check-endpoint.ts`). */
  readonly error?: AwsError;
}

/** Handle one EC2 request body (and query string) for a caller. Never throws. */
export function handleEc2(world: World, who: Identity, body: string, query: string, requestId: string, call?: ServiceCall): Ec2Response {
  let operation: string | undefined;
  try {
    const params = decodeForm(body, query);
    operation = params.get('Action');
    if (!operation) throw ec2Errors.missingAction();
    const spec = Object.hasOwn(ec2Model.operations, operation) ? ec2Model.operations[operation] : undefined;
    const handler = (ec2Handlers as Record<string, Ec2Handler<Ec2OperationName> | undefined>)[operation];
    if (!spec || !handler) throw ec2Errors.invalidAction(operation);
    // A region the emulator does not model has no zones or services: say so rather than act half-way.
    if (!regionInfo(who.region)) throw ec2Errors.authFailure(`vpce does not emulate region '${who.region}'. Use one of: ${REGIONS.map((r) => r.name).join(', ')}.`);
    const input = spec.input ? parseInput(ec2Model, spec.input, params) : {};
    checkEc2RequestLimits(input);
    const dryRun = input['DryRun'] === true;
    const ctx = makeEc2Context(world, who.account, who.region, requestId, dryRun);
    // AWS: every call is authorized by the caller's identity policies (and the endpoint's, through one), DryRun
    // too, on each resource the request names or creates ("Actions, resources, and condition keys for Amazon EC2").
    if (call) {
      const queries = ec2AccessQueries(operation, input, who, { local: () => ctx.read(), global: () => world.partition(GLOBAL) });
      authorizeQueries(call, queries, (m) => ec2Errors.unauthorized(m));
    }
    const output = handler(ctx, input as never) as Record<string, unknown>;
    // AWS: with DryRun every check runs and then the call answers DryRunOperation (412) instead of acting.
    if (dryRun) throw ec2Errors.dryRun();
    return { status: 200, body: serializeOutputBytes(ec2Model, operation, spec.output, output, requestId), operation, errorCode: undefined };
  } catch (e) {
    const error = isAwsError(e) ? e : internal(e);
    return { status: error.httpStatus, body: serializeError(error, requestId), operation, errorCode: error.code, error };
  }
}

function internal(e: unknown): AwsError {
  reportInternal('ec2', e);
  return ec2Errors.internal();
}
