/**
 * @module The path explorer (`#/path?from=…&to=…&action=…&principal=…`): ask `POST /_vpce/explain` how a request
 * would go, and draw the answer on the topology of the VPC it starts in: each hop green where the flow went on and
 * red where it stopped, the deciding rule on hover and focus, the hop table and the policy decision beside it.
 * The question lives in the URL hash, so a copied link reopens the same drawing.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { child, describeAll, ec2, items, listParams, text, type Scope } from './api.js';
import { Diagram } from './diagram.js';
import { layoutGraph, startLayoutEngine } from './elk-layout.js';
import { deciderText, explainPath, stopped, type ExplainAnswer, type ExplainQuestion } from './explain-api.js';
import { navigate, useLoad } from './hooks.js';
import { loadTopology } from './topology-data.js';
import { buildTopologyGraph, withTrace, type Graph } from './topology-graph.js';
import { CopyButton, Show, prettyJson } from './ui.js';

const SOURCE_KINDS = [
  ['instance', 'Instance'], ['eni', 'Network interface'], ['subnet', 'Subnet'], ['internet', 'Internet'],
  ['vgw', 'VPN (virtual private gateway)'], ['dx', 'Direct Connect (virtual private gateway)'], ['pcx', 'Peering connection'],
] as const;
type SourceKind = (typeof SOURCE_KINDS)[number][0];

const DEST_KINDS = [['s3', 'S3 bucket / key'], ['dynamodb', 'DynamoDB table'], ['host', 'Hostname or URL'], ['ip', 'IP address and port']] as const;
type DestKind = (typeof DEST_KINDS)[number][0];

interface Form {
  sourceKind: SourceKind; sourceId: string; sourceIp: string;
  destKind: DestKind; bucket: string; key: string; table: string; host: string; ip: string; port: string; protocol: string;
  action: string; principal: string;
}

const EMPTY: Form = {
  sourceKind: 'instance', sourceId: '', sourceIp: '', destKind: 's3', bucket: '', key: '', table: '', host: '', ip: '', port: '443',
  protocol: 'tcp', action: '', principal: '',
};

/** The question in a route's query (`from`, `to`, `action`, `principal`), or undefined when it has none. */
export function questionOf(query: string): ExplainQuestion | undefined {
  const q = new URLSearchParams(query);
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  if (from === '' || to === '') return undefined;
  return { from, to, ...(q.get('action') ? { action: q.get('action') ?? '' } : {}), ...(q.get('principal') ? { principal: q.get('principal') ?? '' } : {}) };
}

export function pathRoute(q: ExplainQuestion): string {
  const p = new URLSearchParams({ from: q.from, to: q.to });
  if (q.action) p.set('action', q.action);
  if (q.principal) p.set('principal', q.principal);
  return `/path?${p.toString()}`;
}

/** The `from` and `to` strings `vpce explain` takes, composed from the form's fields. */
function compose(f: Form): ExplainQuestion {
  const at = f.sourceIp.trim() ? `@${f.sourceIp.trim()}` : '';
  const id = f.sourceId.trim();
  const from = f.sourceKind === 'internet' ? `internet${at}` : f.sourceKind === 'dx' ? `dx:${id}${at}` : `${id}${f.sourceKind === 'instance' || f.sourceKind === 'eni' ? '' : at}`;
  const to = f.destKind === 's3' ? `s3://${f.bucket.trim()}${f.key.trim() ? `/${f.key.trim().replace(/^\//, '')}` : ''}`
    : f.destKind === 'dynamodb' ? `dynamodb://${f.table.trim()}`
      : f.destKind === 'host' ? f.host.trim()
        : `${f.ip.trim()}:${f.port.trim()}/${f.protocol}`;
  return { from, to, ...(f.action.trim() ? { action: f.action.trim() } : {}), ...(f.principal.trim() ? { principal: f.principal.trim() } : {}) };
}

/** The form's fields back from a question (a reopened link). */
function decompose(q: ExplainQuestion | undefined): Form {
  if (q === undefined) return EMPTY;
  const [src = '', ip = ''] = q.from.split('@');
  const sourceKind: SourceKind = src === 'internet' ? 'internet' : src.startsWith('dx:') ? 'dx' : src.startsWith('i-') ? 'instance'
    : src.startsWith('eni-') ? 'eni' : src.startsWith('subnet-') ? 'subnet' : src.startsWith('vgw-') ? 'vgw' : src.startsWith('pcx-') ? 'pcx' : 'instance';
  const f: Form = { ...EMPTY, sourceKind, sourceId: src === 'internet' ? '' : src.replace(/^dx:/, ''), sourceIp: ip, action: q.action ?? '', principal: q.principal ?? '' };
  const s3 = /^s3:\/\/([^/]*)\/?(.*)$/.exec(q.to);
  const ddb = /^dynamodb:\/\/(.*)$/.exec(q.to);
  const ipPort = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)\/(tcp|udp|icmp)$/.exec(q.to);
  if (s3) return { ...f, destKind: 's3', bucket: s3[1] ?? '', key: s3[2] ?? '' };
  if (ddb) return { ...f, destKind: 'dynamodb', table: ddb[1] ?? '' };
  if (ipPort) return { ...f, destKind: 'ip', ip: ipPort[1] ?? '', port: ipPort[2] ?? '', protocol: ipPort[3] ?? 'tcp' };
  return { ...f, destKind: 'host', host: q.to };
}

/** Ids to offer for each kind of source, from the API. */
async function sourceChoices(scope: Scope): Promise<Record<SourceKind, string[]>> {
  const [reservations, enis, subnets, vgws, pcxs] = await Promise.all([
    describeAll(scope, 'DescribeInstances', 'reservationSet'),
    describeAll(scope, 'DescribeNetworkInterfaces', 'networkInterfaceSet'),
    describeAll(scope, 'DescribeSubnets', 'subnetSet'),
    describeAll(scope, 'DescribeVpnGateways', 'vpnGatewaySet'),
    describeAll(scope, 'DescribeVpcPeeringConnections', 'vpcPeeringConnectionSet'),
  ]);
  const vgwIds = vgws.map((v) => text(v, 'vpnGatewayId'));
  return {
    instance: reservations.flatMap((r) => items(r, 'instancesSet')).filter((i) => text(child(i, 'instanceState'), 'name') !== 'terminated').map((i) => text(i, 'instanceId')),
    eni: enis.map((e) => text(e, 'networkInterfaceId')),
    subnet: subnets.map((s) => text(s, 'subnetId')),
    internet: [],
    vgw: vgwIds,
    dx: vgwIds,
    pcx: pcxs.map((p) => text(p, 'vpcPeeringConnectionId')),
  };
}

/** How to find the VPC of a resource a step names: the Describe call, its id parameter, and where the answer says. */
const VPC_OF: readonly (readonly [RegExp, string, string, (root: Element) => string])[] = [
  [/^rtb-/, 'DescribeRouteTables', 'RouteTableId', (r) => text(items(r, 'routeTableSet')[0], 'vpcId')],
  [/^subnet-/, 'DescribeSubnets', 'SubnetId', (r) => text(items(r, 'subnetSet')[0], 'vpcId')],
  [/^eni-/, 'DescribeNetworkInterfaces', 'NetworkInterfaceId', (r) => text(items(r, 'networkInterfaceSet')[0], 'vpcId')],
  [/^vpce-/, 'DescribeVpcEndpoints', 'VpcEndpointId', (r) => text(items(r, 'vpcEndpointSet')[0], 'vpcId')],
  [/^acl-/, 'DescribeNetworkAcls', 'NetworkAclId', (r) => text(items(r, 'networkAclSet')[0], 'vpcId')],
  [/^igw-/, 'DescribeInternetGateways', 'InternetGatewayId', (r) => text(items(items(r, 'internetGatewaySet')[0], 'attachmentSet')[0], 'vpcId')],
  [/^vgw-/, 'DescribeVpnGateways', 'VpnGatewayId', (r) => text(items(items(r, 'vpnGatewaySet')[0], 'attachments')[0], 'vpcId')],
  // A flow from a peering connection enters one of its VPCs; both are drawn (the topology includes peers).
  [/^pcx-/, 'DescribeVpcPeeringConnections', 'VpcPeeringConnectionId', (r) => text(child(items(r, 'vpcPeeringConnectionSet')[0], 'accepterVpcInfo'), 'vpcId')],
];

/** The VPC to draw the path on: the first VPC a step names (itself, or through the resource it names). */
async function vpcOfPath(scope: Scope, a: ExplainAnswer): Promise<string | undefined> {
  for (const s of a.trace.steps) {
    if (s.resourceId.startsWith('vpc-')) return s.resourceId;
    const eni = s.decidedBy['networkInterfaceId'];
    for (const id of [s.resourceId.replace(/^dx:/, ''), typeof eni === 'string' ? eni : '']) {
      const l = VPC_OF.find(([re]) => re.test(id));
      if (l === undefined) continue;
      const vpc = l[3](await ec2(scope, l[1], listParams(l[2], [id])));
      if (vpc !== '') return vpc;
    }
  }
  return undefined;
}

/** Instances and interfaces a trace passes, to draw even when the topology leaves instances out. */
function namedInPath(a: ExplainAnswer): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown): void => { if (typeof v === 'string' && /^(i|eni)-/.test(v)) out.add(v); };
  for (const s of a.trace.steps) { add(s.resourceId); add(s.decidedBy['instanceId']); add(s.decidedBy['networkInterfaceId']); }
  add(a.trace.disposition['networkInterfaceId']);
  const to = a.trace.disposition['to'] as Record<string, unknown> | undefined;
  if (to !== undefined) { add(to['instanceId']); add(to['networkInterfaceId']); }
  return out;
}

async function explainAndDraw(scope: Scope, q: ExplainQuestion) {
  startLayoutEngine();
  const answer = await explainPath(scope, q);
  const vpcId = await vpcOfPath(scope, answer);
  const data = vpcId === undefined ? undefined : await loadTopology(scope, vpcId, { peers: true, instances: false, alsoShow: namedInPath(answer) });
  const base: Graph = data === undefined ? { nodes: [], edges: [], marks: new Map(), aliases: new Map() } : buildTopologyGraph(data);
  const graph = withTrace(base, answer);
  return { answer, vpcId, graph, layout: await layoutGraph(graph) };
}

function PathForm({ scope, question }: { readonly scope: Scope; readonly question: ExplainQuestion | undefined }): JSX.Element {
  const [f, setF] = useState<Form>(() => decompose(question));
  const [choices] = useLoad(() => sourceChoices(scope), [scope.account, scope.region]);
  const set = <K extends keyof Form>(k: K) => (e: { currentTarget: { value: string } }): void => setF((x) => ({ ...x, [k]: e.currentTarget.value }));
  const ids = choices.state === 'ok' ? choices.value[f.sourceKind] : [];
  const needsId = f.sourceKind !== 'internet';
  const takesIp = f.sourceKind !== 'instance' && f.sourceKind !== 'eni';
  return (
    <form class="path-form" aria-label="Path question" onSubmit={(e) => { e.preventDefault(); navigate(pathRoute(compose(f))); }}>
      <fieldset>
        <legend>Source</legend>
        <label>Kind
          <select name="source-kind" value={f.sourceKind} onChange={set('sourceKind')}>
            {SOURCE_KINDS.map(([k, name]) => <option key={k} value={k}>{name}</option>)}
          </select>
        </label>
        {needsId ? (
          <label>Id
            <input type="text" name="source-id" list="path-source-ids" value={f.sourceId} required placeholder={f.sourceKind === 'dx' ? 'vgw-…' : `${f.sourceKind === 'instance' ? 'i' : f.sourceKind}-…`} onInput={set('sourceId')} />
          </label>
        ) : null}
        <datalist id="path-source-ids">{ids.map((id) => <option key={id} value={id} />)}</datalist>
        {takesIp ? (
          <label>Source IP (optional)
            <input type="text" name="source-ip" value={f.sourceIp} placeholder={f.sourceKind === 'internet' ? '198.51.100.10' : ''} onInput={set('sourceIp')} />
          </label>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>Destination</legend>
        <label>Kind
          <select name="dest-kind" value={f.destKind} onChange={set('destKind')}>
            {DEST_KINDS.map(([k, name]) => <option key={k} value={k}>{name}</option>)}
          </select>
        </label>
        {f.destKind === 's3' ? <>
          <label>Bucket<input type="text" name="bucket" required value={f.bucket} onInput={set('bucket')} /></label>
          <label>Key (optional)<input type="text" name="key" value={f.key} onInput={set('key')} /></label>
        </> : f.destKind === 'dynamodb' ? (
          <label>Table<input type="text" name="table" required value={f.table} onInput={set('table')} /></label>
        ) : f.destKind === 'host' ? (
          <label>Hostname or URL<input type="text" name="host" required value={f.host} placeholder="example.com:443, or an https:// URL" onInput={set('host')} /></label>
        ) : <>
          <label>IP address<input type="text" name="ip" required value={f.ip} onInput={set('ip')} /></label>
          <label>Port<input type="text" name="port" inputMode="numeric" required value={f.port} size={6} onInput={set('port')} /></label>
          <label>Protocol
            <select name="protocol" value={f.protocol} onChange={set('protocol')}>{['tcp', 'udp', 'icmp'].map((p) => <option key={p} value={p}>{p}</option>)}</select>
          </label>
        </>}
      </fieldset>
      <fieldset>
        <legend>Request (optional)</legend>
        <label>Action<input type="text" name="action" value={f.action} placeholder="s3:GetObject" onInput={set('action')} /></label>
        <label>Principal<input type="text" name="principal" value={f.principal} placeholder="arn:aws:iam::…:role/…" onInput={set('principal')} /></label>
      </fieldset>
      <button type="submit" class="primary">Explain path</button>
    </form>
  );
}

function Outcome({ a }: { readonly a: ExplainAnswer }): JSX.Element {
  const policy = a.trace.policy;
  const reason = a.trace.disposition['reason'];
  const words = a.allowed ? 'Allowed: the request arrives and is allowed'
    : a.delivered || a.outcome === 'deniedByPolicy' ? `Denied by policy (${policy?.decision.decision ?? 'deny'})`
      : `Stopped: ${a.outcome}${a.trace.code ? ` (${a.trace.code})` : ''}`;
  return (
    <div class={`outcome ${a.allowed ? 'good' : 'bad'}`} role="status">
      <span>{words}</span>
      {typeof reason === 'string' && reason !== '' ? <span class="muted">{reason}</span> : null}
    </div>
  );
}

function HopTable({ a, focus }: { readonly a: ExplainAnswer; readonly focus: ReadonlySet<number> }): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="hops">
        <caption class="visually-hidden">Hops of the path</caption>
        <thead><tr><th scope="col">#</th><th scope="col">Step</th><th scope="col">Resource</th><th scope="col">Verdict</th><th scope="col">Decided by</th></tr></thead>
        <tbody>
          {a.trace.steps.map((s, i) => (
            <tr key={i} class={stopped(s) ? 'hop-stop' : focus.has(i + 1) ? 'hop-focus' : ''} title={s.note}>
              <td>{i + 1}</td>
              <td>{s.kind}{s.direction ? ` ${s.direction}` : ''}{s.path === 'return' ? ' (return)' : ''}</td>
              <td><code>{s.resourceId}</code></td>
              <td class={stopped(s) ? 'verdict-stop' : 'verdict-pass'}>{s.verdict}{s.code ? ` ${s.code}` : ''}</td>
              <td>{deciderText(s.decidedBy)}<div class="muted">{s.note}</div></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PolicyDecision({ a }: { readonly a: ExplainAnswer }): JSX.Element | null {
  const p = a.trace.policy;
  if (p === undefined) return null;
  return (
    <section class="card policy-decision" aria-labelledby="policy-title">
      <h2 id="policy-title">Policy decision: <span class={p.decision.decision === 'Allow' ? 'verdict-pass' : 'verdict-stop'}>{p.decision.decision}</span></h2>
      <dl class="facts">
        <dt>Principal</dt><dd>{p.principal.arn} <span class="muted">({a.principal.source})</span></dd>
        <dt>Action</dt><dd>{p.action}</dd>
        <dt>Resource</dt><dd>{p.resource}</dd>
        {p.decidedBy ? <><dt>Decided by</dt><dd>{p.decidedBy}</dd></> : null}
      </dl>
      <h3>Reasons</h3>
      <ul class="reasons">{p.decision.reasons.map((r, i) => <li key={i}><span class="muted">{r.kind}:</span> {r.why}</li>)}</ul>
      {p.endpoint ? (
        <details>
          <summary>Endpoint policy of {p.endpoint.vpcEndpointId}{p.endpoint.defaulted ? ' (default, full access)' : ''}</summary>
          <pre class="policy">{prettyJson(p.endpoint.policyDocument)}</pre>
        </details>
      ) : null}
    </section>
  );
}

function PathResult({ scope, q }: { readonly scope: Scope; readonly q: ExplainQuestion }): JSX.Element {
  const [data, reload] = useLoad(() => explainAndDraw(scope, q), [scope.account, scope.region, q.from, q.to, q.action, q.principal]);
  // The latest of pointer and keyboard wins: tabbing to a hop shows it even while the pointer rests on another.
  const [hovered, setHovered] = useState<string | undefined>(undefined);
  const [keyed, setKeyed] = useState<string | undefined>(undefined);
  const [byKeyboard, setByKeyboard] = useState(false);
  const focused = byKeyboard ? keyed ?? hovered : hovered ?? keyed;
  const onFocusNode = (id: string | undefined): void => { setKeyed(id); setByKeyboard(true); };
  const onHoverNode = (id: string | undefined): void => { setHovered(id); setByKeyboard(false); };
  return (
    <Show data={data}>{(r) => {
      const mark = focused === undefined ? undefined : r.graph.marks.get(focused);
      return (
        <>
          <div class="page-head">
            <Outcome a={r.answer} />
            <div class="actions">
              <span class="muted">Link to this path</span><CopyButton value={location.href} label="link to this path" />
              <button type="button" onClick={reload}>Explain again</button>
            </div>
          </div>
          <Diagram graph={r.graph} layout={r.layout} label={`Path from ${q.from} to ${q.to}${r.vpcId ? ` on ${r.vpcId}` : ''}`} onFocusNode={onFocusNode} onHoverNode={onHoverNode} />
          <div class="hop-detail" aria-live="polite">{mark?.title ?? (focused ? r.graph.nodes.find((n) => n.id === focused)?.title : 'Point at or tab to a hop to see the rule that decided it.')}</div>
          <div class="path-layout">
            <div>
              <h2>Hops</h2>
              <HopTable a={r.answer} focus={new Set(mark?.steps ?? [])} />
            </div>
            <PolicyDecision a={r.answer} />
          </div>
        </>
      );
    }}</Show>
  );
}

export function PathExplorer({ scope, route }: { readonly scope: Scope; readonly route: string }): JSX.Element {
  const query = route.includes('?') ? route.slice(route.indexOf('?') + 1) : '';
  const q = questionOf(query);
  return (
    <section aria-labelledby="path-title">
      <h1 id="path-title">Path explorer</h1>
      <p class="muted">How would a request go? vpce traces it (<code>POST /_vpce/explain</code>, the same answer as <code>vpce explain</code>) and draws it on the VPC.</p>
      <PathForm key={query} scope={scope} question={q} />
      {q === undefined ? null : <PathResult scope={scope} q={q} />}
    </section>
  );
}
