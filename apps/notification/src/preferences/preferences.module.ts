import { Module } from '@nestjs/common';
import { DeliveryPolicyService } from './delivery-policy.service';
import { PreferencesHandlers } from './preferences.handlers';
import { UserPreferencesRepository } from './user-preferences.repository';

/** The user's choices about notifications, projected from the user service, and the policy built on them. */
@Module({
  providers: [UserPreferencesRepository, DeliveryPolicyService, PreferencesHandlers],
  exports: [DeliveryPolicyService, UserPreferencesRepository],
})
export class PreferencesModule {}
