/** @module The STS endpoint (plain Query), served like IAM's (see iam-endpoint.ts `serveQuery`). */
import { stsErrors } from '../errors/sts.js';
import { regionInfo } from '../model/regions.js';
import type { World } from '../model/world.js';
import { STS_DIALECT } from '../protocol/query/sts-dialect.js';
import type { ServiceCall } from '../services/call.js';
import { stsHandlerFor } from '../services/sts/index.js';
import { stsModel } from '../specs/sts-model.js';
import { serveQuery } from './iam-endpoint.js';
import type { RawRequest, RawResponse } from './raw-http.js';

export function handleSts(world: World, req: RawRequest, call: ServiceCall): RawResponse {
  return serveQuery({
    model: stsModel, dialect: STS_DIALECT, errors: stsErrors,
    run(operation, input) {
      if (!regionInfo(call.caller.region)) throw stsErrors.invalidRegion(call.caller.region);
      const handler = stsHandlerFor(operation);
      return handler ? handler({ world, call }, input as never) as Record<string, unknown> : undefined;
    },
  }, req, call);
}
