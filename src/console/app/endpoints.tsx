/** @module The endpoints list (filter, sort) and an endpoint's detail page (DNS, ENIs, routes, groups, policy, delete). */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, child, describeAll, ec2, filterParams, items, listParams, text, type Scope } from './api.js';
import { ManageNetwork } from './endpoint-manage.js';
import { TagsEditor } from './tags-editor.js';
import { CheckStatus, useLiveCheck } from './live-check.js';
import { navigate, useLoad } from './hooks.js';
import { endpointFrom, managedBy, routeTableFrom, type Endpoint } from './model.js';
import { CopyButton, ErrorBox, prettyJson, Show, SortableTable, StateBadge } from './ui.js';
import { FindingsBadge } from './findings-badge.js';

function created(ts: string): string {
  return ts === '' ? '' : ts.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
}

export function EndpointsList({ scope }: { readonly scope: Scope }): JSX.Element {
  const [data, reload] = useLoad(async () => (await describeAll(scope, 'DescribeVpcEndpoints', 'vpcEndpointSet')).map(endpointFrom), [scope.account, scope.region]);
  const [query, setQuery] = useState('');
  const [type, setType] = useState('');
  return (
    <section aria-labelledby="endpoints-title">
      <div class="page-head">
        <h1 id="endpoints-title">Endpoints</h1>
        <div class="actions">
          <button type="button" onClick={reload}>Refresh</button>
          <a class="button primary" href="#/endpoints/create">Create endpoint</a>
        </div>
      </div>
      <div class="filters">
        <label>Filter
          <input type="search" value={query} placeholder="id, service, VPC, state or Name" onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <label>Type
          <select value={type} onChange={(e) => setType(e.currentTarget.value)}>
            <option value="">All types</option>
            <option value="Gateway">Gateway</option>
            <option value="Interface">Interface</option>
            <option value="GatewayLoadBalancer">Gateway Load Balancer</option>
            <option value="Resource">Resource</option>
            <option value="ServiceNetwork">Service network</option>
          </select>
        </label>
      </div>
      <Show data={data}>{(eps) => {
        const q = query.trim().toLowerCase();
        const rows = eps.filter((e) => (type === '' || e.type === type)
          && (q === '' || [e.id, e.serviceName, e.vpcId, e.state, e.type, e.tags['Name'] ?? ''].some((v) => v.toLowerCase().includes(q))));
        return (
          <>
            <p class="muted" aria-live="polite">{rows.length} of {eps.length} endpoints</p>
            <SortableTable<Endpoint> caption="VPC endpoints" rows={rows} rowKey={(e) => e.id} initialSort="created" columns={[
              { key: 'id', title: 'Endpoint', value: (e) => e.id, render: (e) => <a href={`#/endpoints/${e.id}`}>{e.id}</a> },
              { key: 'name', title: 'Name', value: (e) => e.tags['Name'] ?? '' },
              { key: 'type', title: 'Type', value: (e) => e.type },
              { key: 'service', title: 'Service', value: (e) => e.serviceName },
              { key: 'vpc', title: 'VPC', value: (e) => e.vpcId, render: (e) => <a href={`#/vpcs/${e.vpcId}`}>{e.vpcId}</a> },
              { key: 'state', title: 'State', value: (e) => e.state, render: (e) => <StateBadge state={e.state} /> },
              { key: 'created', title: 'Created', value: (e) => e.created, render: (e) => created(e.created) },
            ]} />
          </>
        );
      }}</Show>
    </section>
  );
}

interface Eni { readonly id: string; readonly subnetId: string; readonly az: string; readonly ip: string; readonly status: string }

interface Detail {
  readonly ep: Endpoint;
  readonly enis: readonly Eni[];
  readonly routeTables: ReturnType<typeof routeTableFrom>[];
}

async function loadDetail(scope: Scope, id: string): Promise<Detail> {
  const root = await ec2(scope, 'DescribeVpcEndpoints', listParams('VpcEndpointId', [id]));
  const el = items(root, 'vpcEndpointSet')[0];
  if (el === undefined) throw new ApiError('InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${id}' does not exist`, 400);
  const ep = endpointFrom(el);
  const [enis, routeTables] = await Promise.all([
    ep.eniIds.length === 0 ? [] : describeAll(scope, 'DescribeNetworkInterfaces', 'networkInterfaceSet', listParams('NetworkInterfaceId', ep.eniIds)),
    ep.routeTableIds.length === 0 ? [] : describeAll(scope, 'DescribeRouteTables', 'routeTableSet', filterParams({ 'route-table-id': ep.routeTableIds })),
  ]);
  return {
    ep,
    enis: enis.map((n) => ({ id: text(n, 'networkInterfaceId'), subnetId: text(n, 'subnetId'), az: text(n, 'availabilityZone'), ip: text(n, 'privateIpAddress'), status: text(n, 'status') })),
    routeTables: routeTables.map(routeTableFrom),
  };
}

export function EndpointDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  const [data, reload] = useLoad(() => loadDetail(scope, id), [scope.account, scope.region, id]);
  return (
    <section aria-labelledby="endpoint-title">
      <p><a href="#/endpoints">← Endpoints</a></p>
      <div class="page-head">
        <h1 id="endpoint-title">{id}</h1>
        <div class="actions"><FindingsBadge scope={scope} id={id} /><button type="button" onClick={reload}>Refresh</button></div>
      </div>
      <Show data={data}>{(d) => <DetailBody scope={scope} d={d} onChanged={reload} />}</Show>
    </section>
  );
}

function DetailBody({ scope, d, onChanged }: { readonly scope: Scope; readonly d: Detail; readonly onChanged: () => void }): JSX.Element {
  const { ep } = d;
  return (
    <>
      <dl class="facts">
        <dt>Type</dt><dd>{ep.type}</dd>
        <dt>Service</dt><dd>{ep.serviceName}</dd>
        <dt>VPC</dt><dd><a href={`#/vpcs/${ep.vpcId}`}>{ep.vpcId}</a></dd>
        <dt>State</dt><dd><StateBadge state={ep.state} /></dd>
        <dt>Created</dt><dd>{created(ep.created)}</dd>
        {ep.type === 'Interface' ? <><dt>Private DNS</dt><dd>{ep.privateDns ? 'Enabled' : 'Disabled'}</dd></> : null}
        {ep.serviceName.includes('.vpce-svc-') ? <><dt>Connection</dt><dd><PrivateLinkConnection state={ep.state} /></dd></> : null}
      </dl>
      {ep.dnsNames.length > 0 ? (
        <section aria-labelledby="dns-title">
          <h2 id="dns-title">DNS names</h2>
          <ul class="dns">
            {ep.dnsNames.map((n) => (
              <li key={n.name}><code>{n.name}</code> <span class="muted">zone {n.zone}</span> <CopyButton value={n.name} label={n.name} /></li>
            ))}
          </ul>
        </section>
      ) : null}
      {ep.type !== 'Gateway' ? (
        <section aria-labelledby="enis-title">
          <h2 id="enis-title">Network interfaces</h2>
          <div class="table-wrap"><table>
            <thead><tr><th scope="col">Subnet</th><th scope="col">Availability Zone</th><th scope="col">Interface</th><th scope="col">IPv4 address</th><th scope="col">Status</th></tr></thead>
            <tbody>
              {d.enis.length === 0 ? <tr><td colSpan={5} class="muted">No network interfaces.</td></tr> : d.enis.map((n) => (
                <tr key={n.id}><td>{n.subnetId}</td><td>{n.az}</td><td>{n.id}</td><td><code>{n.ip}</code></td><td><StateBadge state={n.status} /></td></tr>
              ))}
            </tbody>
          </table></div>
        </section>
      ) : null}
      {ep.type === 'Gateway' ? (
        <section aria-labelledby="rt-title">
          <h2 id="rt-title">Route tables</h2>
          {d.routeTables.length === 0 ? <p class="muted">No route tables.</p> : d.routeTables.map((rt) => (
            <div key={rt.id} class="card">
              <h3><a href={`#/route-tables/${rt.id}`}>{rt.id}</a>{rt.main ? <span class="badge">main</span> : null}</h3>
              <ul>{rt.routes.filter((r) => managedBy(r) === ep.id).map((r) => <li key={r.destination}><code>{r.destination}</code> → <code>{r.target}</code> <StateBadge state={r.state} /></li>)}</ul>
            </div>
          ))}
        </section>
      ) : null}
      {ep.groups.length > 0 ? (
        <section aria-labelledby="sg-title">
          <h2 id="sg-title">Security groups</h2>
          <ul>{ep.groups.map((g) => <li key={g.id}><a href={`#/security-groups/${g.id}`}>{g.id}</a> <span class="muted">{g.name}</span></li>)}</ul>
        </section>
      ) : null}
      {ep.type === 'Gateway' || ep.type === 'Interface' ? <ManageNetwork scope={scope} ep={ep} onSaved={onChanged} /> : null}
      <PolicySection scope={scope} ep={ep} onSaved={onChanged} />
      <TagsEditor scope={scope} resourceId={ep.id} tags={ep.tags} onSaved={onChanged} />
      <DeleteEndpoint scope={scope} id={ep.id} />
    </>
  );
}

/** The policy, pretty-printed; edited in place and saved with ModifyVpcEndpoint (the API judges the document). */
function PolicySection({ scope, ep, onSaved }: { readonly scope: Scope; readonly ep: Endpoint; readonly onSaved: () => void }): JSX.Element {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const check = useLiveCheck(scope, 'ModifyVpcEndpoint', draft === undefined ? undefined : { VpcEndpointId: ep.id, PolicyDocument: draft });
  const save = async (params: Record<string, string>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await ec2(scope, 'ModifyVpcEndpoint', { VpcEndpointId: ep.id, ...params });
      setDraft(undefined);
      onSaved();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="policy-title">
      <h2 id="policy-title">Policy</h2>
      {draft === undefined ? (
        <>
          <pre class="policy" tabIndex={0} aria-label="Endpoint policy">{prettyJson(ep.policy)}</pre>
          <button type="button" onClick={() => { setDraft(prettyJson(ep.policy)); setError(undefined); }}>Edit policy</button>
        </>
      ) : (
        <form class="stack" onSubmit={(e) => { e.preventDefault(); void save({ PolicyDocument: draft }); }}>
          <label>Policy document (JSON)
            <textarea name="policy" rows={14} spellcheck={false} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
          </label>
          <CheckStatus check={check} ok="The API would accept this policy." />
        {error !== undefined ? <ErrorBox error={error} /> : null}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>Save policy</button>
            <button type="button" disabled={busy} onClick={() => { void save({ ResetPolicy: 'true' }); }}>Reset to full access</button>
            <button type="button" onClick={() => { setDraft(undefined); setError(undefined); }}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}

function DeleteEndpoint({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const root = await ec2(scope, 'DeleteVpcEndpoints', listParams('VpcEndpointId', [id]));
      // AWS: DeleteVpcEndpoints reports a refusal per endpoint in `unsuccessful` rather than as an error.
      const failed = items(root, 'unsuccessful')[0];
      if (failed !== undefined) {
        const err = child(failed, 'error');
        throw new ApiError(text(err, 'code'), text(err, 'message'), 400);
      }
      navigate('/endpoints');
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="delete-title" class="danger-zone">
      <h2 id="delete-title">Delete</h2>
      {error !== undefined ? <ErrorBox error={error} /> : null}
      {confirming ? (
        <p>Delete {id}? Its routes or network interfaces go with it.{' '}
          <button type="button" class="danger" disabled={busy} onClick={() => { void remove(); }}>Confirm delete</button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
        </p>
      ) : <button type="button" class="danger" onClick={() => setConfirming(true)}>Delete endpoint</button>}
    </section>
  );
}

/** The consumer's view of a PrivateLink connection: the endpoint's state, said as what the provider did. */
function PrivateLinkConnection({ state }: { readonly state: string }): JSX.Element {
  const said: Readonly<Record<string, string>> = {
    pendingAcceptance: "waiting for the service owner to accept the connection",
    pending: 'accepted; the connection is being set up',
    available: 'accepted by the service owner; traffic flows',
    rejected: 'rejected by the service owner; no traffic flows',
  };
  return <span class="connection-state" data-state={state}><StateBadge state={state} /> {said[state] ?? ''}</span>;
}
