import { Module } from '@nestjs/common';
import { TwoFactorRepository } from './two-factor.repository';

/** Enrolment and management of second factors (TOTP, SMS, e-mail, WebAuthn, backup codes). */
@Module({
  providers: [TwoFactorRepository],
  exports: [TwoFactorRepository],
})
export class TwoFactorModule {}
