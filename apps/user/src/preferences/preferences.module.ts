import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { PreferencesAdminController } from './preferences-admin.controller';
import { PreferencesController } from './preferences.controller';
import { PreferencesRepository } from './preferences.repository';
import { PreferencesService } from './preferences.service';

@Module({
  imports: [AccessModule],
  // The caller's own routes first: /users/me/preferences must never be read as /users/:userId/….
  controllers: [PreferencesController, PreferencesAdminController],
  providers: [PreferencesService, PreferencesRepository],
})
export class PreferencesModule {}
