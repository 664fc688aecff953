/**
 * @module PrivateLink endpoint services (the provider's side): the list, create from Network Load Balancers, and a
 * service's page with its acceptance setting, allowed principals, endpoint connections (accept or reject) and delete.
 * Every change is one EC2 call; a refusal shows as AWS's code and message.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, child, describeAll, ec2, elbv2All, filterParams, items, listParams, text, texts, type Scope } from './api.js';
import { loadBalancerFrom } from './resource-model.js';
import { navigate, useLoad } from './hooks.js';
import { ErrorBox, Show, SortableTable, StateBadge } from './ui.js';
import { FindingsBadge } from './findings-badge.js';

export interface ServiceConfig {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly acceptanceRequired: boolean;
  readonly nlbArns: readonly string[];
  readonly azs: readonly string[];
  readonly baseDnsNames: readonly string[];
  readonly privateDnsName: string;
}

function serviceFrom(el: Element): ServiceConfig {
  return {
    id: text(el, 'serviceId'), name: text(el, 'serviceName'), state: text(el, 'serviceState'),
    acceptanceRequired: text(el, 'acceptanceRequired') === 'true', nlbArns: texts(el, 'networkLoadBalancerArnSet'),
    azs: texts(el, 'availabilityZoneSet'), baseDnsNames: texts(el, 'baseEndpointDnsNameSet'), privateDnsName: text(el, 'privateDnsName'),
  };
}

interface Connection { readonly endpointId: string; readonly owner: string; readonly state: string; readonly created: string }

/** AWS: batch calls (Accept/Reject connections, delete services) report refusals per item in `unsuccessful`. */
function throwUnsuccessful(root: Element): void {
  const failed = items(root, 'unsuccessful')[0];
  if (failed === undefined) return;
  const err = child(failed, 'error');
  throw new ApiError(text(err, 'code'), text(err, 'message'), 400);
}

/** The short name of a load balancer ARN (`…:loadbalancer/net/name/id` → `name`). */
function lbName(arn: string): string {
  return arn.split('/')[2] ?? arn;
}

/** Run an action, keeping its busy state and its refusal for display. */
function useAction(): { busy: boolean; error: Error | undefined; run: (f: () => Promise<void>) => Promise<void>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const run = async (f: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try { await f(); } catch (e) { setError(e as Error); } finally { setBusy(false); }
  };
  return { busy, error, run, clear: () => setError(undefined) };
}

export function EndpointServicesList({ scope }: { readonly scope: Scope }): JSX.Element {
  const [data, reload] = useLoad(async () => (await describeAll(scope, 'DescribeVpcEndpointServiceConfigurations', 'serviceConfigurationSet')).map(serviceFrom), [scope.account, scope.region]);
  const [query, setQuery] = useState('');
  return (
    <section aria-labelledby="services-title">
      <div class="page-head">
        <h1 id="services-title">Endpoint services</h1>
        <div class="actions">
          <button type="button" onClick={reload}>Refresh</button>
          <a class="button primary" href="#/endpoint-services/create">Create endpoint service</a>
        </div>
      </div>
      <p class="muted">PrivateLink services this account offers from its Network Load Balancers.</p>
      <div class="filters">
        <label>Filter
          <input type="search" value={query} placeholder="id, name or state" onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
      </div>
      <Show data={data}>{(svcs) => {
        const q = query.trim().toLowerCase();
        const rows = svcs.filter((s) => q === '' || [s.id, s.name, s.state].some((v) => v.toLowerCase().includes(q)));
        return (
          <>
            <p class="muted" aria-live="polite">{rows.length} of {svcs.length} endpoint services</p>
            <SortableTable<ServiceConfig> caption="Endpoint services" rows={rows} rowKey={(s) => s.id} initialSort="id" columns={[
              { key: 'id', title: 'Service', value: (s) => s.id, render: (s) => <a href={`#/endpoint-services/${s.id}`}>{s.id}</a> },
              { key: 'name', title: 'Service name', value: (s) => s.name },
              { key: 'state', title: 'State', value: (s) => s.state, render: (s) => <StateBadge state={s.state} /> },
              { key: 'acceptance', title: 'Acceptance required', value: (s) => (s.acceptanceRequired ? 'Yes' : 'No') },
              { key: 'nlbs', title: 'Load balancers', value: (s) => s.nlbArns.map(lbName).join(', ') },
              { key: 'azs', title: 'Availability Zones', value: (s) => s.azs.join(', ') },
            ]} />
          </>
        );
      }}</Show>
    </section>
  );
}

export function CreateEndpointService({ scope }: { readonly scope: Scope }): JSX.Element {
  const [lbs] = useLoad(async () => (await elbv2All(scope, 'DescribeLoadBalancers', 'LoadBalancers')).map(loadBalancerFrom), [scope.account, scope.region]);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [acceptance, setAcceptance] = useState(true);
  const [nameTag, setNameTag] = useState('');
  const [privateDns, setPrivateDns] = useState('');
  const act = useAction();
  const submit = (): Promise<void> => act.run(async () => {
    const params: Record<string, string> = { ...listParams('NetworkLoadBalancerArn', chosen), AcceptanceRequired: String(acceptance) };
    if (privateDns.trim() !== '') params['PrivateDnsName'] = privateDns.trim();
    if (nameTag.trim() !== '') {
      Object.assign(params, { 'TagSpecification.1.ResourceType': 'vpc-endpoint-service', 'TagSpecification.1.Tag.1.Key': 'Name', 'TagSpecification.1.Tag.1.Value': nameTag.trim() });
    }
    const root = await ec2(scope, 'CreateVpcEndpointServiceConfiguration', params);
    navigate(`/endpoint-services/${text(child(root, 'serviceConfiguration'), 'serviceId')}`);
  });
  return (
    <section aria-labelledby="create-service-title">
      <p><a href="#/endpoint-services">← Endpoint services</a></p>
      <h1 id="create-service-title">Create endpoint service</h1>
      <form class="stack" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <fieldset>
          <legend>Name tag</legend>
          <label>Name (optional)
            <input type="text" name="service-name-tag" value={nameTag} onInput={(e) => setNameTag(e.currentTarget.value)} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Network Load Balancers</legend>
          <Show data={lbs}>{(list) => {
            const nlbs = list.filter((l) => l.type === 'network');
            return nlbs.length === 0
              ? <p class="muted">No Network Load Balancer in this account and Region: create one first (an endpoint service sends its traffic to one).</p>
              : (
                <div class="choices">
                  {nlbs.map((l) => (
                    <label class="choice" key={l.arn}>
                      <input type="checkbox" name="nlb" value={l.arn} checked={chosen.includes(l.arn)}
                        onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, l.arn] : chosen.filter((a) => a !== l.arn))} />
                      {l.name} <span class="muted">{l.vpcId} · {l.scheme} · {l.state}</span>
                    </label>
                  ))}
                </div>
              );
          }}</Show>
        </fieldset>
        <fieldset>
          <legend>Connection acceptance</legend>
          <label class="choice">
            <input type="checkbox" name="acceptance-required" checked={acceptance} onChange={(e) => setAcceptance(e.currentTarget.checked)} />
            Acceptance required (each endpoint connection waits for you to accept it)
          </label>
        </fieldset>
        <fieldset>
          <legend>Private DNS name</legend>
          <label>Private DNS name (optional; consumers resolve it to their endpoint once you verify the domain)
            <input type="text" name="private-dns-name" value={privateDns} placeholder="api.example.com" onInput={(e) => setPrivateDns(e.currentTarget.value)} />
          </label>
        </fieldset>
        {act.error !== undefined ? <ErrorBox error={act.error} /> : null}
        <div class="actions">
          <button type="submit" class="primary" disabled={act.busy}>Create endpoint service</button>
          <a class="button" href="#/endpoint-services">Cancel</a>
        </div>
      </form>
    </section>
  );
}

interface ServiceDetail {
  readonly svc: ServiceConfig;
  readonly principals: readonly string[];
  readonly connections: readonly Connection[];
}

async function loadService(scope: Scope, id: string): Promise<ServiceDetail> {
  const root = await ec2(scope, 'DescribeVpcEndpointServiceConfigurations', listParams('ServiceId', [id]));
  const el = items(root, 'serviceConfigurationSet')[0];
  if (el === undefined) throw new ApiError('InvalidVpcEndpointServiceId.NotFound', `The VpcEndpointService Id '${id}' does not exist`, 400);
  const [perms, conns] = await Promise.all([
    describeAll(scope, 'DescribeVpcEndpointServicePermissions', 'allowedPrincipals', { ServiceId: id }),
    describeAll(scope, 'DescribeVpcEndpointConnections', 'vpcEndpointConnectionSet', filterParams({ 'service-id': [id] })),
  ]);
  return {
    svc: serviceFrom(el),
    principals: perms.map((p) => text(p, 'principal')),
    connections: conns.map((c) => ({ endpointId: text(c, 'vpcEndpointId'), owner: text(c, 'vpcEndpointOwner'), state: text(c, 'vpcEndpointState'), created: text(c, 'creationTimestamp') })),
  };
}

export function EndpointServiceDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  const [data, reload] = useLoad(() => loadService(scope, id), [scope.account, scope.region, id]);
  return (
    <section aria-labelledby="service-title">
      <p><a href="#/endpoint-services">← Endpoint services</a></p>
      <div class="page-head">
        <h1 id="service-title">{id}</h1>
        <div class="actions"><FindingsBadge scope={scope} id={id} /><button type="button" onClick={reload}>Refresh</button></div>
      </div>
      <Show data={data}>{(d) => <ServiceBody scope={scope} d={d} onChanged={reload} />}</Show>
    </section>
  );
}

function ServiceBody({ scope, d, onChanged }: { readonly scope: Scope; readonly d: ServiceDetail; readonly onChanged: () => void }): JSX.Element {
  const { svc } = d;
  const act = useAction();
  const toggle = (): Promise<void> => act.run(async () => {
    await ec2(scope, 'ModifyVpcEndpointServiceConfiguration', { ServiceId: svc.id, AcceptanceRequired: String(!svc.acceptanceRequired) });
    onChanged();
  });
  return (
    <>
      <dl class="facts">
        <dt>Service name</dt><dd><code>{svc.name}</code></dd>
        <dt>State</dt><dd><StateBadge state={svc.state} /></dd>
        <dt>Load balancers</dt><dd>{svc.nlbArns.map((a) => <div key={a}><code>{a}</code></div>)}</dd>
        <dt>Availability Zones</dt><dd>{svc.azs.join(', ')}</dd>
        <dt>DNS names</dt><dd>{svc.baseDnsNames.map((n) => <div key={n}><code>{n}</code></div>)}</dd>
        {svc.privateDnsName !== '' ? <><dt>Private DNS name</dt><dd>{svc.privateDnsName}</dd></> : null}
        <dt>Acceptance required</dt><dd>{svc.acceptanceRequired ? 'Yes' : 'No'}</dd>
      </dl>
      <p class="actions">
        <button type="button" disabled={act.busy} onClick={() => { void toggle(); }}>
          {svc.acceptanceRequired ? 'Turn off acceptance required' : 'Turn on acceptance required'}
        </button>
      </p>
      {act.error !== undefined ? <ErrorBox error={act.error} /> : null}
      <Principals scope={scope} svc={svc} principals={d.principals} onChanged={onChanged} />
      <Connections scope={scope} svc={svc} connections={d.connections} onChanged={onChanged} />
      <DeleteService scope={scope} id={svc.id} />
    </>
  );
}

function Principals({ scope, svc, principals, onChanged }: {
  readonly scope: Scope; readonly svc: ServiceConfig; readonly principals: readonly string[]; readonly onChanged: () => void;
}): JSX.Element {
  const [draft, setDraft] = useState('');
  const act = useAction();
  const modify = (param: 'AddAllowedPrincipals' | 'RemoveAllowedPrincipals', arn: string): Promise<void> => act.run(async () => {
    await ec2(scope, 'ModifyVpcEndpointServicePermissions', { ServiceId: svc.id, ...listParams(param, [arn]) });
    if (param === 'AddAllowedPrincipals') setDraft('');
    onChanged();
  });
  return (
    <section aria-labelledby="principals-title">
      <h2 id="principals-title">Allowed principals</h2>
      <p class="muted">Only these principals may create an endpoint to the service (<code>*</code> allows everyone).</p>
      {principals.length === 0 ? <p class="muted">No allowed principals.</p> : (
        <ul class="principals">
          {principals.map((p) => (
            <li key={p}><code>{p}</code>{' '}
              <button type="button" class="small" disabled={act.busy} aria-label={`Remove principal ${p}`} onClick={() => { void modify('RemoveAllowedPrincipals', p); }}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      <form class="inline" onSubmit={(e) => { e.preventDefault(); void modify('AddAllowedPrincipals', draft.trim()); }}>
        <label>Principal ARN
          <input type="text" name="principal" value={draft} placeholder="arn:aws:iam::123456789012:root" onInput={(e) => setDraft(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={act.busy}>Allow principal</button>
      </form>
      {act.error !== undefined ? <ErrorBox error={act.error} /> : null}
    </section>
  );
}

function Connections({ scope, svc, connections, onChanged }: {
  readonly scope: Scope; readonly svc: ServiceConfig; readonly connections: readonly Connection[]; readonly onChanged: () => void;
}): JSX.Element {
  const act = useAction();
  const decide = (op: 'AcceptVpcEndpointConnections' | 'RejectVpcEndpointConnections', endpointId: string): Promise<void> => act.run(async () => {
    throwUnsuccessful(await ec2(scope, op, { ServiceId: svc.id, ...listParams('VpcEndpointId', [endpointId]) }));
    onChanged();
  });
  const pending = connections.filter((c) => c.state === 'pendingAcceptance').length;
  return (
    <section aria-labelledby="connections-title">
      <h2 id="connections-title">Endpoint connections</h2>
      <p class="muted" aria-live="polite">{connections.length} connection{connections.length === 1 ? '' : 's'}, {pending} pending acceptance</p>
      <div class="table-wrap"><table>
        <caption class="visually-hidden">Endpoint connections</caption>
        <thead><tr><th scope="col">Endpoint</th><th scope="col">Owner</th><th scope="col">State</th><th scope="col">Created</th><th scope="col">Actions</th></tr></thead>
        <tbody>
          {connections.length === 0 ? <tr><td colSpan={5} class="muted">No endpoint connections.</td></tr> : connections.map((c) => (
            <tr key={c.endpointId}>
              <td>{c.endpointId}</td><td>{c.owner}</td><td><StateBadge state={c.state} /></td><td>{c.created}</td>
              <td class="actions">
                {c.state === 'pendingAcceptance' || c.state === 'rejected'
                  ? <button type="button" class="small" disabled={act.busy} aria-label={`Accept ${c.endpointId}`} onClick={() => { void decide('AcceptVpcEndpointConnections', c.endpointId); }}>Accept</button> : null}
                {c.state === 'pendingAcceptance' || c.state === 'available' || c.state === 'pending'
                  ? <button type="button" class="small danger" disabled={act.busy} aria-label={`Reject ${c.endpointId}`} onClick={() => { void decide('RejectVpcEndpointConnections', c.endpointId); }}>Reject</button> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table></div>
      {act.error !== undefined ? <ErrorBox error={act.error} /> : null}
    </section>
  );
}

function DeleteService({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  const [confirming, setConfirming] = useState(false);
  const act = useAction();
  const remove = (): Promise<void> => act.run(async () => {
    throwUnsuccessful(await ec2(scope, 'DeleteVpcEndpointServiceConfigurations', listParams('ServiceId', [id])));
    navigate('/endpoint-services');
  });
  return (
    <section aria-labelledby="delete-service-title" class="danger-zone">
      <h2 id="delete-service-title">Delete</h2>
      {act.error !== undefined ? <ErrorBox error={act.error} /> : null}
      {confirming ? (
        <p>Delete {id}? AWS refuses while endpoints are connected to it.{' '}
          <button type="button" class="danger" disabled={act.busy} onClick={() => { void remove(); }}>Confirm delete</button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
        </p>
      ) : <button type="button" class="danger" onClick={() => setConfirming(true)}>Delete endpoint service</button>}
    </section>
  );
}
