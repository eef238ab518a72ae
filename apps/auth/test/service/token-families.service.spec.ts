import { randomUUID } from 'node:crypto';
import { REFRESH_TOKEN_REUSED } from '@orion/contracts';
import { Clock } from '@orion/core';
import { ServiceTier, startServiceTier } from '@orion/testing';
import { AUTH_CONFIG, loadAuthConfig } from '../../src/config/auth.config';
import { PrismaService } from '../../src/database/prisma.service';
import { TransactionRunner } from '../../src/database/transaction.runner';
import { TokenFamiliesService } from '../../src/tokens/token-families.service';
import { TokensModule } from '../../src/tokens/tokens.module';

const GRACE_S = 10;
const ENV = {
  AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
  REFRESH_REUSE_GRACE_S: String(GRACE_S),
};
const CLIENT = { ip: '203.0.113.7', userAgent: 'service-tier' };

class AuthConfigModule {}

describe('refresh-token families (service tier: real repositories and database)', () => {
  let tier: ServiceTier;
  let families: TokenFamiliesService;

  beforeAll(async () => {
    tier = await startServiceTier({
      service: 'auth',
      prisma: PrismaService,
      transactions: TransactionRunner,
      env: ENV,
      imports: () => [
        {
          module: AuthConfigModule,
          global: true,
          providers: [{ provide: AUTH_CONFIG, useValue: loadAuthConfig({ NODE_ENV: 'test', ...ENV }) }],
          exports: [AUTH_CONFIG],
        },
        TokensModule,
      ],
    });
    families = tier.get(TokenFamiliesService);
  });

  afterEach(() => tier.clock.restore());
  afterAll(() => tier?.stop());

  const now = () => tier.get(Clock).now();

  const signIn = () =>
    families.start(
      {
        userId: randomUUID(),
        familyId: families.newFamilyId(),
        sessionId: randomUUID(),
        authentication: { authTime: now(), amr: ['pwd'] },
        emailVerified: true,
      },
      CLIENT,
      now(),
    );

  const statuses = (familyOf: string) =>
    tier.query<{ status: string }>(
      `SELECT status FROM auth_tokens WHERE type = 'REFRESH'
         AND family_id = (SELECT family_id FROM auth_tokens WHERE id = $1) ORDER BY generation`,
      [familyOf],
    );

  const tokenId = async (refreshToken: string) => {
    const owner = await families.ownerOf(refreshToken);
    const [row] = await tier.query<{ id: string }>(
      "SELECT id FROM auth_tokens WHERE family_id = $1 AND type = 'REFRESH' ORDER BY generation LIMIT 1",
      [owner!.familyId],
    );
    return row!.id;
  };

  it('answers a rotated token presented again within the grace with the same successor pair', async () => {
    const first = await signIn();
    const second = await families.refresh(first.refreshToken, CLIENT, now());
    tier.clock.advance((GRACE_S - 5) * 1000);
    const again = await families.refresh(first.refreshToken, CLIENT, now());
    expect(again.refreshToken).toBe(second.refreshToken);
    expect((await statuses(await tokenId(first.refreshToken))).map((r) => r.status)).toEqual([
      'ROTATED',
      'ACTIVE',
    ]);
  });

  it('revokes the whole family when a rotated token comes back after the grace, and announces it', async () => {
    const first = await signIn();
    const second = await families.refresh(first.refreshToken, CLIENT, now());
    const firstId = await tokenId(first.refreshToken);
    tier.clock.advance((GRACE_S + 1) * 1000);

    await expect(families.refresh(first.refreshToken, CLIENT, now())).rejects.toMatchObject({
      code: 'REFRESH_TOKEN_REUSED',
    });
    expect((await statuses(firstId)).map((r) => r.status)).toEqual(['REVOKED', 'REVOKED']);
    const owner = await families.ownerOf(first.refreshToken);
    expect(tier.events.of(REFRESH_TOKEN_REUSED)).toContainEqual(
      expect.objectContaining({ userId: owner!.userId, familyId: owner!.familyId }),
    );
    // The successor went with its family: the thief and the owner both have to sign in again.
    await expect(families.refresh(second.refreshToken, CLIENT, now())).rejects.toMatchObject({
      code: 'REFRESH_TOKEN_INVALID',
    });
  });
});
