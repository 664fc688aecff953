/** @module Links between resources: an id's prefix names its kind, and each kind has its page at `#/<kind>/<id>`. */
import type { JSX } from 'preact';

const KINDS: readonly (readonly [string, string])[] = [
  ['vpc-', 'vpcs'], ['subnet-', 'subnets'], ['rtb-', 'route-tables'], ['acl-', 'network-acls'], ['sg-', 'security-groups'],
  ['igw-', 'internet-gateways'], ['nat-', 'nat-gateways'], ['vgw-', 'vpn-gateways'], ['pcx-', 'peering-connections'],
  ['eni-', 'network-interfaces'], ['i-', 'instances'], ['pl-', 'prefix-lists'], ['vpce-', 'endpoints'],
];

/** The console route of a resource id, or undefined when the console has no page for its kind. */
export function routeOf(id: string): string | undefined {
  if (id.startsWith('arn:') && id.includes(':loadbalancer/')) return `#/load-balancers/${encodeURIComponent(id)}`;
  if (id.startsWith('arn:') && id.includes(':targetgroup/')) return `#/target-groups/${encodeURIComponent(id)}`;
  const kind = KINDS.find(([prefix]) => id.startsWith(prefix));
  return kind === undefined ? undefined : `#/${kind[1]}/${id}`;
}

/** A resource id as a link to its page (plain code when the console has none), with an optional name after it. */
export function Ref({ id, name, label }: { readonly id: string; readonly name?: string | undefined; readonly label?: string }): JSX.Element {
  if (id === '') return <span class="muted">none</span>;
  const href = routeOf(id);
  return (
    <>
      {href === undefined ? <code>{label ?? id}</code> : <a href={href}>{label ?? id}</a>}
      {name !== undefined && name !== '' ? <span class="muted"> {name}</span> : null}
    </>
  );
}

/** Several ids as links, comma-separated. */
export function Refs({ ids }: { readonly ids: readonly string[] }): JSX.Element {
  if (ids.length === 0) return <span class="muted">none</span>;
  return <>{ids.map((id, i) => <span key={id}>{i > 0 ? ', ' : ''}<Ref id={id} /></span>)}</>;
}
