import type { SessionDto } from './dto/session.dto';
import type { SessionView } from './sessions.service';

export function toSessionDto(session: SessionView): SessionDto {
  return {
    id: session.id,
    deviceName: session.deviceName,
    ipAddress: session.ipAddress,
    userAgent: session.userAgent,
    lastActivityAt: session.lastActivityAt.toISOString(),
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    current: session.current,
  };
}
