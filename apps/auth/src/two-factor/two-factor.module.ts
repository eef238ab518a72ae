import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { BackupCodesService } from './backup-codes.service';
import { EnrolmentCodesStore } from './enrolment-codes.store';
import { TotpAttemptsStore } from './totp-attempts.store';
import { WebAuthnRegistrationsStore } from './webauthn-registrations.store';
import { MessageFactorsController } from './message-factors.controller';
import { MessageFactorsService } from './message-factors.service';
import { OneTimeCodesService } from './one-time-codes.service';
import { SmsPolicyService } from './sms-policy.service';
import { SmsSendCountersStore } from './sms-send-counters.store';
import { TotpService } from './totp.service';
import { TwoFactorChangesService } from './two-factor-changes.service';
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
    OneTimeCodesService,
    SmsPolicyService,
    SmsSendCountersStore,
    EnrolmentCodesStore,
    TotpAttemptsStore,
    WebAuthnRegistrationsStore,
    TotpService,
    TwoFactorChangesService,
    TwoFactorRepository,
    TwoFactorService,
    WebAuthnService,
  ],
  exports: [
    BackupCodesService,
    MessageFactorsService,
    OneTimeCodesService,
    TotpService,
    TwoFactorService,
    WebAuthnService,
  ],
})
export class TwoFactorModule {}
