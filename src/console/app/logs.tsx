/**
 * @module Logs: the chosen account's VPC flow log records or API events from `GET /_vpce/logs`, filtered by VPC,
 * interface, instance, action and decision, with a live tail that polls with the cursor each answer gives and
 * appends what was written since.
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeAll, items, text, type Scope } from './api.js';
import { useLoad } from './hooks.js';
import { ResourceLink } from './findings.js';
import { ErrorBox } from './ui.js';
import { vpceGet } from './vpce-api.js';

interface FlowRecord {
  readonly vpcId: string; readonly interfaceId: string; readonly srcAddr: string; readonly dstAddr: string; readonly srcPort: number;
  readonly dstPort: number; readonly protocol: number; readonly packets: number; readonly bytes: number; readonly start: number; readonly action: string;
}
interface ApiEvent {
  readonly eventTime?: string; readonly eventSource?: string; readonly eventName?: string | null; readonly errorCode?: string; readonly errorMessage?: string;
  readonly sourceIPAddress?: string; readonly vpceSource?: string; readonly vpcEndpointId?: string; readonly userIdentity?: { readonly arn?: string };
  readonly requestID?: string; readonly eventID?: string; readonly vpceNetwork?: { readonly delivered?: boolean; readonly disposition?: string };
}
interface Page<T> { readonly records: readonly T[]; readonly cursor: string; readonly more: boolean }

type Kind = 'flow' | 'api';
const LIMIT = '200';
/** Rows kept on screen while tailing; older ones scroll away. */
const KEEP = 2000;
const POLL_MS = 1000;

const PROTOCOLS: Readonly<Record<number, string>> = { 6: 'TCP', 17: 'UDP', 1: 'ICMP' };

interface Filters { readonly vpc: string; readonly iface: string; readonly instance: string; readonly action: string; readonly decision: string }
const NONE: Filters = { vpc: '', iface: '', instance: '', action: '', decision: '' };

function queryOf(kind: Kind, scope: Scope, f: Filters): Record<string, string> {
  const q: Record<string, string> = { kind, limit: LIMIT };
  q['region'] = scope.region;
  if (f.vpc !== '') q['vpc'] = f.vpc;
  if (f.iface !== '') q['interface'] = f.iface;
  if (f.instance !== '') q['instance'] = f.instance;
  if (kind === 'api' && f.action !== '') q['action'] = f.action;
  if (f.decision !== '') q['decision'] = f.decision;
  return q;
}

export function Logs({ scope }: { readonly scope: Scope }): JSX.Element {
  const [kind, setKind] = useState<Kind>('flow');
  const [draft, setDraft] = useState<Filters>(NONE);
  const [filters, setFilters] = useState<Filters>(NONE);
  const [rows, setRows] = useState<readonly unknown[]>([]);
  const [state, setState] = useState<'loading' | 'ok'>('loading');
  const [error, setError] = useState<Error | undefined>(undefined);
  const [tail, setTail] = useState(false);
  const cursor = useRef('');
  const generation = useRef(0);

  // A new kind or filter set: load the newest records and the cursor after them.
  useEffect(() => {
    const gen = ++generation.current;
    setState('loading');
    setError(undefined);
    vpceGet<Page<unknown>>(scope, '/_vpce/logs', queryOf(kind, scope, filters)).then(
      (p) => { if (gen === generation.current) { cursor.current = p.cursor; setRows(p.records); setState('ok'); } },
      (e: unknown) => { if (gen === generation.current) { setError(e as Error); setRows([]); setState('ok'); } },
    );
  }, [kind, filters, scope.account, scope.region]);

  // Live tail: ask for what was written after the cursor, append it, and go on from the new cursor.
  useEffect(() => {
    if (!tail || state !== 'ok') return undefined;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gen = generation.current;
    const poll = (): void => {
      vpceGet<Page<unknown>>(scope, '/_vpce/logs', { ...queryOf(kind, scope, filters), cursor: cursor.current }).then(
        (p) => {
          if (!live || gen !== generation.current) return;
          cursor.current = p.cursor;
          if (p.records.length > 0) setRows((old) => [...old, ...p.records].slice(-KEEP));
          timer = setTimeout(poll, p.more ? 0 : POLL_MS);
        },
        (e: unknown) => { if (live) { setError(e as Error); setTail(false); } },
      );
    };
    timer = setTimeout(poll, POLL_MS);
    return () => { live = false; if (timer !== undefined) clearTimeout(timer); };
  }, [tail, state, kind, filters, scope.account, scope.region]);

  // Suggestions for the id filters: the account's VPCs and instances in the Region.
  const [known] = useLoad(async () => {
    const [vpcs, reservations] = await Promise.all([
      describeAll(scope, 'DescribeVpcs', 'vpcSet'),
      describeAll(scope, 'DescribeInstances', 'reservationSet'),
    ]);
    return {
      vpcs: vpcs.map((v) => text(v, 'vpcId')),
      instances: reservations.flatMap((r) => items(r, 'instancesSet')).map((i) => text(i, 'instanceId')),
    };
  }, [scope.account, scope.region]);
  const set = (k: keyof Filters) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }): void => setDraft({ ...draft, [k]: e.currentTarget.value.trim() });
  return (
    <section aria-labelledby="logs-title">
      <div class="page-head">
        <h1 id="logs-title">Logs</h1>
        <div class="actions">
          <label class="choice"><input type="checkbox" name="live-tail" checked={tail} onChange={(e) => setTail(e.currentTarget.checked)} /> Live tail</label>
        </div>
      </div>
      <div class="filters" role="radiogroup" aria-label="Log">
        <label class="choice"><input type="radio" name="kind" checked={kind === 'flow'} onChange={() => { setKind('flow'); setDraft({ ...draft, action: '', decision: '' }); setFilters({ ...filters, action: '', decision: '' }); }} /> VPC flow logs</label>
        <label class="choice"><input type="radio" name="kind" checked={kind === 'api'} onChange={() => { setKind('api'); setDraft({ ...draft, decision: '' }); setFilters({ ...filters, decision: '' }); }} /> API log</label>
      </div>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); setFilters(draft); }}>
        <label>VPC<input type="text" name="vpc" value={draft.vpc} placeholder="vpc-…" list="log-vpcs" onInput={set('vpc')} /></label>
        <label>Interface<input type="text" name="interface" value={draft.iface} placeholder="eni-…" onInput={set('iface')} /></label>
        <label>Instance<input type="text" name="instance" value={draft.instance} placeholder="i-…" list="log-instances" onInput={set('instance')} /></label>
        <datalist id="log-vpcs">{known.state === 'ok' ? known.value.vpcs.map((v) => <option key={v} value={v} />) : null}</datalist>
        <datalist id="log-instances">{known.state === 'ok' ? known.value.instances.map((v) => <option key={v} value={v} />) : null}</datalist>
        {kind === 'api' ? <label>Action<input type="text" name="action" value={draft.action} placeholder="GetObject" onInput={set('action')} /></label> : null}
        <label>Decision
          <select name="decision" value={draft.decision} onChange={set('decision')}>
            <option value="">Any</option>
            {kind === 'flow'
              ? <><option value="ACCEPT">ACCEPT</option><option value="REJECT">REJECT</option></>
              : <><option value="allowed">allowed</option><option value="denied">denied</option></>}
          </select>
        </label>
        <button type="submit">Apply filters</button>
      </form>
      {error !== undefined ? <ErrorBox error={error} /> : null}
      {state === 'loading' ? <p class="muted" aria-busy="true">Loading…</p> : (
        <>
          <p class="muted" aria-live="polite">{rows.length} record{rows.length === 1 ? '' : 's'}{tail ? ', tailing' : ''}</p>
          {kind === 'flow' ? <FlowTable rows={rows as readonly FlowRecord[]} /> : <ApiTable rows={rows as readonly ApiEvent[]} />}
        </>
      )}
    </section>
  );
}

function time(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function FlowTable({ rows }: { readonly rows: readonly FlowRecord[] }): JSX.Element {
  return (
    <div class="table-wrap"><table class="log-table">
      <caption class="visually-hidden">VPC flow log records</caption>
      <thead><tr>{['Start', 'VPC', 'Interface', 'Source', 'Destination', 'Protocol', 'Packets', 'Bytes', 'Action'].map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
      <tbody>
        {rows.length === 0 ? <tr><td colSpan={9} class="muted">No records.</td></tr> : rows.map((r, i) => (
          <tr key={i} data-action={r.action}>
            <td>{time(r.start)}</td><td><ResourceLink id={r.vpcId} /></td><td><ResourceLink id={r.interfaceId} /></td>
            <td><code>{r.srcAddr}:{r.srcPort}</code></td><td><code>{r.dstAddr}:{r.dstPort}</code></td>
            <td>{PROTOCOLS[r.protocol] ?? r.protocol}</td><td>{r.packets}</td><td>{r.bytes}</td>
            <td><span class={`badge ${r.action === 'ACCEPT' ? 'good' : 'bad'}`}>{r.action}</span></td>
          </tr>
        ))}
      </tbody>
    </table></div>
  );
}

function outcome(e: ApiEvent): string {
  if (e.vpceNetwork?.delivered === false) return `not delivered (${e.vpceNetwork.disposition ?? '?'})`;
  return e.errorCode ?? 'OK';
}

function ApiTable({ rows }: { readonly rows: readonly ApiEvent[] }): JSX.Element {
  return (
    <div class="table-wrap"><table class="log-table">
      <caption class="visually-hidden">API events</caption>
      <thead><tr>{['Time', 'Source', 'Principal', 'Action', 'Outcome'].map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
      <tbody>
        {rows.length === 0 ? <tr><td colSpan={5} class="muted">No events.</td></tr> : rows.map((e, i) => (
          <tr key={e.eventID ?? i} data-outcome={outcome(e)}>
            <td>{(e.eventTime ?? '').replace('T', ' ').replace(/Z$/, ' UTC')}</td>
            <td>{e.vpceSource !== undefined ? <><ResourceLink id={e.vpceSource} /> </> : null}<code>{e.sourceIPAddress ?? ''}</code>{e.vpcEndpointId !== undefined ? <> via <ResourceLink id={e.vpcEndpointId} /></> : null}</td>
            <td><code>{e.userIdentity?.arn ?? ''}</code></td>
            <td>{(e.eventSource ?? '').replace(/\.amazonaws\.com$/, '')}:{e.eventName ?? '-'}</td>
            <td title={e.errorMessage ?? ''}>{outcome(e) === 'OK' ? <span class="badge good">OK</span> : <span class="badge bad">{outcome(e)}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table></div>
  );
}
