export * from './database';
export * from './service-process';
export * from './jwks-server';
export * from './smtp-sink';
export * from './http-sink';
export * from './log-capture';
