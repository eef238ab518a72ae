import { Module } from '@nestjs/common';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { JwksController } from './jwks.controller';
import { SigningKeysAdminController } from './signing-keys-admin.controller';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';

/** Access-token signing keys: storage, rotation (automatic, or by an administrator) and the public JWKS. */
@Module({
  imports: [SecurityEventsModule],
  controllers: [JwksController, SigningKeysAdminController],
  providers: [SigningKeysRepository, SigningKeysService],
  exports: [SigningKeysService],
})
export class KeysModule {}
