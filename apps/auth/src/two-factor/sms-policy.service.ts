import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@orion/core';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { secondsUntilNextDay, SmsSendCountersStore } from './sms-send-counters.store';
import { SmsCountryNotAllowedError, SmsDailyCapError } from './two-factor.errors';

/** A destination the policy accepts: its region and country calling code. */
export interface SmsDestination {
  phoneNumber: string;
  country: string | null;
  callingCode: string;
}

/**
 * What may be texted (SMS pumping: fraudsters earn per message sent to numbers they control, often
 * premium or far-away ranges): only regions in SMS_ALLOWED_COUNTRIES, and no more per UTC day than
 * the caps per number, per account, per country calling code and in total. Every path that texts a
 * code goes through `admit` just before the code is handed over for delivery.
 */
@Injectable()
export class SmsPolicyService {
  constructor(
    private readonly clock: Clock,
    private readonly counters: SmsSendCountersStore,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** The number's region and calling code; refused when the region is not allowed. */
  destination(phoneNumber: string): SmsDestination {
    const parsed = parsePhoneNumberFromString(phoneNumber);
    const allowed = this.config.twoFactor.sms.allowedCountries;
    const country = parsed?.country ?? null;
    if (!parsed || (allowed.length > 0 && (country === null || !allowed.includes(country)))) {
      throw new SmsCountryNotAllowedError(allowed);
    }
    return { phoneNumber, country, callingCode: parsed.countryCallingCode };
  }

  /** Counts a text about to be sent; refused (nothing counted) when its region or a cap forbids it. */
  async admit(userId: string, phoneNumber: string, now = this.clock.now()): Promise<void> {
    const { callingCode } = this.destination(phoneNumber);
    const sms = this.config.twoFactor.sms;
    const counted = await this.counters.count(
      { userId, phoneNumber, callingCode },
      {
        number: sms.dailyPerNumber,
        account: sms.dailyPerAccount,
        country: sms.dailyPerCountry,
        total: sms.dailyTotal,
      },
      now,
    );
    if (!counted.ok) throw new SmsDailyCapError(counted.scope, secondsUntilNextDay(now));
  }
}
