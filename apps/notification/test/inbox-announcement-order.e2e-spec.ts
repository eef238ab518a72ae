import { InboxStreamService } from '../src/inbox/inbox-stream.service';
import type { InboxDelivery } from '../src/inbox/inbox.types';
import { NotificationServiceUnderTest } from './support/notification-service';

/**
 * A client that reacts to a live inbox item (lists its inbox, marks the item read) must find it
 * delivered: the item is announced only after the delivery worker records DELIVERED.
 */
describe('inbox announcement order', () => {
  let service: NotificationServiceUnderTest;

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start();
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('announces an in-app item only once its delivery is recorded, so it can be read at once', async () => {
    const stream = service.app.get(InboxStreamService);
    const publish = stream.publish.bind(stream);
    let announced!: (status: string) => void;
    const statusAtAnnouncement = new Promise<string>((resolve) => (announced = resolve));
    // The real announcement, observed at the moment it happens.
    stream.publish = async (delivery: InboxDelivery) => {
      const [row] = await service.query<{ status: string }>(
        'SELECT status FROM notifications WHERE id = $1',
        [delivery.item.id],
      );
      announced(row!.status);
      return publish(delivery);
    };
    try {
      const user = NotificationServiceUnderTest.user.id;
      const sent = await service.call('POST', '/api/v1/notifications', {
        as: NotificationServiceUnderTest.admin.id,
        body: { recipient: { userId: user }, channels: ['IN_APP'], content: { title: 'Hi', text: 'Now' } },
      });
      expect(sent.statusCode).toBe(202);
      const [notification] = sent.json<{ notifications: Array<{ id: string }> }>().notifications;
      expect(await statusAtAnnouncement).toBe('DELIVERED');
      const read = await service.call('POST', `/api/v1/inbox/${notification!.id}/read`, { as: user });
      expect(read.statusCode).toBeLessThan(300);
    } finally {
      stream.publish = publish;
    }
  });
});
