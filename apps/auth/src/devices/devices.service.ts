import { Inject, Injectable } from '@nestjs/common';
import { AUTH_CONFIG, AuthConfig } from '../config/auth-config';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SECURITY_EVENT_TYPES } from '../security-events/security-event.types';
import type { SignInClient } from '../sign-in/sign-in.types';
import { TokenFamiliesService } from '../tokens/token-families.service';
import { defaultDeviceName, deviceFingerprint, deviceTraitsOf } from './device-fingerprint';
import { DeviceView, RecognisedDevice } from './device.types';
import { DeviceNotFoundError } from './devices.errors';
import { DevicesRepository } from './devices.repository';

const isTrusted = (device: DeviceView, now: Date): boolean =>
  device.status === 'TRUSTED' && device.trustedUntil !== null && device.trustedUntil > now;

/** The devices a user signs in from: recognising them, trust, and what the owner may do with them. */
@Injectable()
export class DevicesService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly families: TokenFamiliesService,
    private readonly securityEvents: SecurityEventsService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** Records the device a sign-in comes from (creating it the first time) after the first factor. */
  async recognise(userId: string, client: SignInClient, now = new Date()): Promise<RecognisedDevice> {
    const traits = deviceTraitsOf(client.userAgent);
    const name = defaultDeviceName(traits);
    const { view, created } = await this.devices.upsertSeen({
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
    return { deviceId: view.id, newDevice, trusted: isTrusted(view, now), name: view.name ?? name, traits };
  }

  /** Whether this client is one of the user's currently trusted devices; creates nothing. */
  async isTrustedClient(userId: string, client: SignInClient, now = new Date()): Promise<boolean> {
    const fingerprint = deviceFingerprint(client.deviceId, deviceTraitsOf(client.userAgent));
    const device = await this.devices.findByFingerprint(userId, fingerprint);
    return device !== null && isTrusted(device, now);
  }

  /** The second factor may be skipped on this device for `ttlSeconds`. */
  async trustFor(userId: string, deviceId: string, ttlSeconds: number): Promise<void> {
    const device = await this.owned(userId, deviceId);
    await this.devices.update(device.id, {
      status: 'TRUSTED',
      trustedUntil: new Date(Date.now() + ttlSeconds * 1000),
    });
    await this.securityEvents.record({
      userId,
      type: SECURITY_EVENT_TYPES.deviceTrusted,
      severity: 'info',
      deviceId: device.id,
      metadata: { ttlSeconds },
    });
  }

  /** The device as alerts describe it. */
  async describe(userId: string, deviceId: string): Promise<DeviceView | null> {
    return this.devices.findOwned(userId, deviceId);
  }

  list(userId: string): Promise<DeviceView[]> {
    return this.devices.listOwned(userId);
  }

  async rename(userId: string, deviceId: string, name: string): Promise<DeviceView> {
    const device = await this.owned(userId, deviceId);
    return this.devices.update(device.id, { name: name.trim().slice(0, 100) });
  }

  async trust(userId: string, deviceId: string): Promise<DeviceView> {
    await this.trustFor(userId, deviceId, this.config.defence.deviceTrustTtlS);
    return this.owned(userId, deviceId);
  }

  async untrust(userId: string, deviceId: string): Promise<DeviceView> {
    const device = await this.owned(userId, deviceId);
    const updated = await this.devices.update(device.id, { status: 'PENDING', trustedUntil: null });
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
    for (const familyId of families) await this.families.revokeFamily(familyId, 'device_revoked');
    await this.devices.update(device.id, { status: 'REVOKED', trustedUntil: null });
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
