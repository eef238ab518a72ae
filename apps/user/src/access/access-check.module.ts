import { Module } from '@nestjs/common';
import { AccessCheckService } from './access-check.service';
import { AccessRepository } from './access.repository';

/** The effective-permission check alone, so SecurityModule can import it without the HTTP side. */
@Module({
  providers: [AccessRepository, AccessCheckService],
  exports: [AccessRepository, AccessCheckService],
})
export class AccessCheckModule {}
