export * from './database';
export * from './service-process';
export * from './jwks-server';
