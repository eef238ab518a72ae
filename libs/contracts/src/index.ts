export * from './contract';
export * from './auth/auth.events';
export * from './notification/notification-queues';
export * from './user/api-keys.contract';
export * from './user/permissions.contract';
export * from './user/user.events';
export * from './user/users.contract';
