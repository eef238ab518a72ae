import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, EventsModule, ServiceConfig, TransportModule } from '@orion/core';
import { RpcApiKeyVerifier, RpcPermissionChecker, SecurityModule } from '@orion/security';
import { BatchesModule } from './batches/batches.module';
import { ChannelsModule } from './channels/channels.module';
import { PrismaService } from './database/prisma.service';
import { TransactionRunner } from './database/transaction.runner';
import { InboxModule } from './inbox/inbox.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PreferencesModule } from './preferences/preferences.module';
import { TemplatesModule } from './templates/templates.module';
import { TriggersModule } from './triggers/triggers.module';
import { WebhookEndpointsApiModule } from './webhook-endpoints/webhook-endpoints-api.module';

@Module({})
export class NotificationModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: NotificationModule,
      imports: [
        CoreModule.forService({ config, prisma: PrismaService, transactions: TransactionRunner }),
        EventsModule.forService({ prisma: PrismaService }),
        // Users' tokens are checked here; permissions are asked of the user service.
        SecurityModule.forRoot({
          config: config.security,
          permissionChecker: RpcPermissionChecker,
          apiKeyVerifier: RpcApiKeyVerifier,
          imports: [TransportModule.forClients(['user'])],
        }),
        ChannelsModule,
        PreferencesModule,
        InboxModule,
        NotificationsModule,
        TemplatesModule,
        TriggersModule,
        BatchesModule,
        WebhookEndpointsApiModule,
      ],
    };
  }
}
