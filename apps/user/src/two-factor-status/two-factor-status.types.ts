/** What the auth service last told about a user's second factors; no secrets ever reach here. */
export interface TwoFactorStatus {
  enabled: boolean;
  methods: { totp: boolean; sms: boolean; email: boolean; webauthn: boolean };
  backupCodesRemaining: number;
  required: boolean;
  syncedAt: Date | null;
}
