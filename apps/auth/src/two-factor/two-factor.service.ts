import { Injectable } from '@nestjs/common';
import { TwoFactorRepository } from './two-factor.repository';
import { FACTOR_METHODS, FactorMethod, MfaMethod } from './two-factor.types';

export interface FactorSummary {
  id: string;
  method: FactorMethod;
  label: string | null;
  /** SMS only, mostly hidden. */
  destination?: string;
  enabledAt: Date;
  lastUsedAt: Date | null;
}

export interface TwoFactorOverview {
  enabled: boolean;
  methods: MfaMethod[];
  factors: FactorSummary[];
  backupCodesLeft: number;
}

/** "+436641234567" → "+43•••••••67": enough to recognise, not enough to use. */
export const maskPhoneNumber = (phone: string): string =>
  `${phone.slice(0, 3)}${'•'.repeat(Math.max(0, phone.length - 5))}${phone.slice(-2)}`;

/** What a user sees of their own second factors: never a secret. */
@Injectable()
export class TwoFactorService {
  constructor(private readonly factors: TwoFactorRepository) {}

  /** Methods a sign-in can be challenged with, strongest first; backup codes only next to a factor. */
  async enabledMethods(userId: string): Promise<MfaMethod[]> {
    return (await this.overview(userId)).methods;
  }

  async overview(userId: string): Promise<TwoFactorOverview> {
    const active = await this.factors.activeFactors(userId);
    const backupCodesLeft = active.length > 0 ? await this.factors.unusedBackupCodes(userId) : 0;
    const enrolled = new Set(active.map((factor) => factor.method));
    const methods: MfaMethod[] = FACTOR_METHODS.filter((method) => enrolled.has(method));
    if (methods.length > 0 && backupCodesLeft > 0) methods.push('backup_code');
    return {
      enabled: active.length > 0,
      methods,
      backupCodesLeft,
      factors: active.map((factor) => ({
        id: factor.id,
        method: factor.method,
        label: factor.label,
        ...(factor.method === 'sms' &&
          factor.destination && { destination: maskPhoneNumber(factor.destination) }),
        enabledAt: factor.verifiedAt ?? factor.createdAt,
        lastUsedAt: factor.lastUsedAt,
      })),
    };
  }
}
