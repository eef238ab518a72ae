export * from './platform';
export { ServiceHandle, assertBuilt, builtEntryPoint } from './service-handle';
export { runningChildPids } from './child-registry';
export { databaseExists, queryDatabase, SERVICES } from './databases';
export type { PlatformService, ServiceDatabase } from './databases';
