/**
 * @module Customer-managed prefix lists: named, versioned sets of CIDR blocks that routes and security group
 * rules reference. AWS: "Customer-managed prefix lists" (VPC User Guide) and the ManagedPrefixList API reference.
 */
import { ec2Errors } from '../errors/ec2.js';
import { formatCidr, parseCidr } from '../shared/cidr.js';
import { mustGet } from './lookup.js';
import type { ManagedPrefixList, PrefixListEntry } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, Tx } from './world.js';

/** AWS: a prefix list holds at most 1,000 entries ("Amazon VPC quotas"). */
export const MAX_PREFIX_LIST_ENTRIES = 1000;
/** AWS: names and entry descriptions are at most 255 characters. */
const MAX_TEXT = 255;

export type AddressFamily = ManagedPrefixList['addressFamily'];

export interface CreatePrefixListArgs {
  readonly name: string | undefined;
  readonly maxEntries: number | undefined;
  readonly addressFamily: string | undefined;
  readonly entries?: readonly PrefixListEntry[] | undefined;
  readonly tags?: Tags;
}

function checkName(name: string | undefined): string {
  if (name === undefined || name === '') throw ec2Errors.missingParameter('PrefixListName');
  if (name.length > MAX_TEXT) throw ec2Errors.invalidParameterValue(`Value for parameter prefixListName is invalid. Length exceeds maximum of ${MAX_TEXT} characters.`);
  // AWS: "Constraints: Up to 255 characters in length. The name cannot start with com.amazonaws."
  if (name.startsWith('com.amazonaws')) throw ec2Errors.invalidParameterValue(`Value (${name}) for parameter prefixListName is invalid. The name cannot start with com.amazonaws.`);
  return name;
}

function checkMaxEntries(n: number | undefined): number {
  if (n === undefined) throw ec2Errors.missingParameter('MaxEntries');
  if (!Number.isInteger(n) || n < 1 || n > MAX_PREFIX_LIST_ENTRIES) {
    throw ec2Errors.invalidParameterValue(`Value (${n}) for parameter maxEntries is invalid. Must be between 1 and ${MAX_PREFIX_LIST_ENTRIES}.`);
  }
  return n;
}

function checkFamily(family: string | undefined): AddressFamily {
  if (family === undefined || family === '') throw ec2Errors.missingParameter('AddressFamily');
  if (family !== 'IPv4' && family !== 'IPv6') throw ec2Errors.invalidParameterValue(`Value (${family}) for parameter addressFamily is invalid. Valid values: IPv4 | IPv6.`);
  return family;
}

/** A CIDR of the list's family, normalised (host bits masked off). */
function checkCidr(family: AddressFamily, text: string): string {
  const c = parseCidr(text);
  if (!c) throw ec2Errors.invalidCidr('cidr', text);
  if ((c.family === 4) !== (family === 'IPv4')) {
    throw ec2Errors.invalidParameterValue(`The CIDR ${text} does not match the address family ${family} of the prefix list.`);
  }
  return formatCidr(c);
}

function checkEntries(family: AddressFamily, entries: readonly PrefixListEntry[]): PrefixListEntry[] {
  const seen = new Set<string>();
  return entries.map((e) => {
    const cidr = checkCidr(family, e.cidr);
    if (seen.has(cidr)) throw ec2Errors.invalidParameterValue(`The prefix list entries contain the duplicate CIDR ${cidr}.`);
    seen.add(cidr);
    if (e.description !== undefined && e.description.length > MAX_TEXT) {
      throw ec2Errors.invalidParameterValue(`The description of entry ${cidr} exceeds ${MAX_TEXT} characters.`);
    }
    return { cidr, ...(e.description !== undefined ? { description: e.description } : {}) };
  });
}

function checkCapacity(count: number, maxEntries: number): void {
  // AWS: the number of entries may not exceed MaxEntries.
  if (count > maxEntries) throw ec2Errors.invalidParameterValue(`The prefix list would have ${count} entries, more than its maximum of ${maxEntries}.`);
}

/** The entries of the current version. */
export function currentEntries(pl: ManagedPrefixList): readonly PrefixListEntry[] {
  return pl.versions[pl.versions.length - 1] ?? [];
}

/** `CreateManagedPrefixList`: version 1 holds the initial entries (possibly none). */
export function createPrefixList(tx: Tx, p: PartitionTx, args: CreatePrefixListArgs): ManagedPrefixList {
  const name = checkName(args.name);
  const maxEntries = checkMaxEntries(args.maxEntries);
  const addressFamily = checkFamily(args.addressFamily);
  const entries = checkEntries(addressFamily, args.entries ?? []);
  checkCapacity(entries.length, maxEntries);
  return p.put<ManagedPrefixList>({
    kind: 'managedPrefixList', id: tx.ids.next('prefixList'), ownerId: p.account, tags: args.tags ?? [],
    name, addressFamily, maxEntries, version: 1, state: 'create-complete', versions: [entries],
  });
}

export interface ModifyPrefixListArgs {
  readonly currentVersion?: number | undefined;
  readonly name?: string | undefined;
  readonly add?: readonly PrefixListEntry[] | undefined;
  readonly remove?: readonly string[] | undefined;
  readonly maxEntries?: number | undefined;
}

/**
 * `ModifyManagedPrefixList`. AWS: adding or removing entries makes a new version, renaming does not;
 * "If you specify a current version number that does not match the true current version number, the request
 * fails" (observed code `PrefixListVersionMismatch`); entries and MaxEntries cannot change in one request
 * (`InvalidParameterCombination`); MaxEntries cannot drop below the current number of entries.
 */
export function modifyPrefixList(p: PartitionTx, id: string, args: ModifyPrefixListArgs): ManagedPrefixList {
  const pl = mustGet(p, 'managedPrefixList', id);
  if (args.currentVersion !== undefined && args.currentVersion !== pl.version) {
    throw ec2Errors.custom('PrefixListVersionMismatch', 'The prefix list has the incorrect version number.');
  }
  const add = args.add ?? [];
  const remove = args.remove ?? [];
  const changesEntries = add.length > 0 || remove.length > 0;
  if (changesEntries && args.maxEntries !== undefined) {
    throw ec2Errors.invalidParameterCombination('You cannot modify the entries and the maximum entries for the prefix list in the same request.');
  }
  let next: ManagedPrefixList = pl;
  if (args.name !== undefined) next = { ...next, name: checkName(args.name) };
  if (args.maxEntries !== undefined) {
    const max = checkMaxEntries(args.maxEntries);
    const count = currentEntries(pl).length;
    if (max < count) throw ec2Errors.invalidParameterValue(`The maximum number of entries (${max}) cannot be less than the current number of entries (${count}).`);
    next = { ...next, maxEntries: max };
  }
  if (changesEntries) {
    const entries = new Map(currentEntries(pl).map((e) => [e.cidr, e]));
    for (const text of remove) {
      const cidr = checkCidr(pl.addressFamily, text);
      if (!entries.delete(cidr)) throw ec2Errors.invalidParameterValue(`The CIDR ${cidr} is not an entry of prefix list ${pl.id}.`);
    }
    for (const e of checkEntries(pl.addressFamily, add)) {
      if (entries.has(e.cidr)) throw ec2Errors.invalidParameterValue(`The CIDR ${e.cidr} is already an entry of prefix list ${pl.id}.`);
      entries.set(e.cidr, e);
    }
    checkCapacity(entries.size, next.maxEntries);
    next = { ...next, version: pl.version + 1, versions: [...pl.versions, [...entries.values()]] };
  }
  if (next === pl) return pl;
  return p.put({ ...next, state: 'modify-complete' });
}

/** The entries of a version (default: the current one). AWS: an unknown version is `InvalidParameterValue`. */
export function entriesAt(pl: ManagedPrefixList, version: number | undefined): readonly PrefixListEntry[] {
  if (version === undefined) return currentEntries(pl);
  const v = pl.versions[version - 1];
  if (!Number.isInteger(version) || version < 1 || !v) {
    throw ec2Errors.invalidParameterValue(`The specified value for version is not valid. The value must be between 1 and ${pl.version}.`);
  }
  return v;
}

/** Route tables and security groups that reference the list. */
export function prefixListReferences(p: PartitionTx, id: string): string[] {
  const refs: string[] = [];
  for (const rt of p.list('routeTable')) {
    if (rt.routes.some((r) => r.destination.type === 'prefixList' && r.destination.prefixListId === id)) refs.push(rt.id);
  }
  for (const sg of p.list('securityGroup')) {
    if (sg.rules.some((r) => r.peer.type === 'prefixList' && r.peer.prefixListId === id)) refs.push(sg.id);
  }
  return refs;
}

/**
 * `DeleteManagedPrefixList`. AWS: "You must first remove all references to the prefix list in your resources."
 * The API reference names no code for this case; `DependencyViolation` is what EC2 uses for every other
 * delete-while-referenced.
 */
export function deletePrefixList(p: PartitionTx, id: string): ManagedPrefixList {
  const pl = mustGet(p, 'managedPrefixList', id);
  const refs = prefixListReferences(p, id);
  if (refs.length > 0) {
    throw ec2Errors.dependencyViolation(`The prefix list '${id}' is referenced by ${refs.slice(0, 10).join(', ')} and cannot be deleted.`);
  }
  p.remove(id);
  return pl;
}
