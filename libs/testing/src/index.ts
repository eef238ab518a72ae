export * from './database';
export * from './service-process';
export * from './jwks-server';
export * from './smtp-sink';
export * from './http-sink';
export * from './twilio-sink';
export * from './push-service-sink';
export * from './log-capture';
