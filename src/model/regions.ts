/**
 * @module Regions and Availability Zones.
 * AWS: zone names map to zone IDs independently for each account ("AZ IDs for your AWS resources"), so
 * `us-east-1a` may be `use1-az4` in one account and `use1-az1` in another. The permutation here is derived
 * from the account and region, so it is stable for an account but differs between accounts.
 */
import { createHash } from 'node:crypto';

export interface RegionInfo {
  readonly name: string;
  /** Prefix of zone IDs, e.g. `use1`. */
  readonly zoneIdPrefix: string;
  readonly zoneCount: number;
  readonly optInStatus: 'opt-in-not-required' | 'opted-in' | 'not-opted-in';
}

export const REGIONS: readonly RegionInfo[] = [
  { name: 'us-east-1', zoneIdPrefix: 'use1', zoneCount: 6, optInStatus: 'opt-in-not-required' },
  { name: 'us-east-2', zoneIdPrefix: 'use2', zoneCount: 3, optInStatus: 'opt-in-not-required' },
  { name: 'us-west-1', zoneIdPrefix: 'usw1', zoneCount: 2, optInStatus: 'opt-in-not-required' },
  { name: 'us-west-2', zoneIdPrefix: 'usw2', zoneCount: 4, optInStatus: 'opt-in-not-required' },
  { name: 'ca-central-1', zoneIdPrefix: 'cac1', zoneCount: 3, optInStatus: 'opt-in-not-required' },
  { name: 'eu-west-1', zoneIdPrefix: 'euw1', zoneCount: 3, optInStatus: 'opt-in-not-required' },
  { name: 'eu-west-2', zoneIdPrefix: 'euw2', zoneCount: 3, optInStatus: 'opt-in-not-required' },
  { name: 'eu-west-3', zoneIdPrefix: 'euw3', zoneCount: 3, optInStatus: 'opt-in-not-required' },
  { name: 'eu-central-1', zoneIdPrefix: 'euc1', zoneCount: 3, optInStatus: 'opt-in-not-required' },
  { name: 'eu-north-1', zoneIdPrefix: 'eun1', zoneCount: 3, optInStatus: 'opt-in-not-required' },
  { name: 'ap-northeast-1', zoneIdPrefix: 'apne1', zoneCount: 3, optInStatus: 'opt-in-not-required' },
  { name: 'ap-northeast-2', zoneIdPrefix: 'apne2', zoneCount: 4, optInStatus: 'opt-in-not-required' },
  { name: 'ap-southeast-1', zoneIdPrefix: 'apse1', zoneCount: 3, optInStatus: 'opt-in-not-required' },
  { name: 'ap-southeast-2', zoneIdPrefix: 'apse2', zoneCount: 3, optInStatus: 'opt-in-not-required' },
  { name: 'ap-south-1', zoneIdPrefix: 'aps1', zoneCount: 3, optInStatus: 'opt-in-not-required' },
  { name: 'sa-east-1', zoneIdPrefix: 'sae1', zoneCount: 3, optInStatus: 'opt-in-not-required' },
];

const BY_NAME = new Map(REGIONS.map((r) => [r.name, r]));

export function regionInfo(name: string): RegionInfo | undefined {
  return BY_NAME.get(name);
}

export interface Zone {
  readonly zoneName: string;
  readonly zoneId: string;
  readonly region: string;
}

const zoneCache = new Map<string, readonly Zone[]>();

/** The zones of a region as this account sees them (name to ID mapping particular to the account). */
export function zonesFor(account: string, region: string): readonly Zone[] {
  const key = `${account}/${region}`;
  const cached = zoneCache.get(key);
  if (cached) return cached;
  const info = regionInfo(region);
  if (!info) return [];
  const ids = Array.from({ length: info.zoneCount }, (_, i) => i + 1);
  // Fisher-Yates driven by a hash of account and region: deterministic, different per account.
  const digest = createHash('sha256').update(key).digest();
  for (let i = ids.length - 1; i > 0; i--) {
    const j = digest[i % digest.length]! % (i + 1);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  const zones = ids.map((n, i) => ({ zoneName: `${region}${String.fromCharCode(97 + i)}`, zoneId: `${info.zoneIdPrefix}-az${n}`, region }));
  zoneCache.set(key, zones);
  return zones;
}

/** Find a zone of the account by name or by ID. */
export function findZone(account: string, region: string, nameOrId: string): Zone | undefined {
  return zonesFor(account, region).find((z) => z.zoneName === nameOrId || z.zoneId === nameOrId);
}
