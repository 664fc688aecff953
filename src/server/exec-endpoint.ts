/** @module `POST /_vpce/exec-credentials`. STUB while exec is written. */
import type { World } from '../model/world.js';
import type { Identity } from './identity.js';

export function handleExecCredentials(_world: World, _who: Identity, _body: string): { status: number; body: string } {
  return { status: 501, body: '{"error":"NotImplemented"}' };
}
