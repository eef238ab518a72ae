import type { OutgoingMessage } from '../channel-provider';
import { webhookBody, webhookType } from './standard-webhook.provider';

const caller = { kind: 'caller', ownerId: '6f1c2a7e-4a43-4b8e-9d7e-0f6a1b2c3d4e' } as const;
const platform = { kind: 'platform' } as const;

describe('webhookType', () => {
  it('puts a type a caller chose under custom., always, so it never looks like a platform event', () => {
    expect(webhookType({ sender: caller, payload: { type: 'user.deleted' } })).toBe('custom.user.deleted');
    expect(webhookType({ sender: caller, payload: { type: 'custom.x' } })).toBe('custom.custom.x');
    expect(webhookType({ sender: { kind: 'caller', ownerId: null }, payload: { type: 'a' } })).toBe(
      'custom.a',
    );
  });

  it("keeps the platform's own types, and says notification when no type was given", () => {
    expect(webhookType({ sender: platform, payload: { type: 'user.deleted' } })).toBe('user.deleted');
    expect(webhookType({ sender: caller, payload: { orderId: 1 } })).toBe('notification');
    expect(webhookType({ sender: caller, payload: { type: '' } })).toBe('notification');
    expect(webhookType({ sender: caller, payload: { type: 7 } })).toBe('notification');
    expect(webhookType({ sender: platform })).toBe('notification');
  });

  it('is the envelope type, while the payload travels unchanged under data', () => {
    const message: OutgoingMessage = {
      notificationId: 'n-1',
      channel: 'WEBHOOK',
      to: 'https://hooks.example.com/x',
      text: 'hi',
      payload: { type: 'invoice.paid' },
      idempotencyKey: 'n-1:WEBHOOK',
      attempt: 1,
      sender: caller,
    };
    const body = webhookBody(message, new Date('2026-12-03T00:00:00Z'));
    expect(body.type).toBe('custom.invoice.paid');
    expect(body.data).toEqual(expect.objectContaining({ payload: { type: 'invoice.paid' } }));
  });
});
