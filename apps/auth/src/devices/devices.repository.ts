import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { DeviceStatus, DeviceTraits, DeviceView } from './device.types';

const VIEW = {
  id: true,
  userId: true,
  name: true,
  deviceType: true,
  os: true,
  browser: true,
  status: true,
  trustedUntil: true,
  lastSeenAt: true,
  lastIp: true,
  createdAt: true,
} as const;

/** devices, and the token families bound to one. */
@Injectable()
export class DevicesRepository {
  constructor(private readonly prisma: PrismaService) {}

  findByFingerprint(userId: string, fingerprintHash: string): Promise<DeviceView | null> {
    return this.prisma.device.findUnique({
      where: { userId_fingerprintHash: { userId, fingerprintHash } },
      select: VIEW,
    });
  }

  findByTrustToken(trustTokenHash: string): Promise<DeviceView | null> {
    return this.prisma.device.findUnique({ where: { trustTokenHash }, select: VIEW });
  }

  /** Touches a device recognised by its token, as upsertSeen does for a fingerprint. */
  touch(id: string, ip: string, now: Date): Promise<DeviceView> {
    return this.prisma.device.update({
      where: { id },
      data: { lastSeenAt: now, lastIp: ip.slice(0, 45) },
      select: VIEW,
    });
  }

  findOwned(userId: string, id: string): Promise<DeviceView | null> {
    return this.prisma.device.findFirst({ where: { id, userId }, select: VIEW });
  }

  /** Creates the device, or brings a revoked one back as pending; touches it either way. */
  async upsertSeen(device: {
    userId: string;
    fingerprintHash: string;
    name: string;
    traits: DeviceTraits;
    ip: string;
    now: Date;
  }): Promise<{ view: DeviceView; created: boolean }> {
    const existing = await this.findByFingerprint(device.userId, device.fingerprintHash);
    if (existing) {
      const revived = existing.status === 'REVOKED';
      const view = await this.prisma.device.update({
        where: { id: existing.id },
        data: {
          lastSeenAt: device.now,
          lastIp: device.ip.slice(0, 45),
          ...(revived && { status: 'PENDING', trustedUntil: null, trustTokenHash: null }),
        },
        select: VIEW,
      });
      return { view, created: revived };
    }
    try {
      const view = await this.prisma.device.create({
        data: {
          userId: device.userId,
          fingerprintHash: device.fingerprintHash,
          name: device.name.slice(0, 100),
          deviceType: device.traits.deviceType.slice(0, 32),
          os: device.traits.os?.slice(0, 64) ?? null,
          browser: device.traits.browser?.slice(0, 64) ?? null,
          lastSeenAt: device.now,
          lastIp: device.ip.slice(0, 45),
        },
        select: VIEW,
      });
      return { view, created: true };
    } catch (error) {
      // A concurrent first sign-in from the same device created it a moment ago.
      const raced = await this.findByFingerprint(device.userId, device.fingerprintHash);
      if (!raced) throw error;
      return { view: raced, created: false };
    }
  }

  /** Whether a sign-in on the device has ever completed. */
  async hasSignedIn(deviceId: string): Promise<boolean> {
    const found = await this.prisma.loginAttempt.findFirst({
      where: { deviceId, status: 'SUCCESS' },
      select: { id: true },
    });
    return found !== null;
  }

  countAll(userId: string): Promise<number> {
    return this.prisma.device.count({ where: { userId } });
  }

  listOwned(userId: string): Promise<DeviceView[]> {
    return this.prisma.device.findMany({
      where: { userId, status: { not: 'REVOKED' } },
      orderBy: { lastSeenAt: 'desc' },
      select: VIEW,
    });
  }

  async update(
    id: string,
    data: {
      name?: string;
      status?: DeviceStatus;
      trustedUntil?: Date | null;
      trustTokenHash?: string | null;
    },
  ): Promise<DeviceView> {
    return this.prisma.device.update({ where: { id }, data, select: VIEW });
  }

  /** Families with a live token issued on this device. */
  async liveFamiliesOf(deviceId: string): Promise<string[]> {
    const rows = await this.prisma.authToken.findMany({
      where: { deviceId, type: 'REFRESH', status: { in: ['ACTIVE', 'ROTATED'] } },
      select: { familyId: true },
      distinct: ['familyId'],
    });
    return rows.map((row) => row.familyId);
  }
}
