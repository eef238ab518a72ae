import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@orion/core';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { LoginAttemptsRepository } from '../sign-in/login-attempts.repository';
import { distanceKm, GeolocationService } from './geolocation.service';
import { GeoLocation, RiskAssessment, RiskReason } from './risk.types';

/** geoip city coordinates are rough: shorter hops never count as travel. */
const MIN_TRAVEL_KM = 200;

/** Scores a sign-in after its first factor from its device, its location and the account's history. */
@Injectable()
export class RiskService {
  constructor(
    private readonly clock: Clock,
    private readonly geolocation: GeolocationService,
    private readonly attempts: LoginAttemptsRepository,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** Where the address is, if geolocation is on and knows it. */
  locate(ip: string): GeoLocation | null {
    return this.geolocation.locate(ip);
  }

  async assess(input: {
    userId: string;
    ip: string;
    newDevice: boolean;
    now?: Date;
  }): Promise<RiskAssessment> {
    const now = input.now ?? this.clock.now();
    const settings = this.config.defence.risk;
    const reasons: RiskReason[] = [];
    const evidence: Record<string, unknown> = {};
    const location = this.geolocation.locate(input.ip);
    if (input.newDevice) reasons.push('new_device');

    if (location) {
      const countries = await this.attempts.successCountries(input.userId);
      if (countries.length > 0 && !countries.includes(location.country)) {
        reasons.push('new_country');
        evidence.knownCountries = countries;
      }
      const previous = await this.attempts.lastLocatedSuccess(input.userId);
      if (previous) {
        const km = distanceKm(previous, location);
        const hours = Math.max(now.getTime() - previous.at.getTime(), 1000) / 3_600_000;
        const kmh = km / hours;
        if (km >= MIN_TRAVEL_KM && kmh > settings.impossibleTravelKmh) {
          reasons.push('impossible_travel');
          evidence.travel = { fromCountry: previous.country, km: Math.round(km), kmh: Math.round(kmh) };
        }
      }
    }

    const since = new Date(now.getTime() - settings.recentFailuresWindowS * 1000);
    const failures = await this.attempts.countFailuresSince(input.userId, since);
    if (failures >= settings.recentFailuresMin) {
      reasons.push('recent_failures');
      evidence.recentFailures = failures;
    }

    const weights: Record<RiskReason, number> = {
      new_device: settings.weights.newDevice,
      new_country: settings.weights.newCountry,
      impossible_travel: settings.weights.impossibleTravel,
      recent_failures: settings.weights.recentFailures,
    };
    const score = reasons.reduce((sum, reason) => sum + weights[reason], 0);
    return { score, reasons, location, evidence };
  }
}
