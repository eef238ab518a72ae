import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { PermissionsController } from './permissions.controller';
import { PermissionsRepository } from './permissions.repository';
import { PermissionsService } from './permissions.service';

@Module({
  imports: [AccessModule],
  controllers: [PermissionsController],
  providers: [PermissionsRepository, PermissionsService],
  exports: [PermissionsService, PermissionsRepository],
})
export class PermissionsModule {}
