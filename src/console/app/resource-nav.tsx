/**
 * @module The resources sidebar: every resource kind's list, in groups as AWS's VPC console has them. Real links
 * in a labelled `nav` (Tab moves through them); on a narrow window it folds behind a "Resources" button.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** [group, [route, title][]]: the routes are `#/<kind>` and `#/<kind>/<id>`. */
export const RESOURCE_GROUPS: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [
  ['Virtual private cloud', [
    ['vpcs', 'VPCs'], ['subnets', 'Subnets'], ['route-tables', 'Route tables'], ['internet-gateways', 'Internet gateways'],
    ['nat-gateways', 'NAT gateways'], ['peering-connections', 'Peering connections'], ['prefix-lists', 'Prefix lists'],
  ]],
  ['PrivateLink', [['endpoints', 'Endpoints'], ['endpoint-services', 'Endpoint services']]],
  ['Security', [['network-acls', 'Network ACLs'], ['security-groups', 'Security groups']]],
  ['VPN', [['vpn-gateways', 'Virtual private gateways']]],
  ['Compute', [['instances', 'Instances'], ['network-interfaces', 'Network interfaces']]],
  ['Load balancing', [['load-balancers', 'Load balancers'], ['target-groups', 'Target groups']]],
];

export function ResourceNav({ section }: { readonly section: string }): JSX.Element {
  const [open, setOpen] = useState(false);
  // Choosing a page closes the folded menu on a narrow window.
  useEffect(() => { setOpen(false); }, [section]);
  return (
    <nav class={open ? 'side open' : 'side'} aria-label="Resource kinds">
      <button type="button" class="side-toggle" aria-expanded={open} aria-controls="side-groups" onClick={() => setOpen(!open)}>
        Resources{open ? ' ▴' : ' ▾'}
      </button>
      <div id="side-groups" class="side-groups">
        {RESOURCE_GROUPS.map(([group, links]) => (
          <div key={group} class="side-group">
            <p class="side-title" id={`side-${group.replace(/\W+/g, '-').toLowerCase()}`}>{group}</p>
            <ul aria-labelledby={`side-${group.replace(/\W+/g, '-').toLowerCase()}`}>
              {links.map(([route, title]) => (
                <li key={route}><a href={`#/${route}`} aria-current={section === route ? 'page' : undefined}>{title}</a></li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}
