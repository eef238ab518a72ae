import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@orion/core';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SECURITY_EVENT_TYPES } from '../security-events/security-event.types';
import type { SignInClient } from '../sign-in/sign-in.types';
import { defaultDeviceName, deviceFingerprint, deviceTraitsOf } from './device-fingerprint';
import { deviceTokenHash, newDeviceToken } from './device-token';
import { DeviceView, RecognisedDevice, TrustedDeviceHolder } from './device.types';
import { DeviceNotFoundError } from './devices.errors';
import { DevicesRepository } from './devices.repository';
import { TokenRevocationService } from '../tokens/token-revocation.service';

const isTrusted = (device: DeviceView, now: Date): boolean =>
  device.status === 'TRUSTED' && device.trustedUntil !== null && device.trustedUntil > now;

/** The devices a user signs in from: recognising them, trust, and what the owner may do with them. */
@Injectable()
export class DevicesService {
  constructor(
    private readonly clock: Clock,
    private readonly devices: DevicesRepository,
    private readonly revocations: TokenRevocationService,
    private readonly securityEvents: SecurityEventsService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /**
   * Records the device a sign-in comes from after the first factor. A valid device token of the
   * account names the device (and makes it trusted); otherwise the fingerprint finds or creates
   * it, never trusted: the fingerprint only tells whether the device is new.
   */
  async recognise(userId: string, client: SignInClient, now = this.clock.now()): Promise<RecognisedDevice> {
    const traits = deviceTraitsOf(client.userAgent);
    const name = defaultDeviceName(traits);
    const holder = await this.trustedHolder(client.deviceToken, now);
    const trusted = holder?.userId === userId;
    const { view, created } = trusted
      ? { view: await this.devices.touch(holder.deviceId, client.ip, now), created: false }
      : await this.devices.upsertSeen({
          userId,
          fingerprintHash: deviceFingerprint(client.deviceId, traits),
          name,
          traits,
          ip: client.ip,
          now,
        });
    // New until a sign-in on it completes (a refused or unfinished one does not make it known);
    // the account's very first device is no news to its owner.
    const unproven = created || !(await this.devices.hasSignedIn(view.id));
    const newDevice = unproven && (await this.devices.countAll(userId)) > 1;
    return { deviceId: view.id, newDevice, trusted, name: view.name ?? name, traits };
  }

  /** The trusted device whose token this is, and its account; null for anything else. */
  async trustedHolder(
    token: string | undefined,
    now = this.clock.now(),
  ): Promise<TrustedDeviceHolder | null> {
    if (!token) return null;
    // Looked up by the SHA-256 of a 256-bit random token: the lookup reveals nothing usable.
    const device = await this.devices.findByTrustToken(deviceTokenHash(token));
    return device && isTrusted(device, now) ? { deviceId: device.id, userId: device.userId } : null;
  }

  /**
   * Trusts the device for `ttlSeconds` and returns its new device token (shown once, stored as a
   * hash); a token issued before stops working.
   */
  async trustFor(userId: string, deviceId: string, ttlSeconds: number): Promise<string> {
    const device = await this.owned(userId, deviceId);
    const token = newDeviceToken();
    await this.devices.update(device.id, {
      status: 'TRUSTED',
      trustedUntil: new Date(this.clock.now().getTime() + ttlSeconds * 1000),
      trustTokenHash: deviceTokenHash(token),
    });
    await this.securityEvents.record({
      userId,
      type: SECURITY_EVENT_TYPES.deviceTrusted,
      severity: 'info',
      deviceId: device.id,
      metadata: { ttlSeconds },
    });
    return token;
  }

  /** The device as alerts describe it. */
  async describe(userId: string, deviceId: string): Promise<DeviceView | null> {
    return this.devices.findOwned(userId, deviceId);
  }

  /**
   * What a session on this device is called: the name its owner gave the device (PATCH
   * /devices/{id}), else one derived from the user agent ("Chrome on macOS").
   */
  sessionDeviceName(device: DeviceView | null, userAgent: string | undefined): string {
    return device?.name ?? defaultDeviceName(deviceTraitsOf(userAgent));
  }

  list(userId: string): Promise<DeviceView[]> {
    return this.devices.listOwned(userId);
  }

  async rename(userId: string, deviceId: string, name: string): Promise<DeviceView> {
    const device = await this.owned(userId, deviceId);
    return this.devices.update(device.id, { name: name.trim().slice(0, 100) });
  }

  async trust(userId: string, deviceId: string): Promise<{ device: DeviceView; deviceToken: string }> {
    const deviceToken = await this.trustFor(userId, deviceId, this.config.defence.deviceTrustTtlS);
    return { device: await this.owned(userId, deviceId), deviceToken };
  }

  async untrust(userId: string, deviceId: string): Promise<DeviceView> {
    const device = await this.owned(userId, deviceId);
    const updated = await this.devices.update(device.id, {
      status: 'PENDING',
      trustedUntil: null,
      trustTokenHash: null,
    });
    await this.securityEvents.record({
      userId,
      type: SECURITY_EVENT_TYPES.deviceUntrusted,
      severity: 'info',
      deviceId: device.id,
    });
    return updated;
  }

  /** Forgets the device and ends every sign-in made on it. */
  async revoke(userId: string, deviceId: string): Promise<void> {
    const device = await this.owned(userId, deviceId);
    const families = await this.devices.liveFamiliesOf(device.id);
    for (const familyId of families) await this.revocations.revokeFamily(familyId, 'device_revoked');
    await this.devices.update(device.id, { status: 'REVOKED', trustedUntil: null, trustTokenHash: null });
    await this.securityEvents.record({
      userId,
      type: SECURITY_EVENT_TYPES.deviceRevoked,
      severity: 'warning',
      deviceId: device.id,
      metadata: { endedSessions: families.length },
    });
  }

  private async owned(userId: string, deviceId: string): Promise<DeviceView> {
    const device = await this.devices.findOwned(userId, deviceId);
    if (!device || device.status === 'REVOKED') throw new DeviceNotFoundError();
    return device;
  }
}
