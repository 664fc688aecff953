/**
 * @module Connection notifications of endpoint services and interface endpoints over the SDK: create (ClientToken,
 * validation), describe (id, every documented filter, paging), modify, delete (per-item failures), and their removal
 * with the service or endpoint they watch. Every error code the operations emit is exercised.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, CreateVpcEndpointConnectionNotificationCommand,
  CreateVpcEndpointServiceConfigurationCommand, DeleteVpcEndpointConnectionNotificationsCommand, DeleteVpcEndpointsCommand,
  DeleteVpcEndpointServiceConfigurationsCommand, DescribeVpcEndpointConnectionNotificationsCommand,
  ModifyVpcEndpointConnectionNotificationCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { rejectsWith, startHarness, type Harness } from './harness.js';

const OWNER = '616161616161';
const TOPIC = `arn:aws:sns:us-east-1:${OWNER}:endpoint-events`;

let h: Harness;
let ec2: EC2Client;
let nlbArn: string;
let serviceId: string;
let interfaceEndpoint: string;
let gatewayEndpoint: string;
let vpcId: string;
let subnetB: string;

async function newService(): Promise<string> {
  return (await ec2.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [nlbArn], AcceptanceRequired: true }))).ServiceConfiguration!.ServiceId!;
}

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(OWNER);
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))).Vpc!.VpcId!;
  const a = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.70.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  subnetB = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.70.2.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!.SubnetId!;
  nlbArn = (await h.elbv2(OWNER).send(new CreateLoadBalancerCommand({ Name: 'nfn', Type: 'network', Scheme: 'internal', Subnets: [a, subnetB] }))).LoadBalancers![0]!.LoadBalancerArn!;
  serviceId = await newService();
  interfaceEndpoint = (await ec2.send(new CreateVpcEndpointCommand({
    VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sqs', SubnetIds: [a], PrivateDnsEnabled: false,
  }))).VpcEndpoint!.VpcEndpointId!;
  gatewayEndpoint = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.s3' }))).VpcEndpoint!.VpcEndpointId!;
});
after(async () => { await h.close(); });

describe('CreateVpcEndpointConnectionNotification', () => {
  it('on an endpoint service: vpce-nfn- id, type Topic, state Enabled, the events; a ClientToken replays the same notification', async () => {
    const input = { ServiceId: serviceId, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept', 'Reject'], ClientToken: 'nfn-1' };
    const out = await ec2.send(new CreateVpcEndpointConnectionNotificationCommand(input));
    const n = out.ConnectionNotification!;
    assert.match(n.ConnectionNotificationId!, /^vpce-nfn-[0-9a-f]{17}$/);
    assert.equal(n.ServiceId, serviceId);
    assert.equal(n.VpcEndpointId, undefined);
    assert.equal(n.ConnectionNotificationType, 'Topic');
    assert.equal(n.ConnectionNotificationState, 'Enabled');
    assert.equal(n.ConnectionNotificationArn, TOPIC);
    assert.deepEqual(n.ConnectionEvents, ['Accept', 'Reject']);
    assert.equal(out.ClientToken, 'nfn-1');
    const again = await ec2.send(new CreateVpcEndpointConnectionNotificationCommand(input));
    assert.equal(again.ConnectionNotification!.ConnectionNotificationId, n.ConnectionNotificationId);
    // AWS ("Ensuring idempotency"): the same token with other parameters is IdempotentParameterMismatch.
    await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ ...input, ConnectionEvents: ['Connect'] })), 'IdempotentParameterMismatch');
  });
  it('on an interface endpoint; AWS: "for interface endpoints only", so a gateway endpoint is InvalidParameter', async () => {
    const n = (await ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ VpcEndpointId: interfaceEndpoint, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Delete'] }))).ConnectionNotification!;
    assert.equal(n.VpcEndpointId, interfaceEndpoint);
    assert.equal(n.ServiceId, undefined);
    await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ VpcEndpointId: gatewayEndpoint, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Delete'] })), 'InvalidParameter');
  });
  it('exactly one of ServiceId and VpcEndpointId: both is InvalidParameterCombination, neither MissingParameter', async () => {
    await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ ServiceId: serviceId, VpcEndpointId: interfaceEndpoint, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] })), 'MissingParameter');
  });
  it('unknown or malformed service and endpoint ids answer their NotFound / Malformed codes', async () => {
    await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ ServiceId: 'vpce-svc-0123456789abcdef0', ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] })), 'InvalidVpcEndpointServiceId.NotFound');
    await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ ServiceId: 'svc-1', ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] })), 'InvalidVpcEndpointServiceId.Malformed');
    await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ VpcEndpointId: 'vpce-0123456789abcdef0', ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] })), 'InvalidVpcEndpointId.NotFound');
    await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ VpcEndpointId: 'endpoint-1', ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] })), 'InvalidVpcEndpointId.Malformed');
    // Another account's service does not exist for the caller.
    await rejectsWith(h.ec2('626262626262').send(new CreateVpcEndpointConnectionNotificationCommand({ ServiceId: serviceId, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] })), 'InvalidVpcEndpointServiceId.NotFound');
  });
  it('the topic must be an SNS topic ARN and each event Accept, Connect, Delete or Reject (InvalidParameterValue); events are required', async () => {
    for (const bad of ['not-an-arn', 'arn:aws:sqs:us-east-1:616161616161:q', 'arn:aws:sns:us-east-1:6161:t', 'arn:aws:sns:us-east-1:616161616161:bad name']) {
      await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ ServiceId: serviceId, ConnectionNotificationArn: bad, ConnectionEvents: ['Accept'] })), 'InvalidParameterValue');
    }
    await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ ServiceId: serviceId, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accepted'] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ ServiceId: serviceId, ConnectionNotificationArn: TOPIC, ConnectionEvents: [] })), 'MissingParameter');
    const fifo = (await ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ ServiceId: serviceId, ConnectionNotificationArn: `${TOPIC}.fifo`, ConnectionEvents: ['Connect'] }))).ConnectionNotification!;
    assert.equal(fifo.ConnectionNotificationArn, `${TOPIC}.fifo`);
    await ec2.send(new DeleteVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationIds: [fifo.ConnectionNotificationId!] }));
  });
  it('DryRun checks and answers DryRunOperation (412) without creating anything', async () => {
    const before = (await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({}))).ConnectionNotificationSet!.length;
    await rejectsWith(ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ DryRun: true, ServiceId: serviceId, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] })), 'DryRunOperation', 412);
    assert.equal((await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({}))).ConnectionNotificationSet!.length, before);
  });
});

describe('DescribeVpcEndpointConnectionNotifications', () => {
  it('by id, and by each documented filter', async () => {
    const all = (await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({}))).ConnectionNotificationSet!;
    const onService = all.find((n) => n.ServiceId === serviceId)!;
    const onEndpoint = all.find((n) => n.VpcEndpointId === interfaceEndpoint)!;
    const byId = (await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationId: onService.ConnectionNotificationId }))).ConnectionNotificationSet!;
    assert.deepEqual(byId, [onService]);
    const ids = async (Name: string, Values: string[]): Promise<string[]> =>
      (await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ Filters: [{ Name, Values }] }))).ConnectionNotificationSet!.map((n) => n.ConnectionNotificationId!).sort();
    assert.deepEqual(await ids('service-id', [serviceId]), [onService.ConnectionNotificationId]);
    assert.deepEqual(await ids('vpc-endpoint-id', [interfaceEndpoint]), [onEndpoint.ConnectionNotificationId]);
    assert.deepEqual(await ids('connection-notification-id', [onEndpoint.ConnectionNotificationId!]), [onEndpoint.ConnectionNotificationId]);
    assert.deepEqual(await ids('connection-notification-arn', [TOPIC]), [onService.ConnectionNotificationId!, onEndpoint.ConnectionNotificationId!].sort());
    assert.equal((await ids('connection-notification-state', ['Enabled'])).length, 2);
    assert.equal((await ids('connection-notification-state', ['Disabled'])).length, 0);
    assert.equal((await ids('connection-notification-type', ['Topic'])).length, 2);
    await rejectsWith(ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ Filters: [{ Name: 'event', Values: ['Accept'] }] })), 'InvalidParameterValue');
  });
  it('pages with MaxResults and NextToken; a bad token is InvalidNextToken', async () => {
    const first = await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ MaxResults: 1 }));
    assert.equal(first.ConnectionNotificationSet!.length, 1);
    assert.ok(first.NextToken);
    const second = await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ MaxResults: 1, NextToken: first.NextToken }));
    assert.equal(second.ConnectionNotificationSet!.length, 1);
    assert.notEqual(second.ConnectionNotificationSet![0]!.ConnectionNotificationId, first.ConnectionNotificationSet![0]!.ConnectionNotificationId);
    await rejectsWith(ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ NextToken: 'garbage!' })), 'InvalidNextToken');
  });
  it('an unknown or malformed id is InvalidConnectionNotification (the code Terraform treats as gone)', async () => {
    await rejectsWith(ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationId: 'vpce-nfn-0123456789abcdef0' })), 'InvalidConnectionNotification');
    await rejectsWith(ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationId: 'nfn-1' })), 'InvalidConnectionNotification');
    // Another account does not see the owner's notifications.
    const mine = (await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({}))).ConnectionNotificationSet![0]!;
    await rejectsWith(h.ec2('626262626262').send(new DescribeVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationId: mine.ConnectionNotificationId })), 'InvalidConnectionNotification');
  });
});

describe('ModifyVpcEndpointConnectionNotification and DeleteVpcEndpointConnectionNotifications', () => {
  it('Modify replaces the topic and the events; unknown id InvalidConnectionNotification; bad values InvalidParameterValue', async () => {
    const n = (await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ Filters: [{ Name: 'service-id', Values: [serviceId] }] }))).ConnectionNotificationSet![0]!;
    const other = `arn:aws:sns:us-east-1:${OWNER}:other-topic`;
    const out = await ec2.send(new ModifyVpcEndpointConnectionNotificationCommand({ ConnectionNotificationId: n.ConnectionNotificationId, ConnectionNotificationArn: other, ConnectionEvents: ['Connect', 'Delete'] }));
    assert.equal(out.ReturnValue, true);
    const after = (await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationId: n.ConnectionNotificationId }))).ConnectionNotificationSet![0]!;
    assert.equal(after.ConnectionNotificationArn, other);
    assert.deepEqual(after.ConnectionEvents, ['Connect', 'Delete']);
    // Only the events: the topic stays.
    await ec2.send(new ModifyVpcEndpointConnectionNotificationCommand({ ConnectionNotificationId: n.ConnectionNotificationId, ConnectionEvents: ['Accept'] }));
    const again = (await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationId: n.ConnectionNotificationId }))).ConnectionNotificationSet![0]!;
    assert.equal(again.ConnectionNotificationArn, other);
    assert.deepEqual(again.ConnectionEvents, ['Accept']);
    await rejectsWith(ec2.send(new ModifyVpcEndpointConnectionNotificationCommand({ ConnectionNotificationId: 'vpce-nfn-0123456789abcdef0', ConnectionEvents: ['Accept'] })), 'InvalidConnectionNotification');
    await rejectsWith(ec2.send(new ModifyVpcEndpointConnectionNotificationCommand({ ConnectionNotificationId: n.ConnectionNotificationId, ConnectionNotificationArn: 'arn:aws:s3:::bucket' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifyVpcEndpointConnectionNotificationCommand({ ConnectionNotificationId: n.ConnectionNotificationId, ConnectionEvents: ['Nope'] })), 'InvalidParameterValue');
  });
  it('Delete removes known ids and reports unknown or malformed ones as Unsuccessful items (HTTP 200)', async () => {
    const svc = await newService();
    const n = (await ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ ServiceId: svc, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] }))).ConnectionNotification!;
    const out = await ec2.send(new DeleteVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationIds: [n.ConnectionNotificationId!, 'vpce-nfn-0123456789abcdef0', 'bogus'] }));
    assert.deepEqual(out.Unsuccessful!.map((u) => [u.ResourceId, u.Error!.Code]), [
      ['vpce-nfn-0123456789abcdef0', 'InvalidConnectionNotification'],
      ['bogus', 'InvalidConnectionNotification'],
    ]);
    await rejectsWith(ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationId: n.ConnectionNotificationId })), 'InvalidConnectionNotification');
    const clean = await ec2.send(new DeleteVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationIds: ['vpce-nfn-0123456789abcdef1'] }));
    assert.equal(clean.Unsuccessful!.length, 1);
  });
  it('a notification goes with the service or the endpoint it watches', async () => {
    const svc = await newService();
    const onSvc = (await ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ ServiceId: svc, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Accept'] }))).ConnectionNotification!;
    const ep = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sns', SubnetIds: [subnetB], PrivateDnsEnabled: false }))).VpcEndpoint!.VpcEndpointId!;
    const onEp = (await ec2.send(new CreateVpcEndpointConnectionNotificationCommand({ VpcEndpointId: ep, ConnectionNotificationArn: TOPIC, ConnectionEvents: ['Delete'] }))).ConnectionNotification!;
    assert.equal((await ec2.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: [svc] }))).Unsuccessful!.length, 0);
    assert.equal((await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [ep] }))).Unsuccessful!.length, 0);
    await rejectsWith(ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationId: onSvc.ConnectionNotificationId })), 'InvalidConnectionNotification');
    await rejectsWith(ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ ConnectionNotificationId: onEp.ConnectionNotificationId })), 'InvalidConnectionNotification');
    // Those of other services and endpoints stay.
    const left = (await ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({}))).ConnectionNotificationSet!;
    assert.ok(left.some((x) => x.ServiceId === serviceId));
    assert.ok(left.some((x) => x.VpcEndpointId === interfaceEndpoint));
  });
});
