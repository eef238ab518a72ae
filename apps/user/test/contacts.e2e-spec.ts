import { GET_USER_CONTACTS } from '@orion/contracts';
import { ServiceClient } from '@orion/core';
import { UserServiceUnderTest } from './support/user-service';

const sample = UserServiceUnderTest.user;

describe('user.contacts.get.v1: contact details for the notification service', () => {
  let service: UserServiceUnderTest;
  let notification: ServiceClient;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start({}, { transport: true });
    notification = await service.client('notification');
  });

  afterAll(async () => {
    await service?.stop();
  });

  it("answers the user's address, phone, locale, time zone and status", async () => {
    const updated = await service.call('PATCH', '/api/v1/users/me', {
      as: sample.id,
      body: { phoneNumber: '+351912345678' },
    });
    expect(updated.statusCode).toBe(200);
    await expect(notification.send(GET_USER_CONTACTS, { userId: sample.id })).resolves.toEqual({
      userId: sample.id,
      email: sample.email,
      emailVerified: expect.any(Boolean),
      phone: '+351912345678',
      locale: 'de',
      timezone: 'Europe/Berlin',
      status: 'ACTIVE',
      deleted: false,
    });
  });

  it('answers null for an unknown user and refuses a malformed id', async () => {
    await expect(
      notification.send(GET_USER_CONTACTS, { userId: '00000000-0000-4000-8000-0000000000ff' }),
    ).resolves.toBeNull();
    await expect(notification.send(GET_USER_CONTACTS, { userId: 'nope' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('marks a deleted account, and hides the addresses of an erased one', async () => {
    await service.query('UPDATE users SET deleted_at = now() WHERE id = $1', [sample.id]);
    await expect(notification.send(GET_USER_CONTACTS, { userId: sample.id })).resolves.toMatchObject({
      deleted: true,
      email: sample.email,
    });
    await service.query('UPDATE users SET erased_at = now() WHERE id = $1', [sample.id]);
    await expect(notification.send(GET_USER_CONTACTS, { userId: sample.id })).resolves.toMatchObject({
      deleted: true,
      email: null,
      phone: null,
    });
  });
});
