/** @module What an EC2 handler is given: the caller's scope and the two ways to touch the model. */
import type { Ec2OperationName, Ec2Operations } from '../../specs/ec2-types.js';
import type { PartitionTx, ReadView, Tx, World } from '../../model/world.js';
import { createDefaults, needsDefaults } from '../../model/defaults.js';
import { partitionKey } from '../../model/world.js';

export interface Ec2Context {
  readonly account: string;
  readonly region: string;
  readonly requestId: string;
  /** Read the caller's partition (defaults made on first use). */
  read(): ReadView;
  /** Run an atomic change in the caller's partition; with DryRun it is checked, then undone. */
  write<T>(fn: (p: PartitionTx, tx: Tx) => T): T;
  /** The world, for operations that cross partitions (peering, endpoint services). */
  readonly world: World;
}

export type Ec2Handler<Op extends Ec2OperationName> = (ctx: Ec2Context, input: Ec2Operations[Op]['input']) => Ec2Operations[Op]['output'];

/** A family's handlers, keyed by wire operation name. */
export type HandlerTable = { readonly [Op in Ec2OperationName]?: Ec2Handler<Op> };

/** Build the context for one request. */
export function makeEc2Context(world: World, account: string, region: string, requestId: string, dryRun: boolean): Ec2Context {
  const ensureDefaults = (): void => {
    const part = world.partition(partitionKey(account, region));
    if (needsDefaults(part)) world.transact((tx) => createDefaults(tx, tx.in(account, region)));
  };
  return {
    account, region, requestId, world,
    read() {
      ensureDefaults();
      return world.partition(partitionKey(account, region));
    },
    write(fn) {
      ensureDefaults();
      return world.transact((tx) => fn(tx.in(account, region), tx), dryRun);
    },
  };
}
