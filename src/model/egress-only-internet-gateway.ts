/**
 * @module Egress-only internet gateways: created attached to one VPC, deleted with it gone from routes' view.
 * AWS ("Enable outbound IPv6 traffic using an egress-only internet gateway"): the gateway is for IPv6 only; it lets
 * instances start connections to the internet and refuses connections started from the internet.
 */
import { idempotent } from './client-token.js';
import { mustGet } from './lookup.js';
import type { EgressOnlyInternetGateway } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, Tx } from './world.js';

export interface CreateEgressOnlyArgs {
  readonly vpcId: string;
  readonly tags?: Tags;
  readonly clientToken?: string | undefined;
  /** The request as given, fingerprinted with the client token. */
  readonly input: object;
}

/** CreateEgressOnlyInternetGateway: idempotent on `ClientToken`. */
export function createEgressOnlyInternetGateway(tx: Tx, p: PartitionTx, args: CreateEgressOnlyArgs): EgressOnlyInternetGateway {
  return idempotent(p, { operation: 'CreateEgressOnlyInternetGateway', token: args.clientToken, input: args.input },
    (id) => p.get('egressOnlyInternetGateway', id),
    () => {
      const vpc = mustGet(p, 'vpc', args.vpcId);
      const g = p.put<EgressOnlyInternetGateway>({
        kind: 'egressOnlyInternetGateway', id: tx.ids.next('egressOnlyInternetGateway'), ownerId: p.account, tags: args.tags ?? [], vpcId: vpc.id,
      });
      return { resultId: g.id, result: g };
    }).result;
}

/** DeleteEgressOnlyInternetGateway. AWS: routes that pointed at it stay, as blackholes. */
export function deleteEgressOnlyInternetGateway(p: PartitionTx, id: string): void {
  mustGet(p, 'egressOnlyInternetGateway', id);
  p.remove(id);
}
