/** @module Unit tests of the change-set reader: call lists in the CLI's JSON form, and Terraform plans turned into the EC2 calls the provider makes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { operationName, parseChangeSet } from './change-set.js';

const plan = (...rcs: object[]) => ({ format_version: '1.2', resource_changes: rcs });

describe('change sets', () => {
  it('operation names in every spelling the CLI and API use', () => {
    for (const s of ['create-route', 'ec2 create-route', 'aws ec2 create-route', 'CreateRoute']) assert.equal(operationName(s), 'CreateRoute');
    assert.equal(operationName('s3api put-object'), undefined);
    assert.equal(operationName('create route'), undefined);
  });

  it('a single call, a list, and {changes: [...]} are one form', () => {
    const one = parseChangeSet({ operation: 'delete-route', input: { RouteTableId: 'rtb-1' } });
    const list = parseChangeSet([{ command: 'ec2 delete-route', input: { RouteTableId: 'rtb-1' } }]);
    const wrapped = parseChangeSet({ changes: [{ operation: 'DeleteRoute', input: { RouteTableId: 'rtb-1' } }] });
    for (const r of [one, list, wrapped]) {
      assert.ok(r.ok);
      assert.deepEqual(r.changes, [{ operation: 'DeleteRoute', input: { RouteTableId: 'rtb-1' }, origin: 'changes[0]' }]);
    }
  });

  it('refuses what is not a call, saying the expected form', () => {
    assert.match((parseChangeSet(42) as { error: string }).error, /Terraform plan/);
    assert.match((parseChangeSet([{ input: {} }]) as { error: string }).error, /needs "operation"/);
    assert.match((parseChangeSet([{ operation: 'x y z w' }]) as { error: string }).error, /not an EC2 operation name/);
    assert.match((parseChangeSet([{ operation: 'create-route', input: [] }]) as { error: string }).error, /input must be an object/);
  });

  it('Terraform: a route create, update and delete are CreateRoute, ReplaceRoute, DeleteRoute', () => {
    const r = parseChangeSet(plan(
      { address: 'aws_route.a', type: 'aws_route', change: { actions: ['create'], after: { route_table_id: 'rtb-1', destination_cidr_block: '0.0.0.0/0', gateway_id: 'igw-1', nat_gateway_id: '' } } },
      { address: 'aws_route.b', type: 'aws_route', change: { actions: ['update'], before: { route_table_id: 'rtb-1', destination_cidr_block: '10.1.0.0/16', gateway_id: 'igw-1' }, after: { route_table_id: 'rtb-1', destination_cidr_block: '10.1.0.0/16', nat_gateway_id: 'nat-1' } } },
      { address: 'aws_route.c', type: 'aws_route', change: { actions: ['delete'], before: { route_table_id: 'rtb-1', destination_prefix_list_id: 'pl-1', vpc_endpoint_id: 'vpce-1' }, after: null } },
    ));
    assert.ok(r.ok);
    assert.deepEqual(r.changes.map((c) => [c.origin, c.operation, c.input]), [
      ['aws_route.a', 'CreateRoute', { RouteTableId: 'rtb-1', DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }],
      ['aws_route.b', 'ReplaceRoute', { RouteTableId: 'rtb-1', DestinationCidrBlock: '10.1.0.0/16', NatGatewayId: 'nat-1' }],
      ['aws_route.c', 'DeleteRoute', { RouteTableId: 'rtb-1', DestinationPrefixListId: 'pl-1' }],
    ]);
  });

  it('Terraform: an endpoint update is one ModifyVpcEndpoint with the route table and policy differences; a replacement is delete then create', () => {
    const r = parseChangeSet(plan(
      { address: 'aws_vpc_endpoint.s3', type: 'aws_vpc_endpoint', change: { actions: ['update'], before: { id: 'vpce-1', route_table_ids: ['rtb-1', 'rtb-2'], policy: 'A' }, after: { id: 'vpce-1', route_table_ids: ['rtb-2', 'rtb-3'], policy: 'B' } } },
      { address: 'aws_network_acl_rule.r', type: 'aws_network_acl_rule', change: { actions: ['delete', 'create'], before: { network_acl_id: 'acl-1', rule_number: 100, egress: true }, after: { network_acl_id: 'acl-1', rule_number: 100, egress: true, protocol: 'tcp', rule_action: 'deny', cidr_block: '0.0.0.0/0', from_port: 443, to_port: 443 } } },
    ));
    assert.ok(r.ok);
    assert.deepEqual(r.changes.map((c) => [c.operation, c.input]), [
      ['ModifyVpcEndpoint', { VpcEndpointId: 'vpce-1', AddRouteTableIds: ['rtb-3'], RemoveRouteTableIds: ['rtb-1'], PolicyDocument: 'B' }],
      ['DeleteNetworkAclEntry', { NetworkAclId: 'acl-1', RuleNumber: 100, Egress: true }],
      ['CreateNetworkAclEntry', { NetworkAclId: 'acl-1', RuleNumber: 100, Egress: true, Protocol: 'tcp', RuleAction: 'deny', CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } }],
    ]);
  });

  it('Terraform: security group rules of both resource styles', () => {
    const r = parseChangeSet(plan(
      { address: 'aws_security_group_rule.e', type: 'aws_security_group_rule', change: { actions: ['create'], after: { type: 'egress', security_group_id: 'sg-1', protocol: 'tcp', from_port: 443, to_port: 443, prefix_list_ids: ['pl-1'] } } },
      { address: 'aws_vpc_security_group_ingress_rule.i', type: 'aws_vpc_security_group_ingress_rule', change: { actions: ['delete'], before: { id: 'sgr-1', security_group_id: 'sg-1' }, after: null } },
    ));
    assert.ok(r.ok);
    assert.deepEqual(r.changes.map((c) => [c.operation, c.input]), [
      ['AuthorizeSecurityGroupEgress', { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-1' }] }] }],
      ['RevokeSecurityGroupIngress', { GroupId: 'sg-1', SecurityGroupRuleIds: ['sgr-1'] }],
    ]);
  });

  it('Terraform: data sources and no-ops are ignored; unknown values the call needs and unmodelled types are skipped with why', () => {
    const r = parseChangeSet(plan(
      { address: 'data.aws_vpc.x', mode: 'data', type: 'aws_vpc', change: { actions: ['read'] } },
      { address: 'aws_vpc.x', type: 'aws_vpc', change: { actions: ['no-op'] } },
      { address: 'aws_vpc.y', type: 'aws_vpc', change: { actions: ['create'], after: {} } },
      { address: 'aws_route.z', type: 'aws_route', change: { actions: ['create'], after: { route_table_id: 'rtb-1' }, after_unknown: { id: true, vpc_endpoint_id: true } } },
      { address: 'aws_vpc_endpoint.e', type: 'aws_vpc_endpoint', change: { actions: ['create'], after: { vpc_id: 'vpc-1', service_name: 'com.amazonaws.us-east-1.s3' }, after_unknown: { id: true, arn: true, dns_entry: true } } },
    ));
    assert.ok(r.ok);
    assert.deepEqual(r.skipped.map((s) => s.origin), ['aws_vpc.y', 'aws_route.z']);
    assert.match(r.skipped[1]!.reason, /depends on vpc_endpoint_id/);
    assert.deepEqual(r.changes.map((c) => c.operation), ['CreateVpcEndpoint']);
  });
});
