export * from './platform';
export { ServiceHandle, assertBuilt, builtEntryPoint } from './service-handle';
export { runningChildPids } from './child-registry';
export { databaseExists, queryDatabase } from '@orion/testing';
export { SERVICES } from './databases';
export type { PlatformService, ServiceDatabase } from './databases';
