import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { defineEvent } from '@orion/contracts';
import { EventContext, eventStreamName, OnEvent } from '@orion/core';
import { NAMESPACE } from './durable-events.support';
import { IsEmail, IsUUID } from 'class-validator';

export const MAX_DELIVERIES = 3;
// Event names of this run only, so runs sharing one Redis never read each other's streams.
const run = `t${randomBytes(4).toString('hex')}`;

export class AccountEvent {
  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;
}

export const REGISTERED = defineEvent<AccountEvent>(`${run}.user.registered.v1`, AccountEvent);
export const FAILING = defineEvent<AccountEvent>(`${run}.user.failing.v1`, AccountEvent);
export const UNCONSUMED = defineEvent<AccountEvent>(`${run}.user.counted.v1`, AccountEvent);
export const STREAMS = [REGISTERED, FAILING, UNCONSUMED].map((c) => eventStreamName(NAMESPACE, c.name));

/** Every handler call, with the request id it ran under. */
export const calls: { event: string; userId: string; eventId: string; requestId: string }[] = [];
export const callsFor = (userId: string) => calls.filter((c) => c.userId === userId);

/** A handler with an effect in the consumer's database, and one that always fails. */
@Injectable()
export class TestHandlers {
  @OnEvent(REGISTERED)
  async welcome(event: AccountEvent, context: EventContext): Promise<void> {
    calls.push({
      event: context.name,
      userId: event.userId,
      eventId: context.eventId,
      requestId: context.requestId,
    });
    await context.tx.$executeRawUnsafe(
      `INSERT INTO notifications (user_id, type, channel, body, correlation_id, updated_at)
       VALUES ($1::uuid, 'TRANSACTIONAL', 'EMAIL', 'Welcome', $2, now())`,
      event.userId,
      context.eventId,
    );
  }

  @OnEvent(FAILING)
  fail(event: AccountEvent, context: EventContext): void {
    calls.push({
      event: context.name,
      userId: event.userId,
      eventId: context.eventId,
      requestId: context.requestId,
    });
    throw new Error('this handler always fails');
  }
}
