/**
 * @module Connection notification handlers: CreateVpcEndpointConnectionNotification,
 * DescribeVpcEndpointConnectionNotifications, ModifyVpcEndpointConnectionNotification,
 * DeleteVpcEndpointConnectionNotifications. Notifications are recorded; nothing is published to SNS.
 */
import { idempotent } from '../../model/client-token.js';
import {
  createConnectionNotification, deleteConnectionNotifications, getConnectionNotification, modifyConnectionNotification,
} from '../../model/connection-notification.js';
import type { ConnectionNotification } from '../../model/resources.js';
import type { WConnectionNotification } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { compileFilters, type FilterTable } from './filters.js';
import { paginate } from './paging.js';

function toWire(n: ConnectionNotification): WConnectionNotification {
  return {
    ConnectionNotificationId: n.id,
    ...(n.serviceId !== undefined ? { ServiceId: n.serviceId } : {}),
    ...(n.vpcEndpointId !== undefined ? { VpcEndpointId: n.vpcEndpointId } : {}),
    ConnectionNotificationType: 'Topic', ConnectionNotificationArn: n.topicArn, ConnectionEvents: [...n.events],
    ConnectionNotificationState: n.state,
  };
}

/** AWS: DescribeVpcEndpointConnectionNotifications filters. */
const NOTIFICATION_FILTERS: FilterTable<ConnectionNotification> = {
  'connection-notification-arn': (n) => n.topicArn,
  'connection-notification-id': (n) => n.id,
  'connection-notification-state': (n) => n.state,
  'connection-notification-type': () => 'Topic',
  'service-id': (n) => n.serviceId,
  'vpc-endpoint-id': (n) => n.vpcEndpointId,
};

export const connectionNotificationHandlers: HandlerTable = {
  CreateVpcEndpointConnectionNotification(ctx, input) {
    const made = ctx.write((p, tx) => idempotent(p,
      { operation: 'CreateVpcEndpointConnectionNotification', token: input.ClientToken, input },
      (id) => p.get('connectionNotification', id),
      () => {
        const n = createConnectionNotification(tx, p, {
          serviceId: input.ServiceId, vpcEndpointId: input.VpcEndpointId,
          topicArn: input.ConnectionNotificationArn, events: input.ConnectionEvents,
        });
        return { resultId: n.id, result: n };
      }).result);
    return { ConnectionNotification: toWire(made), ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}) };
  },
  DescribeVpcEndpointConnectionNotifications(ctx, input) {
    const view = ctx.read();
    let items: ConnectionNotification[] = input.ConnectionNotificationId !== undefined && input.ConnectionNotificationId !== ''
      ? [getConnectionNotification(view, input.ConnectionNotificationId)]
      : [...view.list('connectionNotification')];
    const match = compileFilters(input.Filters, NOTIFICATION_FILTERS);
    if (match) items = items.filter(match);
    const page = paginate(items, input.MaxResults, input.NextToken);
    return { ConnectionNotificationSet: page.items.map(toWire), NextToken: page.nextToken };
  },
  ModifyVpcEndpointConnectionNotification(ctx, input) {
    ctx.write((p) => modifyConnectionNotification(p, input.ConnectionNotificationId, {
      topicArn: input.ConnectionNotificationArn, events: input.ConnectionEvents,
    }));
    return { ReturnValue: true };
  },
  DeleteVpcEndpointConnectionNotifications(ctx, input) {
    const failures = ctx.write((p) => deleteConnectionNotifications(p, input.ConnectionNotificationIds));
    return { Unsuccessful: failures.map((f) => ({ ResourceId: f.id, Error: { Code: f.code, Message: f.message } })) };
  },
};
