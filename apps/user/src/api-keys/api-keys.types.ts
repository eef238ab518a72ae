export interface ApiKeyRecord {
  id: string;
  userId: string;
  name: string;
  keyPrefix: string;
  scopes: string[];
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Set on a key that was rotated: the id of its replacement. */
  rotatedTo: string | null;
  createdAt: Date;
}

/** What verification needs: the hash and the owner's standing. */
export interface ApiKeyCredential extends ApiKeyRecord {
  keyHash: string;
  deletedAt: Date | null;
  ownerActive: boolean;
}

export interface NewApiKey {
  userId: string;
  name: string;
  keyPrefix: string;
  keyHash: string;
  scopes: string[];
  expiresAt: Date | null;
  rotatedFrom?: string;
}

export interface NewKeyRequest {
  name: string;
  scopes: string[];
  expiresAt?: Date;
}

export type ApiKeyState = 'active' | 'expired' | 'revoked';

export interface ApiKeyView extends ApiKeyRecord {
  state: ApiKeyState;
}

/** A key just issued: the only moment its secret exists outside the client. */
export interface IssuedApiKey extends ApiKeyView {
  key: string;
}
