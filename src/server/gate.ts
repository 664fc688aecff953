/** @module The network gate. STUB while the data-plane gate is written. */
import type { World } from '../model/world.js';
import type { ServiceCall } from '../services/call.js';
import type { Identity } from './identity.js';

export type ServiceName = 's3' | 'dynamodb' | 'iam' | 'sts' | 'ec2' | 'elasticloadbalancing';

export type GateResult =
  | { readonly reachable: true; readonly identity: Identity; readonly call: ServiceCall }
  | { readonly reachable: false; readonly identity: Identity };

export class Gate {
  constructor(private readonly world: World, private readonly defaultAccount: string) {}

  pass(who: Identity, _service: ServiceName, _host: string, _path: string, requestId: string): GateResult {
    void this.world;
    return {
      reachable: true, identity: who,
      call: { requestId, caller: { account: who.account, region: who.region, principalArn: `arn:aws:iam::${who.account || this.defaultAccount}:root` }, authorize: () => ({ allowed: true }) },
    };
  }
}
