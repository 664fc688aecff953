/** @module The ELBv2 endpoint (plain Query protocol): parse by the operation's input shape, dispatch, serialize. */
import { reportInternal } from './fault-report.js';
import { AwsError, isAwsError } from '../errors/aws-error.js';
import { elbv2Errors } from '../errors/elbv2.js';
import { decodeForm, parseQueryInput } from '../protocol/query/parse.js';
import { serializeQueryError, serializeQueryOutput } from '../protocol/query/serialize.js';
import { ELBV2_DIALECT } from '../protocol/query/elbv2-dialect.js';
import { elbv2Model } from '../specs/elbv2-model.js';
import type { Elbv2OperationName } from '../specs/elbv2-types.js';
import { elbv2Handlers } from '../services/elbv2/index.js';
import type { Elbv2Handler } from '../services/elbv2/context.js';
import { makeEc2Context } from '../services/ec2/context.js';
import { partitionKey, type World } from '../model/world.js';
import { regionInfo } from '../model/regions.js';
import type { ServiceCall } from '../services/call.js';
import { elbv2AccessQueries } from '../services/elbv2/authorization.js';
import { authorizeQueries } from './authorize-action.js';
import type { Identity } from './identity.js';
import type { Ec2Response } from './ec2-endpoint.js';

/** Handle one ELBv2 request for a caller. Never throws. */
export function handleElbv2(world: World, who: Identity, body: string, query: string, requestId: string, call?: ServiceCall): Ec2Response {
  let operation: string | undefined;
  try {
    const params = decodeForm(body, query);
    operation = params.get('Action');
    if (!operation) throw elbv2Errors.missingAction();
    const spec = Object.hasOwn(elbv2Model.operations, operation) ? elbv2Model.operations[operation] : undefined;
    const handler = (elbv2Handlers as Record<string, Elbv2Handler<Elbv2OperationName> | undefined>)[operation];
    if (!spec || !handler) throw elbv2Errors.invalidAction(operation);
    if (!regionInfo(who.region)) throw new AwsError('InvalidClientTokenId', `vpce does not emulate region '${who.region}'`, 403);
    const input = spec.input ? parseQueryInput(elbv2Model, spec.input, params, ELBV2_DIALECT) : {};
    // AWS: every call is authorized by the caller's identity policies on each resource the request names or
    // creates ("Actions, resources, and condition keys for Elastic Load Balancing V2"), before it acts. The
    // partition is read as it is (a refused call makes no default VPC).
    if (call) {
      const queries = elbv2AccessQueries(operation, input, who, () => world.partition(partitionKey(who.account, who.region)));
      authorizeQueries(call, queries, (m) => elbv2Errors.accessDenied(m));
    }
    const ctx = makeEc2Context(world, who.account, who.region, requestId, false);
    const output = handler(ctx, input as never) as Record<string, unknown>;
    return { status: 200, body: serializeQueryOutput(elbv2Model, ELBV2_DIALECT, operation, spec, output, requestId), operation, errorCode: undefined };
  } catch (e) {
    const error = isAwsError(e) ? e : internal(e);
    return { status: error.httpStatus, body: serializeQueryError(elbv2Model, error, requestId), operation, errorCode: error.code };
  }
}

function internal(e: unknown): AwsError {
  reportInternal('elasticloadbalancing', e);
  return elbv2Errors.internal();
}
