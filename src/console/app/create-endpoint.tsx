/**
 * @module The Create endpoint wizard, in the AWS console's order: service category, service (searchable, with type
 * and Availability Zones), VPC, then route tables (gateway) or one subnet per AZ, security groups and private DNS
 * (interface), policy, tags. It submits one CreateVpcEndpoint call; whatever the API refuses is shown as AWS
 * words it, and the same call is checked as a DryRun while the form is filled (`live-check.tsx`), so a refusal shows
 * before submit. The only rule it knows itself is the DNS-attribute prerequisite, and only to explain it ahead.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { child, describeAll, ec2, filterParams, items, listParams, text, type Scope } from './api.js';
import { navigate, useLoad } from './hooks.js';
import { endpointFrom, endpointServiceFrom, label, routeTableFrom, securityGroupFrom, subnetFrom, vpcFrom, type EndpointService } from './model.js';
import { ErrorBox, Show } from './ui.js';
import { CheckStatus, useLiveCheck } from './live-check.js';

const FULL_ACCESS = JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }, null, 2);

type Category = 'aws' | 'byName';

function serviceKey(s: EndpointService): string {
  return `${s.name}|${s.type}`;
}

export function CreateEndpoint({ scope }: { readonly scope: Scope }): JSX.Element {
  const [category, setCategory] = useState<Category>('aws');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<EndpointService | undefined>(undefined);
  const [byName, setByName] = useState('');
  const [verifyError, setVerifyError] = useState<Error | undefined>(undefined);
  const [vpcId, setVpcId] = useState('');
  const [name, setName] = useState('');
  const [routeTables, setRouteTables] = useState<readonly string[]>([]);
  const [subnetByAz, setSubnetByAz] = useState<Readonly<Record<string, string>>>({});
  const [groups, setGroups] = useState<readonly string[]>([]);
  const [privateDns, setPrivateDns] = useState(true);
  const [policyMode, setPolicyMode] = useState<'full' | 'custom'>('full');
  const [policy, setPolicy] = useState(FULL_ACCESS);
  const [tagRows, setTagRows] = useState<readonly { key: string; value: string }[]>([]);
  const [submitError, setSubmitError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const [services] = useLoad(async () => (await describeAll(scope, 'DescribeVpcEndpointServices', 'serviceDetailSet')).map(endpointServiceFrom), [scope.account, scope.region]);
  const [vpcs] = useLoad(async () => (await describeAll(scope, 'DescribeVpcs', 'vpcSet')).map(vpcFrom), [scope.account, scope.region]);
  const [network] = useLoad(async () => {
    if (vpcId === '') return undefined;
    const vpcFilter = filterParams({ 'vpc-id': [vpcId] });
    const [subnets, rts, sgs, dnsSupport, dnsHostnames] = await Promise.all([
      describeAll(scope, 'DescribeSubnets', 'subnetSet', vpcFilter),
      describeAll(scope, 'DescribeRouteTables', 'routeTableSet', vpcFilter),
      describeAll(scope, 'DescribeSecurityGroups', 'securityGroupInfo', vpcFilter),
      ec2(scope, 'DescribeVpcAttribute', { VpcId: vpcId, Attribute: 'enableDnsSupport' }),
      ec2(scope, 'DescribeVpcAttribute', { VpcId: vpcId, Attribute: 'enableDnsHostnames' }),
    ]);
    return {
      subnets: subnets.map(subnetFrom),
      routeTables: rts.map(routeTableFrom),
      groups: sgs.map(securityGroupFrom),
      dnsSupport: text(child(dnsSupport, 'enableDnsSupport'), 'value') === 'true',
      dnsHostnames: text(child(dnsHostnames, 'enableDnsHostnames'), 'value') === 'true',
    };
  }, [scope.account, scope.region, vpcId]);

  const chooseVpc = (id: string): void => {
    setVpcId(id);
    setRouteTables([]);
    setSubnetByAz({});
    setGroups([]);
  };

  const verifyByName = async (): Promise<void> => {
    setVerifyError(undefined);
    setChosen(undefined);
    try {
      const root = await ec2(scope, 'DescribeVpcEndpointServices', listParams('ServiceName', [byName.trim()]));
      const found = items(root, 'serviceDetailSet').map(endpointServiceFrom)[0];
      if (found !== undefined) setChosen(found);
    } catch (e) {
      setVerifyError(e as Error);
    }
  };

  const isGateway = chosen?.type === 'Gateway';
  const isInterface = chosen !== undefined && !isGateway;

  /** The CreateVpcEndpoint parameters the form stands for (undefined until a service and a VPC are chosen). */
  const callParams = (): Record<string, string> | undefined => {
    if (chosen === undefined || vpcId === '') return undefined;
    const params: Record<string, string> = { VpcId: vpcId, ServiceName: chosen.name, VpcEndpointType: chosen.type.split(', ')[0] ?? chosen.type };
    if (isGateway) Object.assign(params, listParams('RouteTableId', routeTables));
    if (isInterface) {
      Object.assign(params, listParams('SubnetId', Object.values(subnetByAz).filter((s) => s !== '')));
      Object.assign(params, listParams('SecurityGroupId', groups));
      params['PrivateDnsEnabled'] = String(privateDns);
    }
    if (policyMode === 'custom') params['PolicyDocument'] = policy;
    const allTags = [...(name.trim() === '' ? [] : [{ key: 'Name', value: name.trim() }]), ...tagRows.filter((t) => t.key !== '')];
    if (allTags.length > 0) {
      params['TagSpecification.1.ResourceType'] = 'vpc-endpoint';
      allTags.forEach((t, i) => { params[`TagSpecification.1.Tag.${i + 1}.Key`] = t.key; params[`TagSpecification.1.Tag.${i + 1}.Value`] = t.value; });
    }
    return params;
  };
  const check = useLiveCheck(scope, 'CreateVpcEndpoint', callParams());

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (chosen === undefined) { setSubmitError(new Error('Choose a service first.')); return; }
    if (vpcId === '') { setSubmitError(new Error('Choose a VPC.')); return; }
    const params = callParams();
    if (params === undefined) return;
    setBusy(true);
    setSubmitError(undefined);
    try {
      const root = await ec2(scope, 'CreateVpcEndpoint', params);
      const el = root.getElementsByTagName('vpcEndpoint')[0];
      navigate(el === undefined ? '/endpoints' : `/endpoints/${endpointFrom(el).id}`);
    } catch (err) {
      setSubmitError(err as Error);
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="create-title">
      <p><a href="#/endpoints">← Endpoints</a></p>
      <h1 id="create-title">Create endpoint</h1>
      <form onSubmit={(e) => { void submit(e); }} noValidate>
        <fieldset>
          <legend>1. Endpoint settings</legend>
          <label><span>Name tag <span class="muted">(optional)</span></span>
            <input type="text" name="name-tag" value={name} maxLength={256} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <div role="radiogroup" aria-label="Service category" class="choices">
            <label class="choice"><input type="radio" name="category" checked={category === 'aws'} onChange={() => { setCategory('aws'); setChosen(undefined); }} /> AWS services</label>
            <label class="choice"><input type="radio" name="category" checked={category === 'byName'} onChange={() => { setCategory('byName'); setChosen(undefined); }} /> Endpoint services by name (PrivateLink)</label>
          </div>
        </fieldset>

        <fieldset>
          <legend>2. Service</legend>
          {category === 'aws' ? (
            <Show data={services}>{(list) => {
              const q = search.trim().toLowerCase();
              const shown = list.filter((s) => s.owner === 'amazon' && (q === '' || s.name.toLowerCase().includes(q) || s.type.toLowerCase().includes(q)));
              return (
                <>
                  <label>Search services
                    <input type="search" name="service-search" value={search} placeholder="s3, dynamodb, sqs…" onInput={(e) => setSearch(e.currentTarget.value)} />
                  </label>
                  <div class="table-wrap services">
                    <table>
                      <caption class="visually-hidden">Services</caption>
                      <thead><tr><th scope="col">Service name</th><th scope="col">Type</th><th scope="col">Availability Zones</th></tr></thead>
                      <tbody>
                        {shown.length === 0 ? <tr><td colSpan={3} class="muted">No service matches.</td></tr> : shown.map((s) => (
                          <tr key={serviceKey(s)} class={chosen !== undefined && serviceKey(chosen) === serviceKey(s) ? 'selected' : ''}>
                            <td><label class="choice"><input type="radio" name="service" aria-label={`${s.name} (${s.type})`} checked={chosen !== undefined && serviceKey(chosen) === serviceKey(s)} onChange={() => setChosen(s)} /> {s.name}</label></td>
                            <td>{s.type}</td>
                            <td title={s.azs.join(', ')}>{s.azs.length} ({s.azs.map((a) => a.slice(-1)).join(' ')})</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              );
            }}</Show>
          ) : (
            <div class="inline">
              <label>Service name
                <input type="text" name="service-name" value={byName} placeholder="com.amazonaws.vpce.us-east-1.vpce-svc-…" onInput={(e) => setByName(e.currentTarget.value)} />
              </label>
              <button type="button" onClick={() => { void verifyByName(); }}>Verify service</button>
              {verifyError !== undefined ? <ErrorBox error={verifyError} /> : null}
            </div>
          )}
          {chosen !== undefined ? <p class="chosen" aria-live="polite">Chosen: <strong>{chosen.name}</strong> ({chosen.type}){chosen.acceptanceRequired ? ' — the service owner must accept the connection' : ''}</p> : null}
        </fieldset>

        <fieldset>
          <legend>3. Network settings</legend>
          <Show data={vpcs}>{(list) => (
            <label>VPC
              <select name="vpc" value={vpcId} onChange={(e) => chooseVpc(e.currentTarget.value)}>
                <option value="">Choose a VPC</option>
                {list.map((v) => <option key={v.id} value={v.id}>{label(v.id, v.name)} {v.cidr}{v.isDefault ? ' (default)' : ''}</option>)}
              </select>
            </label>
          )}</Show>
        </fieldset>

        {chosen !== undefined && vpcId !== '' ? (
          <Show data={network}>{(net) => net === undefined ? null : (
            <>
              {isGateway ? (
                <fieldset>
                  <legend>4. Route tables</legend>
                  <p class="muted">A route to the service's prefix list is added to each chosen table, targeting the endpoint.</p>
                  {net.routeTables.map((rt) => (
                    <label class="choice" key={rt.id}>
                      <input type="checkbox" checked={routeTables.includes(rt.id)} onChange={(e) => setRouteTables(e.currentTarget.checked ? [...routeTables, rt.id] : routeTables.filter((r) => r !== rt.id))} />
                      {' '}{label(rt.id, rt.tags['Name'])}{rt.main ? ' (main)' : ''}{rt.subnetIds.length > 0 ? ` — ${rt.subnetIds.join(', ')}` : ''}
                    </label>
                  ))}
                </fieldset>
              ) : null}
              {isInterface ? (
                <>
                  <fieldset>
                    <legend>4. DNS</legend>
                    <label class="choice"><input type="checkbox" name="private-dns" checked={privateDns} onChange={(e) => setPrivateDns(e.currentTarget.checked)} /> Enable private DNS name{chosen.privateDnsName !== '' ? ` (${chosen.privateDnsName})` : ''}</label>
                    {privateDns && !(net.dnsSupport && net.dnsHostnames) ? (
                      <p class="note" role="note">
                        Private DNS needs the VPC attributes <code>enableDnsSupport</code> and <code>enableDnsHostnames</code> both true;
                        {' '}{vpcId} has DNS support {net.dnsSupport ? 'on' : 'off'} and DNS hostnames {net.dnsHostnames ? 'on' : 'off'}.
                        {' '}Turn them on with ModifyVpcAttribute, or clear this option.
                      </p>
                    ) : null}
                  </fieldset>
                  <fieldset>
                    <legend>5. Subnets (one per Availability Zone)</legend>
                    {[...new Set(net.subnets.map((s) => s.az))].sort().map((az) => {
                      const offered = chosen.azs.includes(az);
                      return (
                        <label key={az}>{az}{offered ? '' : ' — the service is not offered here'}
                          <select name={`subnet-${az}`} value={subnetByAz[az] ?? ''} disabled={!offered} onChange={(e) => setSubnetByAz({ ...subnetByAz, [az]: e.currentTarget.value })}>
                            <option value="">No subnet</option>
                            {net.subnets.filter((s) => s.az === az).map((s) => <option key={s.id} value={s.id}>{label(s.id, s.name)} {s.cidr}, {s.free} free</option>)}
                          </select>
                        </label>
                      );
                    })}
                  </fieldset>
                  <fieldset>
                    <legend>6. Security groups</legend>
                    <p class="muted">None chosen: the VPC's default security group.</p>
                    {net.groups.map((g) => (
                      <label class="choice" key={g.id}>
                        <input type="checkbox" checked={groups.includes(g.id)} onChange={(e) => setGroups(e.currentTarget.checked ? [...groups, g.id] : groups.filter((x) => x !== g.id))} />
                        {' '}{g.id} <span class="muted">{g.name}</span>
                      </label>
                    ))}
                  </fieldset>
                </>
              ) : null}
            </>
          )}</Show>
        ) : null}

        <fieldset>
          <legend>Policy</legend>
          <div role="radiogroup" aria-label="Policy" class="choices">
            <label class="choice"><input type="radio" name="policy" checked={policyMode === 'full'} onChange={() => setPolicyMode('full')} /> Full access</label>
            <label class="choice"><input type="radio" name="policy" checked={policyMode === 'custom'} onChange={() => setPolicyMode('custom')} /> Custom</label>
          </div>
          {policyMode === 'custom' ? (
            <label>Policy document (JSON)
              <textarea name="policy" rows={12} spellcheck={false} value={policy} onInput={(e) => setPolicy(e.currentTarget.value)} />
            </label>
          ) : null}
        </fieldset>

        <fieldset>
          <legend>Tags</legend>
          {tagRows.map((t, i) => (
            <div class="inline" key={i}>
              <label>Key <input type="text" value={t.key} onInput={(e) => setTagRows(tagRows.map((r, j) => j === i ? { ...r, key: e.currentTarget.value } : r))} /></label>
              <label>Value <input type="text" value={t.value} onInput={(e) => setTagRows(tagRows.map((r, j) => j === i ? { ...r, value: e.currentTarget.value } : r))} /></label>
              <button type="button" onClick={() => setTagRows(tagRows.filter((_, j) => j !== i))} aria-label={`Remove tag ${i + 1}`}>Remove</button>
            </div>
          ))}
          <button type="button" onClick={() => setTagRows([...tagRows, { key: '', value: '' }])}>Add tag</button>
        </fieldset>

        <CheckStatus check={check} ok="The API would create this endpoint." />
        {submitError !== undefined ? <ErrorBox error={submitError} /> : null}
        <div class="actions">
          <a class="button" href="#/endpoints">Cancel</a>
          <button type="submit" class="primary" disabled={busy}>{busy ? 'Creating…' : 'Create endpoint'}</button>
        </div>
      </form>
    </section>
  );
}
