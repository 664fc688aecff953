/**
 * @module Connection notifications (`vpce-nfn-…`) of endpoint services and interface endpoints: create, modify,
 * delete, and their removal with the service or endpoint they watch. vpce records them and answers as EC2 does,
 * but publishes nothing: no SNS topic is ever called.
 */
import { ec2Errors } from '../errors/ec2.js';
import { isAwsError } from '../errors/aws-error.js';
import { checkIdShape, mustGet, notFound } from './lookup.js';
import type { ConnectionNotification } from './resources.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** AWS (CreateVpcEndpointConnectionNotification ConnectionEvents): "Valid values are Accept, Connect, Delete, and Reject." */
export const CONNECTION_EVENTS = ['Accept', 'Connect', 'Delete', 'Reject'] as const;

/**
 * An SNS topic ARN: `arn:<partition>:sns:<region>:<12-digit account>:<topic name>`. AWS (SNS CreateTopic Name):
 * "Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens,
 * and must be between 1 and 256 characters long"; FIFO topics end in `.fifo`.
 */
const SNS_TOPIC_ARN = /^arn:aws(-cn|-us-gov)?:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

function checkTopicArn(arn: string): string {
  if (!SNS_TOPIC_ARN.test(arn)) {
    throw ec2Errors.invalidParameterValue(`Value (${arn}) for parameter ConnectionNotificationArn is invalid. It must be the ARN of an SNS topic (arn:aws:sns:<region>:<account>:<topic-name>).`);
  }
  return arn;
}

function checkEvents(events: readonly string[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (!CONNECTION_EVENTS.some((x) => x === e)) {
      throw ec2Errors.invalidParameterValue(`Value (${e}) for parameter ConnectionEvents is invalid. Valid values: ${CONNECTION_EVENTS.join(', ')}.`);
    }
    if (!out.includes(e)) out.push(e);
  }
  if (out.length === 0) throw ec2Errors.missingParameter('ConnectionEvents');
  return out;
}

export interface CreateNotificationArgs {
  readonly serviceId?: string | undefined;
  readonly vpcEndpointId?: string | undefined;
  readonly topicArn: string;
  readonly events: readonly string[];
}

/**
 * CreateVpcEndpointConnectionNotification. AWS: a notification watches one endpoint service or one endpoint of
 * the caller; "You can create a connection notification for interface endpoints only."
 */
export function createConnectionNotification(tx: Tx, p: PartitionTx, args: CreateNotificationArgs): ConnectionNotification {
  const hasService = args.serviceId !== undefined && args.serviceId !== '';
  const hasEndpoint = args.vpcEndpointId !== undefined && args.vpcEndpointId !== '';
  if (hasService && hasEndpoint) {
    throw ec2Errors.invalidParameterCombination('Specify either ServiceId or VpcEndpointId, not both.');
  }
  if (!hasService && !hasEndpoint) throw ec2Errors.missingParameter('ServiceId or VpcEndpointId');
  if (hasService) mustGet(p, 'vpcEndpointService', args.serviceId!);
  if (hasEndpoint) {
    const ep = mustGet(p, 'vpcEndpoint', args.vpcEndpointId!);
    if (ep.state === 'deleting') throw notFound('vpcEndpoint', ep.id);
    if (ep.endpointType !== 'Interface') {
      throw ec2Errors.invalidParameter(`Connection notifications are only supported for Interface type VPC Endpoints; ${ep.id} is of type ${ep.endpointType}.`);
    }
  }
  const topicArn = checkTopicArn(args.topicArn);
  const events = checkEvents(args.events);
  return p.put<ConnectionNotification>({
    kind: 'connectionNotification', id: tx.ids.next('connectionNotification'), ownerId: p.account, tags: [],
    ...(hasService ? { serviceId: args.serviceId! } : { vpcEndpointId: args.vpcEndpointId! }),
    topicArn, events, state: 'Enabled', createdAt: tx.clock.now(),
  });
}

/** A notification of the caller by ID. AWS (and Terraform's finder) answer `InvalidConnectionNotification` when it is unknown. */
export function getConnectionNotification(p: ReadView, id: string): ConnectionNotification {
  checkIdShape('connectionNotification', id);
  const n = p.get('connectionNotification', id);
  if (!n) throw notFound('connectionNotification', id);
  return n;
}

/** ModifyVpcEndpointConnectionNotification: a new topic ARN, a new event set, or both. */
export function modifyConnectionNotification(p: PartitionTx, id: string, args: { topicArn?: string | undefined; events?: readonly string[] | undefined }): ConnectionNotification {
  const n = getConnectionNotification(p, id);
  const topicArn = args.topicArn !== undefined ? checkTopicArn(args.topicArn) : n.topicArn;
  const events = args.events !== undefined && args.events.length > 0 ? checkEvents(args.events) : n.events;
  return p.put<ConnectionNotification>({ ...n, topicArn, events });
}

export interface NotificationFailure { readonly id: string; readonly code: string; readonly message: string }

/** DeleteVpcEndpointConnectionNotifications: unknown or malformed IDs are reported per item; the others go. */
export function deleteConnectionNotifications(p: PartitionTx, ids: readonly string[]): NotificationFailure[] {
  const failures: NotificationFailure[] = [];
  for (const id of new Set(ids)) {
    try {
      p.remove(getConnectionNotification(p, id).id);
    } catch (e) {
      if (!isAwsError(e)) throw e;
      failures.push({ id, code: e.code, message: e.message });
    }
  }
  return failures;
}

/** Remove the notifications that watch a service or an endpoint being deleted (they cannot outlive it). */
export function dropNotificationsOf(p: PartitionTx, watchedId: string): void {
  for (const n of [...p.list('connectionNotification')]) {
    if (n.serviceId === watchedId || n.vpcEndpointId === watchedId) p.remove(n.id);
  }
}
