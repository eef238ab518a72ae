export { createOrionClient } from './orion.client';
export type { OrionClient } from './orion.client';
export * from './client.errors';
export type * from './client.types';
export { memoryTokenStore } from './token.store';
export type { OrionSession, TokenStore } from './token.store';
export type { InboxStream, InboxStreamOptions } from './inbox-stream.client';
