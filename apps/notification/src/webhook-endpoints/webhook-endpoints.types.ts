export interface WebhookEndpointRecord {
  id: string;
  url: string;
  description: string | null;
  enabled: boolean;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
  createdById: string | null;
  ownerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}
