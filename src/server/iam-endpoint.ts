/**
 * @module The IAM endpoint (plain Query): parse by the operation's input shape, check string constraints,
 * dispatch, serialize; errors as `<ErrorResponse>`. `serveQuery` is shared with the STS endpoint.
 */
import { reportInternal } from './fault-report.js';
import { AwsError, isAwsError } from '../errors/aws-error.js';
import { iamErrors } from '../errors/iam.js';
import type { World } from '../model/world.js';
import type { QueryDialect } from '../protocol/query/dialect.js';
import { IAM_DIALECT } from '../protocol/query/iam-dialect.js';
import { decodeForm, parseQueryInput } from '../protocol/query/parse.js';
import { serializeQueryError, serializeQueryOutput } from '../protocol/query/serialize.js';
import { stringConstraintProblem } from '../protocol/query/string-constraints.js';
import type { ServiceCall } from '../services/call.js';
import { makeIamContext } from '../services/iam/context.js';
import { iamHandlerFor } from '../services/iam/index.js';
import { iamModel } from '../specs/iam-model.js';
import type { ServiceModel } from '../specs/service-model.js';
import type { RawRequest, RawResponse } from './raw-http.js';

/** How one plain-Query service is served. */
export interface QueryService {
  readonly model: ServiceModel;
  readonly dialect: QueryDialect;
  readonly errors: {
    missingAction(): AwsError;
    invalidAction(action: string): AwsError;
    validation(message: string): AwsError;
    internal(): AwsError;
  };
  /** Run the operation's handler on the parsed input; undefined when the operation is not served. */
  run(operation: string, input: Record<string, unknown>): Record<string, unknown> | undefined;
}

const XML = { 'content-type': 'text/xml' } as const;

/** Serve one plain-Query request. Never throws. */
export function serveQuery(service: QueryService, req: RawRequest, call: ServiceCall): RawResponse {
  let operation: string | undefined;
  const headers = { ...XML, 'x-amzn-requestid': call.requestId };
  try {
    const params = decodeForm(req.body.toString('utf8'), req.query);
    operation = params.get('Action');
    if (!operation) throw service.errors.missingAction();
    const spec = Object.hasOwn(service.model.operations, operation) ? service.model.operations[operation] : undefined;
    if (!spec) throw service.errors.invalidAction(operation);
    const input = spec.input ? parseQueryInput(service.model, spec.input, params, service.dialect) : {};
    const problem = spec.input ? stringConstraintProblem(service.model, spec.input, input) : undefined;
    if (problem) throw service.errors.validation(problem);
    const output = service.run(operation, input);
    if (!output) throw service.errors.invalidAction(operation);
    return { status: 200, headers, body: serializeQueryOutput(service.model, service.dialect, operation, spec, output, call.requestId), operation };
  } catch (e) {
    const error = isAwsError(e) ? e : internal(service, e);
    return {
      status: error.httpStatus, headers, body: serializeQueryError(service.model, error, call.requestId),
      ...(operation !== undefined ? { operation } : {}), errorCode: error.code, errorMessage: error.message,
    };
  }
}

function internal(service: QueryService, e: unknown): AwsError {
  reportInternal('iam/sts', e);
  return service.errors.internal();
}

/** Handle one IAM request for a caller (IAM is global: any signing region is accepted). */
export function handleIam(world: World, req: RawRequest, call: ServiceCall): RawResponse {
  return serveQuery({
    model: iamModel, dialect: IAM_DIALECT, errors: iamErrors,
    run(operation, input) {
      const handler = iamHandlerFor(operation);
      return handler ? handler(makeIamContext(world, call), input as never) as Record<string, unknown> : undefined;
    },
  }, req, call);
}
