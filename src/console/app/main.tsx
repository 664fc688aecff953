/** @module The console's shell: header with account and Region pickers, navigation, and the hash router. */
import type { JSX } from 'preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { describeAll, text, type Scope } from './api.js';
import { CreateEndpoint } from './create-endpoint.js';
import { EndpointDetail, EndpointsList } from './endpoints.js';
import { useLoad, useRoute } from './hooks.js';
import { RouteTableDetail, RouteTablesList } from './route-tables.js';
import { SecurityGroupDetail, SecurityGroupsList } from './security-groups.js';
import { VpcDetail, VpcsList } from './vpcs.js';
import { CredentialsControl } from './credentials.js';
import { CreateEndpointService, EndpointServiceDetail, EndpointServicesList } from './endpoint-services.js';
import { Findings } from './findings.js';
import { Logs } from './logs.js';
import { TopologyPage } from './topology.js';
import { PathExplorer } from './path-explorer.js';
import { ACCOUNT_ID, initialScope, recentAccounts, rememberScope } from './settings.js';
import { InstanceDetail, InstancesList } from './instances.js';
import { InternetGatewayDetail, InternetGatewaysList } from './internet-gateways.js';
import { LoadBalancerDetail, LoadBalancersList } from './load-balancers.js';
import { NatGatewayDetail, NatGatewaysList } from './nat-gateways.js';
import { NetworkAclDetail, NetworkAclsList } from './network-acls.js';
import { NetworkInterfaceDetail, NetworkInterfacesList } from './network-interfaces.js';
import { PeeringConnectionDetail, PeeringConnectionsList } from './peering-connections.js';
import { PrefixListDetail, PrefixListsList } from './prefix-lists.js';
import { ResourceNav } from './resource-nav.js';
import { SubnetDetail, SubnetsList } from './subnets.js';
import { TargetGroupDetail, TargetGroupsList } from './target-groups.js';
import { VpnGatewayDetail, VpnGatewaysList } from './vpn-gateways.js';
import './styles.css';

const FALLBACK_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'];

function Pickers({ scope, onChange }: { readonly scope: Scope; readonly onChange: (s: Scope) => void }): JSX.Element {
  const [account, setAccount] = useState(scope.account);
  const [regions] = useLoad(async () => (await describeAll(scope, 'DescribeRegions', 'regionInfo')).map((r) => text(r, 'regionName')).sort(), [scope.account]);
  const valid = ACCOUNT_ID.test(account);
  const list = regions.state === 'ok' && regions.value.length > 0 ? regions.value : FALLBACK_REGIONS;
  return (
    <div class="identity">
    <form class="pickers" onSubmit={(e) => { e.preventDefault(); if (valid) onChange({ ...scope, account }); }}>
      {scope.credentials !== undefined ? <span class="muted">Account {scope.account}</span> : <label>Account
        <input type="text" inputMode="numeric" value={account} size={13} list="recent-accounts" aria-invalid={!valid}
          onInput={(e) => setAccount(e.currentTarget.value.trim())}
          onChange={(e) => { const v = e.currentTarget.value.trim(); if (ACCOUNT_ID.test(v)) onChange({ ...scope, account: v }); }} />
      </label>}
      <datalist id="recent-accounts">{recentAccounts().map((a) => <option key={a} value={a} />)}</datalist>
      <label>Region
        <select value={scope.region} onChange={(e) => onChange({ ...scope, region: e.currentTarget.value })}>
          {(list.includes(scope.region) ? list : [scope.region, ...list]).map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </label>
      {valid ? null : <span class="field-error" role="status">An account id is 12 digits.</span>}
    </form>
    <CredentialsControl scope={scope} onChange={onChange} />
    </div>
  );
}

function Page({ route, scope }: { readonly route: string; readonly scope: Scope }): JSX.Element {
  if (route === '/path' || route.startsWith('/path?')) return <PathExplorer scope={scope} route={route} />;
  if (route === '/topology' || route.startsWith('/topology/') || route.startsWith('/topology?')) return <TopologyPage scope={scope} route={route} />;
  const parts = route.split('/').filter((p) => p !== '');
  const [section, id] = parts;
  if (section === 'endpoints' && id === 'create') return <CreateEndpoint scope={scope} />;
  if (section === 'endpoints' && id !== undefined) return <EndpointDetail scope={scope} id={decodeURIComponent(id)} />;
  if (section === 'route-tables' && id !== undefined) return <RouteTableDetail scope={scope} id={decodeURIComponent(id)} />;
  if (section === 'route-tables') return <RouteTablesList scope={scope} />;
  if (section === 'vpcs' && id !== undefined) return <VpcDetail scope={scope} id={decodeURIComponent(id)} />;
  if (section === 'vpcs') return <VpcsList scope={scope} />;
  if (section === 'security-groups' && id !== undefined) return <SecurityGroupDetail scope={scope} id={decodeURIComponent(id)} />;
  if (section === 'security-groups') return <SecurityGroupsList scope={scope} />;
  if (section === 'endpoint-services' && id === 'create') return <CreateEndpointService scope={scope} />;
  if (section === 'endpoint-services' && id !== undefined) return <EndpointServiceDetail scope={scope} id={decodeURIComponent(id)} />;
  if (section === 'endpoint-services') return <EndpointServicesList scope={scope} />;
  if (route === '/findings' || route.startsWith('/findings?')) return <Findings scope={scope} query={route.slice('/findings?'.length)} />;
  if (section === 'logs') return <Logs scope={scope} />;
  if (section === 'endpoints' || section === undefined) return <EndpointsList scope={scope} />;
  const resource = resourcePage(section, parts.slice(1).join('/'), scope);
  if (resource !== undefined) return resource;
  return <section><h1>Not found</h1><p>The console has no page '{route}'. <a href="#/endpoints">Endpoints</a></p></section>;
}

/** The resource kinds' list and detail pages (`#/<kind>`, `#/<kind>/<id>`); an ARN id may come URI-encoded or not. */
function resourcePage(section: string, rest: string, scope: Scope): JSX.Element | undefined {
  let id = rest;
  try { id = decodeURIComponent(rest); } catch { /* not URI-encoded: the id as written */ }
  const pages: Readonly<Record<string, readonly [(p: { scope: Scope }) => JSX.Element, (p: { scope: Scope; id: string }) => JSX.Element]>> = {
    'subnets': [SubnetsList, SubnetDetail],
    'internet-gateways': [InternetGatewaysList, InternetGatewayDetail],
    'nat-gateways': [NatGatewaysList, NatGatewayDetail],
    'vpn-gateways': [VpnGatewaysList, VpnGatewayDetail],
    'peering-connections': [PeeringConnectionsList, PeeringConnectionDetail],
    'network-acls': [NetworkAclsList, NetworkAclDetail],
    'network-interfaces': [NetworkInterfacesList, NetworkInterfaceDetail],
    'instances': [InstancesList, InstanceDetail],
    'prefix-lists': [PrefixListsList, PrefixListDetail],
    'load-balancers': [LoadBalancersList, LoadBalancerDetail],
    'target-groups': [TargetGroupsList, TargetGroupDetail],
  };
  const page = Object.hasOwn(pages, section) ? pages[section] : undefined;
  if (page === undefined) return undefined;
  const [List, Detail] = page;
  return id === '' ? <List scope={scope} /> : <Detail key={id} scope={scope} id={id} />;
}

function App(): JSX.Element {
  const route = useRoute();
  const [scope, setScope] = useState<Scope>(initialScope);
  useEffect(() => { rememberScope(scope); }, [scope]);
  const section = route.split(/[/?]/)[1] ?? 'endpoints';
  const nav = (href: string, name: string, key: string): JSX.Element => (
    <a href={href} aria-current={section === key ? 'page' : undefined}>{name}</a>
  );
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header class="top">
        <span class="brand">vpce console</span>
        <nav aria-label="Resources">
          {nav('#/endpoints', 'Endpoints', 'endpoints')}
          {nav('#/path', 'Path explorer', 'path')}
          {nav('#/findings', 'Findings', 'findings')}
          {nav('#/logs', 'Logs', 'logs')}
        </nav>
        <Pickers scope={scope} onChange={setScope} />
      </header>
      <ResourceNav section={section} />
      <main id="main" tabIndex={-1} key={`${scope.account}/${scope.region}/${scope.credentials?.accessKeyId ?? ''}`}>
        <Page route={route} scope={scope} />
      </main>
    </>
  );
}

const mount = document.getElementById('app');
if (mount !== null) {
  mount.textContent = '';
  render(<App />, mount);
}
