export * from './event-database';
export * from './event-publisher';
export * from './event-stream';
export * from './events.module';
export * from './inbox';
export * from './on-event.decorator';
export * from './outbox-relay';
export * from './event-verification';
