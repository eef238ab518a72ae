import { Module } from '@nestjs/common';
import { TransportModule } from '@orion/core';
import { UsersClient } from './users.client';

/** The user service as this service sees it: one client, imported by every feature that calls it. */
@Module({
  imports: [TransportModule.forClients(['user'])],
  providers: [UsersClient],
  exports: [UsersClient],
})
export class UsersModule {}
