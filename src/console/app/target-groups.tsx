/**
 * @module Target groups (ELBv2): the list and a group's page: protocol, port, health check, the load balancers
 * using it, each target's health (DescribeTargetHealth), tags. Routes: `#/target-groups/<ARN, URI-encoded, or name>`.
 */
import type { JSX } from 'preact';
import { child, elbv2, elbv2All, members, text, type Scope } from './api.js';
import { DetailPage, one } from './detail.js';
import { elbv2TagWriter, elbv2Tags } from './elbv2-tags.js';
import { Ref } from './links.js';
import { targetGroupFrom, type TargetGroup } from './resource-model.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';
import { SortableTable, StateBadge } from './ui.js';

function lbName(arn: string): string {
  return arn.split('/').slice(-2, -1)[0] ?? arn;
}

export function TargetGroupsList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<TargetGroup> title="Target groups" slug="target-groups" deps={[scope.account, scope.region]}
      load={async () => (await elbv2All(scope, 'DescribeTargetGroups', 'TargetGroups')).map(targetGroupFrom)}
      rowKey={(t) => t.arn} initialSort="name" placeholder="name, protocol, VPC or load balancer"
      search={(t) => [t.name, t.arn, t.protocol, t.port, t.targetType, t.vpcId, ...t.loadBalancerArns.map(lbName)]}
      columns={[
        { key: 'name', title: 'Name', value: (t) => t.name, render: (t) => <Ref id={t.arn} label={t.name} /> },
        { key: 'protocol', title: 'Protocol', value: (t) => t.protocol },
        { key: 'port', title: 'Port', value: (t) => t.port },
        { key: 'type', title: 'Target type', value: (t) => t.targetType },
        { key: 'vpc', title: 'VPC', value: (t) => t.vpcId, render: (t) => <Ref id={t.vpcId} /> },
        { key: 'lbs', title: 'Load balancers', value: (t) => t.loadBalancerArns.map(lbName).join(', '),
          render: (t) => t.loadBalancerArns.length === 0 ? <span class="muted">none</span> : t.loadBalancerArns.map((a, i) => <span key={a}>{i > 0 ? ', ' : ''}<Ref id={a} label={lbName(a)} /></span>) },
      ]} />
  );
}

interface TargetHealth { readonly id: string; readonly port: string; readonly zone: string; readonly state: string; readonly reason: string; readonly description: string }

async function loadTg(scope: Scope, id: string) {
  const by = id.startsWith('arn:') ? { 'TargetGroupArns.member.1': id } : { 'Names.member.1': id };
  const tg = one((await elbv2All(scope, 'DescribeTargetGroups', 'TargetGroups', by)).map(targetGroupFrom), 'target group');
  const [health, tags] = await Promise.all([elbv2(scope, 'DescribeTargetHealth', { TargetGroupArn: tg.arn }), elbv2Tags(scope, tg.arn)]);
  return {
    tg, tags,
    targets: members(health, 'TargetHealthDescriptions').map((d): TargetHealth => {
      const t = child(d, 'Target');
      const h = child(d, 'TargetHealth');
      return { id: text(t, 'Id'), port: text(t, 'Port'), zone: text(t, 'AvailabilityZone'), state: text(h, 'State'), reason: text(h, 'Reason'), description: text(h, 'Description') };
    }),
  };
}

export function TargetGroupDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  return (
    <DetailPage scope={scope} slug="target-groups" listTitle="Target groups" id={id} heading={id.startsWith('arn:') ? lbName(id) : id}
      deps={[scope.account, scope.region, id]} load={() => loadTg(scope, id)}>
      {(d, reload) => (
        <>
          <dl class="facts">
            <dt>ARN</dt><dd><code>{d.tg.arn}</code></dd>
            <dt>Protocol and port</dt><dd>{d.tg.protocol} {d.tg.port}</dd>
            <dt>Target type</dt><dd>{d.tg.targetType}</dd>
            <dt>VPC</dt><dd><Ref id={d.tg.vpcId} /></dd>
            <dt>Health check</dt><dd>{d.tg.healthCheck}</dd>
            <dt>Load balancers</dt><dd>{d.tg.loadBalancerArns.length === 0 ? <span class="muted">none</span> : d.tg.loadBalancerArns.map((a, i) => <span key={a}>{i > 0 ? ', ' : ''}<Ref id={a} label={lbName(a)} /></span>)}</dd>
          </dl>
          <h2>Targets</h2>
          <SortableTable caption="Targets" rows={d.targets} rowKey={(t) => `${t.id}:${t.port}`} initialSort="id" columns={[
            { key: 'id', title: 'Target', value: (t) => t.id, render: (t) => <Ref id={t.id} /> },
            { key: 'port', title: 'Port', value: (t) => t.port },
            { key: 'zone', title: 'Zone', value: (t) => t.zone },
            { key: 'state', title: 'Health', value: (t) => t.state, render: (t) => <StateBadge state={t.state} /> },
            { key: 'reason', title: 'Reason', value: (t) => `${t.reason} ${t.description}`.trim() },
          ]} />
          <TagsEditor scope={scope} resourceId={d.tg.arn} tags={d.tags} onSaved={reload} write={elbv2TagWriter(scope, d.tg.arn)} />
        </>
      )}
    </DetailPage>
  );
}
