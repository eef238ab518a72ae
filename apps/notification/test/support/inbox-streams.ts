import { ChannelDispatcherService } from '../../src/channels/channel-dispatcher.service';
import { insertInboxRow } from './inbox-fixtures';
import type { NotificationServiceUnderTest } from './notification-service';
import { SseClient } from './sse-client';

/** An IN_APP notification handed to the channel dispatcher and recorded DELIVERED, as the delivery worker does; its id. */
export async function deliverInApp(
  service: NotificationServiceUnderTest,
  userId: string,
  title: string,
): Promise<string> {
  const id = await insertInboxRow(service.query.bind(service), userId, { status: 'PROCESSING', title });
  const receipt = await service.app.get(ChannelDispatcherService).dispatch(
    {
      notificationId: id,
      channel: 'IN_APP',
      to: userId,
      text: 'A body',
      idempotencyKey: id,
      attempt: 1,
      sender: { kind: 'platform' },
    },
    () => Promise.resolve(),
  );
  await service.query(`UPDATE notifications SET status = 'DELIVERED', delivered_at = now() WHERE id = $1`, [
    id,
  ]);
  await receipt.afterRecorded?.();
  return id;
}

/** Opens the user's inbox stream over real HTTP and waits for `: connected` (subscribed). */
export async function openInboxStream(
  service: NotificationServiceUnderTest,
  userId: string,
  headers: Record<string, string> = {},
): Promise<SseClient> {
  const stream = await SseClient.open(`${service.baseUrl}/api/v1/inbox/stream`, {
    authorization: `Bearer ${await service.token(userId)}`,
    ...headers,
  });
  // Sent once the subscription stands: from here on nothing published is missed.
  await stream.next((block) => block.comments.includes('connected'));
  return stream;
}
