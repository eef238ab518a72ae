import { Clock } from '@orion/core';
import { ClockControl, controlClock, eventually } from '@orion/testing';
import { createHash, randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { SigningKeysService } from '../src/keys/signing-keys.service';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'lantern-meadow-copper-kettle';
const GRACE_S = 1;

describe('refresh-token families, revocation and signing keys', () => {
  let auth: AuthServiceUnderTest;
  let clock: ClockControl;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start({ REFRESH_REUSE_GRACE_S: String(GRACE_S) });
    clock = controlClock(auth.app.get(Clock));
  });

  afterEach(() => clock.restore());

  afterAll(async () => {
    await auth?.stop();
  });

  const refresh = (refreshToken: string) =>
    auth.call('POST', '/api/v1/auth/token/refresh', { body: { refreshToken } });
  const session = (accessToken: string) => auth.call('GET', '/api/v1/auth/session', { bearer: accessToken });

  it('rotates: a new pair, the old token ROTATED, the generation counting up', async () => {
    const first = await auth.signUpAndIn(uniqueEmail('rotate'), PASSWORD);
    const response = await refresh(first.refreshToken);
    expect(response.statusCode).toBe(200);
    const second = response.json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await session(second.accessToken)).statusCode).toBe(200);
    const rows = await auth.query<{ status: string; generation: number; parent_id: string | null }>(
      `SELECT status, generation, parent_id FROM auth_tokens
        WHERE type = 'REFRESH' AND family_id = (SELECT family_id FROM auth_tokens WHERE id = $1)
        ORDER BY generation`,
      [JSON.parse(Buffer.from(second.accessToken.split('.')[1], 'base64url').toString()).jti],
    );
    expect(rows.map((row) => [row.status, row.generation])).toEqual([
      ['ROTATED', 0],
      ['ACTIVE', 1],
    ]);
  });

  it('reports each refresh to the user service and stops at a session it has ended', async () => {
    const first = await auth.signUpAndIn(uniqueEmail('touch'), PASSWORD);
    const refreshed = await auth.call('POST', '/api/v1/auth/token/refresh', {
      headers: { 'x-forwarded-for': '192.0.2.44' },
      body: { refreshToken: first.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    const [touched] = await auth.users.query<{ ip_address: string }>(
      'SELECT ip_address FROM sessions WHERE id = $1',
      [first.sessionId],
    );
    expect(touched.ip_address).toBe('192.0.2.44');

    // Ended in the user service before its event reached auth: the refresh itself finds out.
    await auth.users.query("UPDATE sessions SET status = 'REVOKED', ended_at = now() WHERE id = $1", [
      first.sessionId,
    ]);
    expect((await refresh(refreshed.json().refreshToken)).statusCode).toBe(401);
    const live = await auth.query(
      `SELECT id FROM auth_tokens WHERE status = 'ACTIVE'
          AND family_id = (SELECT family_id FROM auth_tokens WHERE token_hash = encode(sha256($1::bytea), 'hex'))`,
      [refreshed.json().refreshToken],
    );
    expect(live).toEqual([]);
  });

  it('gives two parallel refreshes of one token the same new pair', async () => {
    const first = await auth.signUpAndIn(uniqueEmail('twins'), PASSWORD);
    const [a, b] = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json()).toEqual(b.json());
    expect((await refresh(a.json().refreshToken)).statusCode).toBe(200);
  });

  it('revokes the whole family when a rotated token comes back after the grace window', async () => {
    const email = uniqueEmail('reuse');
    const first = await auth.signUpAndIn(email, PASSWORD);
    const second = (await refresh(first.refreshToken)).json();
    clock.advance(GRACE_S * 1000 + 200);

    const reused = await refresh(first.refreshToken);
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('REFRESH_TOKEN_REUSED');
    // The legitimate holder's tokens die with the family.
    expect((await refresh(second.refreshToken)).json().code).toBe('REFRESH_TOKEN_INVALID');
    expect((await session(second.accessToken)).json().code).toBe('TOKEN_REVOKED');

    const [user] = await auth.users.query<{ id: string }>(
      'SELECT id FROM users WHERE email_normalized = $1',
      [email],
    );
    const statuses = await auth.query<{ status: string }>(
      'SELECT DISTINCT status FROM auth_tokens WHERE user_id = $1',
      [user.id],
    );
    expect(statuses).toEqual([{ status: 'REVOKED' }]);
    const events = await auth.query<{ severity: string }>(
      "SELECT severity FROM security_events WHERE user_id = $1 AND type = 'token.reuse_detected'",
      [user.id],
    );
    expect(events).toEqual([{ severity: 'critical' }]);
    const outbox = await auth.query<{ payload: { userId: string; familyId: string } }>(
      "SELECT payload FROM outbox_events WHERE name = 'auth.refresh-token-reused.v1'",
    );
    expect(outbox.map((row) => row.payload.userId)).toContain(user.id);
  });

  it('refuses a refresh token past its idle timeout or its family’s absolute lifetime', async () => {
    const idle = await auth.signUpAndIn(uniqueEmail('idle'), PASSWORD);
    const absolute = await auth.signUpAndIn(uniqueEmail('absolute'), PASSWORD);
    const hash = (token: string) => createHash('sha256').update(token).digest('hex');
    await auth.query(
      "UPDATE auth_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
      [hash(idle.refreshToken)],
    );
    await auth.query(
      "UPDATE auth_tokens SET absolute_expires_at = now() - interval '1 second' WHERE token_hash = $1",
      [hash(absolute.refreshToken)],
    );
    for (const token of [idle.refreshToken, absolute.refreshToken]) {
      const response = await refresh(token);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('REFRESH_TOKEN_EXPIRED');
    }
    // A rotation never extends the family's absolute lifetime.
    const fresh = await auth.signUpAndIn(uniqueEmail('cap'), PASSWORD);
    await auth.query(
      "UPDATE auth_tokens SET absolute_expires_at = now() + interval '1 hour' WHERE token_hash = $1",
      [hash(fresh.refreshToken)],
    );
    const rotated = (await refresh(fresh.refreshToken)).json();
    expect(new Date(rotated.refreshExpiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
  });

  it('ends the family when the user service ends the session, and all of them when the user is disabled', async () => {
    const email = uniqueEmail('ended');
    const pair = await auth.signUpAndIn(email, PASSWORD);
    const other = (
      await auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password: PASSWORD } })
    ).json();
    const [user] = await auth.users.query<{ id: string }>(
      'SELECT id FROM users WHERE email_normalized = $1',
      [email],
    );
    const ended = await auth.users.call('DELETE', `/api/v1/users/me/sessions/${pair.sessionId}`, {
      as: user.id,
    });
    expect(ended.statusCode).toBe(204);
    await eventually(
      async () => (await session(pair.accessToken)).statusCode === 401,
      'the family to be revoked',
    );
    expect((await refresh(pair.refreshToken)).statusCode).toBe(401);
    expect((await session(other.accessToken)).statusCode).toBe(200);

    const disabled = await auth.users.call('PATCH', `/api/v1/users/${user.id}/status`, {
      as: AuthServiceUnderTest.sampleAdminId,
      body: { status: 'SUSPENDED', reason: 'testing' },
    });
    expect(disabled.statusCode).toBe(200);
    await eventually(
      async () =>
        (await auth.query("SELECT 1 FROM auth_tokens WHERE user_id = $1 AND status = 'ACTIVE'", [user.id]))
          .length === 0,
      'every family to be revoked',
    );
    expect((await refresh(other.refreshToken)).statusCode).toBe(401);
    const signIn = await auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password: PASSWORD } });
    expect(signIn.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('ends the user-service session of a sign-out, and every one of a sign-out everywhere', async () => {
    const email = uniqueEmail('signed-out');
    const first = await auth.signUpAndIn(email, PASSWORD);
    const second = (
      await auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password: PASSWORD } })
    ).json();
    const third = (
      await auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password: PASSWORD } })
    ).json();
    const sessionState = async (sessionId: string) =>
      (
        await auth.users.query<{ status: string; end_reason: string | null }>(
          'SELECT status, end_reason FROM sessions WHERE id = $1',
          [sessionId],
        )
      )[0];
    expect(await sessionState(first.sessionId)).toEqual({ status: 'ACTIVE', end_reason: null });

    const out = await auth.call('POST', '/api/v1/auth/sign-out', {
      body: { refreshToken: first.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    await eventually(
      async () => (await sessionState(first.sessionId)).status !== 'ACTIVE',
      'the signed-out session to end in the user service',
    );
    expect(await sessionState(first.sessionId)).toEqual({ status: 'REVOKED', end_reason: 'signed_out' });
    expect((await sessionState(second.sessionId)).status).toBe('ACTIVE');

    const everywhere = await auth.call('POST', '/api/v1/auth/sign-out/all', { bearer: second.accessToken });
    expect(everywhere.statusCode).toBe(204);
    await eventually(
      async () =>
        (await sessionState(second.sessionId)).status !== 'ACTIVE' &&
        (await sessionState(third.sessionId)).status !== 'ACTIVE',
      'every session to end in the user service',
    );
    expect(await sessionState(third.sessionId)).toEqual({
      status: 'REVOKED',
      end_reason: 'signed_out_everywhere',
    });
  });

  describe('the shared guard', () => {
    let userId: string;
    let key: Awaited<ReturnType<SigningKeysService['signingKey']>>;

    beforeAll(async () => {
      key = await auth.app.get(SigningKeysService).signingKey();
      userId = randomUUID();
    });

    const claims = (overrides: { aud?: string; exp?: number; iat?: number } = {}) => {
      const iat = overrides.iat ?? Math.floor(Date.now() / 1000);
      return new SignJWT({ sid: randomUUID() })
        .setSubject(userId)
        .setJti(randomUUID())
        .setIssuer(auth.config.security.issuer)
        .setAudience(overrides.aud ?? auth.config.security.audience)
        .setIssuedAt(iat)
        .setExpirationTime(overrides.exp ?? iat + 300);
    };

    it('accepts a well-formed token signed with the published key', async () => {
      const token = await claims()
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey);
      expect((await session(token)).statusCode).toBe(200);
    });

    it('refuses alg none, a wrong audience, an expired token, a wrong typ and an unpublished kid', async () => {
      const header = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const payload = header({
        sub: userId,
        jti: randomUUID(),
        iss: auth.config.security.issuer,
        aud: auth.config.security.audience,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 300,
      });
      const none = `${header({ alg: 'none', typ: 'at+jwt', kid: key.kid })}.${payload}.`;
      const audience = await claims({ aud: 'someone-else' })
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey);
      const expired = await claims({
        iat: Math.floor(Date.now() / 1000) - 3600,
        exp: Math.floor(Date.now() / 1000) - 1800,
      })
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey);
      const wrongTyp = await claims()
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
        .sign(key.privateKey);
      const stranger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const unpublished = await claims()
        .setProtectedHeader({ alg: 'EdDSA', kid: randomUUID(), typ: 'at+jwt' })
        .sign(stranger.privateKey);
      const codes: Record<string, string> = {};
      for (const [name, token] of Object.entries({ none, audience, expired, wrongTyp, unpublished })) {
        const response = await session(token);
        expect(response.statusCode).toBe(401);
        codes[name] = response.json().code;
      }
      expect(codes).toEqual({
        none: 'TOKEN_INVALID',
        audience: 'TOKEN_INVALID',
        expired: 'TOKEN_EXPIRED',
        wrongTyp: 'TOKEN_INVALID',
        unpublished: 'TOKEN_INVALID',
      });
    });
  });

  it('rotates the signing key without signing anyone out', async () => {
    const keys = auth.app.get(SigningKeysService);
    const before = await auth.signUpAndIn(uniqueEmail('keys'), PASSWORD);
    const oldKid = JSON.parse(Buffer.from(before.accessToken.split('.')[0], 'base64url').toString()).kid;

    const newKid = await keys.rotate();
    const jwks = (await auth.call('GET', '/.well-known/jwks.json')).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));

    // Tokens of the old key still pass; new ones are signed by the new key and pass too.
    expect((await session(before.accessToken)).statusCode).toBe(200);
    const after = (await refresh(before.refreshToken)).json();
    expect(JSON.parse(Buffer.from(after.accessToken.split('.')[0], 'base64url').toString()).kid).toBe(newKid);
    expect((await session(after.accessToken)).statusCode).toBe(200);

    // Once every token of the old key has expired, the key leaves the JWKS.
    const [retired] = await auth.query<{ published_until: Date }>(
      'SELECT published_until FROM signing_keys WHERE id = $1',
      [oldKid],
    );
    expect(retired.published_until.getTime()).toBeGreaterThan(
      Date.now() + auth.authConfig.accessTokenTtlS * 1000,
    );
    const later = await keys.publicKeys(new Date(retired.published_until.getTime() + 1000));
    expect(later.map((k) => k.kid)).not.toContain(oldKid);
  });

  it('stores private keys encrypted only', async () => {
    const rows = await auth.query<{ private_key_encrypted: string; public_jwk: Record<string, unknown> }>(
      'SELECT private_key_encrypted, public_jwk FROM signing_keys',
    );
    for (const row of rows) {
      // SecretBox's versioned form: v2.<iv>.<tag>.<ciphertext>, nothing readable as a key.
      expect(row.private_key_encrypted).toMatch(/^v2(\.[A-Za-z0-9_-]+){3}$/);
      expect(row.private_key_encrypted).not.toContain('PRIVATE KEY');
      expect(row.public_jwk).not.toHaveProperty('d');
    }
  });
});
