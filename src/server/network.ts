/** @module One NetworkCompiler per world, shared by explain, the request gate and exec: it keeps its compiled view across requests and updates it incrementally. */
import { NetworkCompiler } from '../engine/compile.js';
import type { World } from '../model/world.js';

const compilers = new WeakMap<World, NetworkCompiler>();

export function compilerFor(world: World): NetworkCompiler {
  let c = compilers.get(world);
  if (!c) { c = new NetworkCompiler(world); compilers.set(world, c); }
  return c;
}
