/**
 * @module Changing an endpoint's network from its page: route tables (gateway), subnets and security groups
 * (interface), and private DNS (interface). One ModifyVpcEndpoint call with the added and removed ids; the API judges the change.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { describeAll, ec2, filterParams, listParams, type Scope } from './api.js';
import { useLoad } from './hooks.js';
import { label, routeTableFrom, securityGroupFrom, subnetFrom, type Endpoint } from './model.js';
import { ErrorBox, Show } from './ui.js';

function diff(prefixAdd: string, prefixRemove: string, before: readonly string[], after: readonly string[]): Record<string, string> {
  return {
    ...listParams(prefixAdd, after.filter((x) => !before.includes(x))),
    ...listParams(prefixRemove, before.filter((x) => !after.includes(x))),
  };
}

export function ManageNetwork({ scope, ep, onSaved }: { readonly scope: Scope; readonly ep: Endpoint; readonly onSaved: () => void }): JSX.Element {
  const [open, setOpen] = useState(false);
  const gateway = ep.type === 'Gateway';
  const title = gateway ? 'Manage route tables' : 'Manage subnets, security groups and private DNS';
  return (
    <section aria-label={title} class="manage">
      {open
        ? <ManageForm scope={scope} ep={ep} onDone={(saved) => { setOpen(false); if (saved) onSaved(); }} />
        : <button type="button" onClick={() => setOpen(true)}>{title}</button>}
    </section>
  );
}

function ManageForm({ scope, ep, onDone }: { readonly scope: Scope; readonly ep: Endpoint; readonly onDone: (saved: boolean) => void }): JSX.Element {
  const gateway = ep.type === 'Gateway';
  const [net] = useLoad(async () => {
    const f = filterParams({ 'vpc-id': [ep.vpcId] });
    const [rts, subnets, groups] = await Promise.all([
      gateway ? describeAll(scope, 'DescribeRouteTables', 'routeTableSet', f) : Promise.resolve([]),
      gateway ? Promise.resolve([]) : describeAll(scope, 'DescribeSubnets', 'subnetSet', f),
      gateway ? Promise.resolve([]) : describeAll(scope, 'DescribeSecurityGroups', 'securityGroupInfo', f),
    ]);
    return { routeTables: rts.map(routeTableFrom), subnets: subnets.map(subnetFrom), groups: groups.map(securityGroupFrom) };
  }, [scope.account, scope.region, ep.vpcId, gateway]);
  const [routeTables, setRouteTables] = useState<readonly string[]>(ep.routeTableIds);
  const [subnets, setSubnets] = useState<readonly string[]>(ep.subnetIds);
  const [groups, setGroups] = useState<readonly string[]>(ep.groups.map((g) => g.id));
  const [privateDns, setPrivateDns] = useState(ep.privateDns);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);

  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    const params = gateway
      ? diff('AddRouteTableId', 'RemoveRouteTableId', ep.routeTableIds, routeTables)
      : {
        ...diff('AddSubnetId', 'RemoveSubnetId', ep.subnetIds, subnets),
        ...diff('AddSecurityGroupId', 'RemoveSecurityGroupId', ep.groups.map((g) => g.id), groups),
        ...(privateDns === ep.privateDns ? {} : { PrivateDnsEnabled: String(privateDns) }),
      };
    if (Object.keys(params).length === 0) { onDone(false); return; }
    setBusy(true);
    setError(undefined);
    try {
      await ec2(scope, 'ModifyVpcEndpoint', { VpcEndpointId: ep.id, ...params });
      onDone(true);
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  };
  const toggle = (list: readonly string[], set: (v: readonly string[]) => void, id: string, on: boolean): void => set(on ? [...list, id] : list.filter((x) => x !== id));

  return (
    <Show data={net}>{(n) => (
      <form class="stack" onSubmit={(e) => { void save(e); }}>
        {gateway ? (
          <fieldset>
            <legend>Route tables</legend>
            {n.routeTables.map((rt) => (
              <label class="choice" key={rt.id}>
                <input type="checkbox" checked={routeTables.includes(rt.id)} onChange={(e) => toggle(routeTables, setRouteTables, rt.id, e.currentTarget.checked)} />
                {' '}{label(rt.id, rt.tags['Name'])}{rt.main ? ' (main)' : ''}
              </label>
            ))}
          </fieldset>
        ) : (
          <>
            <fieldset>
              <legend>Subnets</legend>
              {n.subnets.map((s) => (
                <label class="choice" key={s.id}>
                  <input type="checkbox" checked={subnets.includes(s.id)} onChange={(e) => toggle(subnets, setSubnets, s.id, e.currentTarget.checked)} />
                  {' '}{label(s.id, s.name)} <span class="muted">{s.az} {s.cidr}</span>
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>Private DNS</legend>
              <label class="choice">
                <input type="checkbox" name="private-dns" checked={privateDns} onChange={(e) => setPrivateDns(e.currentTarget.checked)} />
                {' '}Enable private DNS name
              </label>
            </fieldset>
            <fieldset>
              <legend>Security groups</legend>
              {n.groups.map((g) => (
                <label class="choice" key={g.id}>
                  <input type="checkbox" checked={groups.includes(g.id)} onChange={(e) => toggle(groups, setGroups, g.id, e.currentTarget.checked)} />
                  {' '}{g.id} <span class="muted">{g.name}</span>
                </label>
              ))}
            </fieldset>
          </>
        )}
        {error !== undefined ? <ErrorBox error={error} /> : null}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>Save changes</button>
          <button type="button" onClick={() => onDone(false)}>Cancel</button>
        </div>
      </form>
    )}</Show>
  );
}
