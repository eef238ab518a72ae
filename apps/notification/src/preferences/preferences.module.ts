import { Module } from '@nestjs/common';
import { DeliveryPolicyService } from './delivery-policy.service';
import { PreferencesHandlers } from './preferences.handlers';
import { PreferencesService } from './preferences.service';
import { UserPreferencesRepository } from './user-preferences.repository';

/** The user's choices about notifications, projected from the user service, and the policy built on them. */
@Module({
  providers: [UserPreferencesRepository, PreferencesService, DeliveryPolicyService, PreferencesHandlers],
  exports: [DeliveryPolicyService],
})
export class PreferencesModule {}
