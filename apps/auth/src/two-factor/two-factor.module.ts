import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { BackupCodesService } from './backup-codes.service';
import { EnrolmentCodesStore } from './enrolment-codes.store';
import { TotpAttemptsStore } from './totp-attempts.store';
import { WebAuthnRegistrationsStore } from './webauthn-registrations.store';
import { MessageFactorsController } from './message-factors.controller';
import { MessageFactorsService } from './message-factors.service';
import { OneTimeCodes } from './one-time-codes';
import { SmsPolicyService } from './sms-policy.service';
import { SmsSendCountersStore } from './sms-send-counters.store';
import { TotpService } from './totp.service';
import { TwoFactorChanges } from './two-factor-changes';
import { TwoFactorController } from './two-factor.controller';
import { TwoFactorRepository } from './two-factor.repository';
import { TwoFactorService } from './two-factor.service';
import { WebAuthnController } from './webauthn.controller';
import { WebAuthnService } from './webauthn.service';

/** Enrolment and management of second factors (TOTP, SMS, e-mail, WebAuthn, backup codes). */
@Module({
  imports: [UsersModule, SecurityEventsModule],
  controllers: [TwoFactorController, MessageFactorsController, WebAuthnController],
  providers: [
    BackupCodesService,
    MessageFactorsService,
    OneTimeCodes,
    SmsPolicyService,
    SmsSendCountersStore,
    EnrolmentCodesStore,
    TotpAttemptsStore,
    WebAuthnRegistrationsStore,
    TotpService,
    TwoFactorChanges,
    TwoFactorRepository,
    TwoFactorService,
    WebAuthnService,
  ],
  exports: [
    BackupCodesService,
    MessageFactorsService,
    OneTimeCodes,
    TotpService,
    TwoFactorService,
    WebAuthnService,
  ],
})
export class TwoFactorModule {}
