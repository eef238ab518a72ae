export interface SessionRecord {
  id: string;
  userId: string;
  authFamilyId: string;
  status: string;
  deviceName: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  lastActivityAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  createdAt: Date;
}

export interface NewSession {
  userId: string;
  authFamilyId: string;
  deviceName?: string;
  ipAddress?: string;
  userAgent?: string;
  expiresAt: Date;
}

export interface SessionView extends SessionRecord {
  /** The session of the access token making this request. */
  current: boolean;
}
