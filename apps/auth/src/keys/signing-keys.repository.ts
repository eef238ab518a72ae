import { Injectable } from '@nestjs/common';
import type { Prisma } from '@orion/prisma-auth';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';
import { StoredSigningKey, NewSigningKey } from './signing-keys.types';

// Serialises key creation and rotation across replicas (an arbitrary, fixed advisory-lock key).
const ROTATION_LOCK = 72707370;

/** The signing_keys table. */
@Injectable()
export class SigningKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Holds the rotation lock until `tx` ends, so two replicas never rotate at once. */
  async lockRotation(tx: Tx): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ROTATION_LOCK})`;
  }

  /** Keys still in the JWKS at `now`, oldest first. */
  async published(now: Date, tx?: Tx): Promise<StoredSigningKey[]> {
    const rows = await (tx ?? this.prisma).signingKey.findMany({
      where: { OR: [{ publishedUntil: null }, { publishedUntil: { gt: now } }] },
      orderBy: { activatesAt: 'asc' },
    });
    return rows.map((row) => ({
      kid: row.id,
      algorithm: row.algorithm,
      publicJwk: row.publicJwk as Record<string, unknown>,
      privateKeyEncrypted: row.privateKeyEncrypted,
      activatesAt: row.activatesAt,
      retiredAt: row.retiredAt,
      publishedUntil: row.publishedUntil,
    }));
  }

  async insert(key: NewSigningKey, tx: Tx): Promise<void> {
    await tx.signingKey.create({
      data: {
        id: key.kid,
        algorithm: key.algorithm,
        publicJwk: key.publicJwk as Prisma.InputJsonValue,
        privateKeyEncrypted: key.privateKeyEncrypted,
        activatesAt: key.activatesAt,
      },
    });
  }

  /** Stops a key signing at `retiredAt` and drops it from the JWKS after `publishedUntil`. */
  async retire(kid: string, retiredAt: Date, publishedUntil: Date, tx: Tx): Promise<void> {
    await tx.signingKey.update({ where: { id: kid }, data: { retiredAt, publishedUntil } });
  }
}
