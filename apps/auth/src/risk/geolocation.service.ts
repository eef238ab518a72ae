import { Inject, Injectable, Logger } from '@nestjs/common';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { GeoLocation } from './risk.types';

type Lookup = (ip: string) => { country: string; ll: [number, number] } | null;

/**
 * Where an address is, from the offline geoip-lite database. Its tables take about 150 MB, so they
 * are loaded on the first lookup, never when GEOIP_ENABLED=false.
 */
@Injectable()
export class GeolocationService {
  private readonly logger = new Logger(GeolocationService.name);
  private lookupFn: Lookup | null = null;

  constructor(@Inject(AUTH_CONFIG) private readonly config: AuthConfig) {}

  locate(ip: string): GeoLocation | null {
    if (!this.config.defence.geoipEnabled) return null;
    const found = this.lookup()(ip.replace(/^::ffff:/, ''));
    if (!found || !found.country) return null;
    return { country: found.country, latitude: found.ll[0], longitude: found.ll[1] };
  }

  private lookup(): Lookup {
    if (!this.lookupFn) {
      const started = performance.now();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const geoip = require('geoip-lite') as typeof import('geoip-lite');
      this.lookupFn = (ip) => geoip.lookup(ip);
      this.logger.log(`Geolocation data loaded in ${Math.round(performance.now() - started)} ms`);
    }
    return this.lookupFn;
  }
}

const EARTH_RADIUS_KM = 6371;
const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine). */
export function distanceKm(a: GeoLocation, b: GeoLocation): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
