export * from './platform';
export { ServiceHandle, assertBuilt, builtEntryPoint } from './service-handle';
export { runningChildPids } from './child-registry';
export { databaseExists, queryDatabase } from '@orion/testing';
export { SERVICES } from './databases';
export type { PlatformService, ServiceDatabase } from './databases';
export { startStandIn } from './stand-in';
export type { StandIn, StandInOptions } from './stand-in';
