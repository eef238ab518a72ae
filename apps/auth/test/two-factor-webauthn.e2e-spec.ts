import { AuthServiceUnderTest } from './support/auth-service';
import {
  newSignedInUser,
  ORIGIN,
  RP_ID,
  SignedInUser,
  signInExpectingChallenge,
  SoftwareAuthenticator,
  TWO_FACTOR_ENV,
} from './support/two-factor';

describe('security keys (WebAuthn) with a software authenticator', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start(TWO_FACTOR_ENV);
  });

  afterAll(async () => {
    await auth?.stop();
  });

  async function register(user: SignedInUser, key: SoftwareAuthenticator, label: string) {
    const options = await auth.call('POST', '/api/v1/two-factor/webauthn/registration/options', {
      bearer: user.accessToken,
    });
    expect(options.statusCode).toBe(200);
    return auth.call('POST', '/api/v1/two-factor/webauthn/registration/verify', {
      bearer: user.accessToken,
      body: { response: key.register(options.json()), label },
    });
  }

  /** Sign-in up to the point where the browser would call navigator.credentials.get(). */
  async function assertionOptions(user: SignedInUser) {
    const { challengeToken, methods } = await signInExpectingChallenge(auth, user.email);
    const options = await auth.call('POST', '/api/v1/auth/mfa/webauthn/options', {
      body: { challengeToken },
    });
    expect(options.statusCode).toBe(200);
    return { challengeToken, methods, options: options.json() };
  }

  it('registers two keys, signs in with each, renames and removes one', async () => {
    const user = await newSignedInUser(auth, 'webauthn');
    const first = new SoftwareAuthenticator();
    const second = new SoftwareAuthenticator();

    const options = await auth.call('POST', '/api/v1/two-factor/webauthn/registration/options', {
      bearer: user.accessToken,
    });
    expect(options.json()).toMatchObject({
      rp: { id: RP_ID, name: 'Orion tests' },
      user: { name: user.email },
      attestation: 'none',
      challenge: expect.any(String),
    });
    const firstRegistered = await auth.call('POST', '/api/v1/two-factor/webauthn/registration/verify', {
      bearer: user.accessToken,
      body: { response: first.register(options.json()), label: 'Desk key' },
    });
    expect(firstRegistered.statusCode).toBe(201);
    expect(firstRegistered.json().backupCodes).toHaveLength(10);
    const secondRegistered = await register(user, second, 'Spare key');
    expect(secondRegistered.statusCode).toBe(201);
    // Backup codes come with the first factor only.
    expect(secondRegistered.json().backupCodes).toBeUndefined();

    // The second key's options exclude the first one.
    const third = await auth.call('POST', '/api/v1/two-factor/webauthn/registration/options', {
      bearer: user.accessToken,
    });
    expect(
      third
        .json()
        .excludeCredentials.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual([first.id, second.id].sort());

    const listed = await auth.call('GET', '/api/v1/two-factor/webauthn/credentials', {
      bearer: user.accessToken,
    });
    expect(listed.json().items.map((item: { label: string }) => item.label)).toEqual([
      'Desk key',
      'Spare key',
    ]);
    expect(listed.body).not.toContain('publicKey');

    // Sign in with each key in turn.
    for (const key of [first, second]) {
      const { challengeToken, methods, options: assertion } = await assertionOptions(user);
      expect(methods).toEqual(['webauthn', 'backup_code']);
      expect(assertion.allowCredentials.map((c: { id: string }) => c.id).sort()).toEqual(
        [first.id, second.id].sort(),
      );
      const verified = await auth.call('POST', '/api/v1/auth/mfa/verify', {
        body: { challengeToken, method: 'webauthn', credential: key.assert(assertion) },
      });
      expect(verified.statusCode).toBe(200);
      expect(verified.json().accessToken).toEqual(expect.any(String));
    }
    const counters = await auth.query<{ credential_id: string; sign_count: string }>(
      "SELECT credential_id, sign_count::text FROM two_factor_auth WHERE user_id = $1 AND method = 'WEBAUTHN'",
      [user.userId],
    );
    expect(Object.fromEntries(counters.map((row) => [row.credential_id, row.sign_count]))).toEqual({
      [first.id]: '1',
      [second.id]: '1',
    });

    const [firstItem, secondItem] = listed.json().items;
    const renamed = await auth.call('PATCH', `/api/v1/two-factor/webauthn/credentials/${firstItem.id}`, {
      bearer: user.accessToken,
      body: { label: 'Office YubiKey' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      id: firstItem.id,
      label: 'Office YubiKey',
      lastUsedAt: expect.any(String),
    });

    const removed = await auth.call('DELETE', `/api/v1/two-factor/webauthn/credentials/${secondItem.id}`, {
      bearer: user.accessToken,
    });
    expect(removed.statusCode).toBe(204);
    const after = await auth.call('GET', '/api/v1/two-factor/webauthn/credentials', {
      bearer: user.accessToken,
    });
    expect(after.json().items).toEqual([
      expect.objectContaining({ id: firstItem.id, label: 'Office YubiKey' }),
    ]);

    // The removed key no longer signs in; the remaining one does.
    const gone = await assertionOptions(user);
    expect(gone.options.allowCredentials.map((c: { id: string }) => c.id)).toEqual([first.id]);
    const refused = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: {
        challengeToken: gone.challengeToken,
        method: 'webauthn',
        credential: second.assert(gone.options),
      },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('MFA_CODE_INVALID');
    const accepted = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: {
        challengeToken: gone.challengeToken,
        method: 'webauthn',
        credential: first.assert(gone.options),
      },
    });
    expect(accepted.statusCode).toBe(200);

    const changes = await auth.query<{ type: string }>(
      "SELECT type FROM security_events WHERE user_id = $1 AND type LIKE 'two_factor.%' ORDER BY created_at",
      [user.userId],
    );
    expect(changes.map((row) => row.type)).toEqual([
      'two_factor.enabled',
      'two_factor.enabled',
      'two_factor.renamed',
      'two_factor.disabled',
    ]);
  });

  it('refuses an assertion whose signature counter did not grow (a cloned key) and records it', async () => {
    const user = await newSignedInUser(auth, 'clone');
    const key = new SoftwareAuthenticator();
    expect((await register(user, key, 'Key')).statusCode).toBe(201);
    const once = await assertionOptions(user);
    const first = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: {
        challengeToken: once.challengeToken,
        method: 'webauthn',
        credential: key.assert(once.options, 5),
      },
    });
    expect(first.statusCode).toBe(200);

    // A clone still at counter 5 (or lower) answers the next challenge.
    const twice = await assertionOptions(user);
    const cloned = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: {
        challengeToken: twice.challengeToken,
        method: 'webauthn',
        credential: key.assert(twice.options, 5),
      },
    });
    expect(cloned.statusCode).toBe(401);
    expect(cloned.json().code).toBe('MFA_CODE_INVALID');
    const [event] = await auth.query<{ severity: string }>(
      "SELECT severity FROM security_events WHERE user_id = $1 AND type = 'two_factor.webauthn_counter_regressed'",
      [user.userId],
    );
    expect(event?.severity).toBe('critical');
    const moved = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: {
        challengeToken: twice.challengeToken,
        method: 'webauthn',
        credential: key.assert(twice.options, 6),
      },
    });
    expect(moved.statusCode).toBe(200);
  });

  it('refuses registrations from another origin, for another RP id, or with a used challenge', async () => {
    const user = await newSignedInUser(auth, 'origin');
    const options = async () =>
      (
        await auth.call('POST', '/api/v1/two-factor/webauthn/registration/options', {
          bearer: user.accessToken,
        })
      ).json();
    const verify = (response: Record<string, unknown>) =>
      auth.call('POST', '/api/v1/two-factor/webauthn/registration/verify', {
        bearer: user.accessToken,
        body: { response },
      });

    const phishing = await verify(
      new SoftwareAuthenticator('https://orion-login.example').register(await options()),
    );
    expect(phishing.statusCode).toBe(422);
    expect(phishing.json().code).toBe('WEBAUTHN_VERIFICATION_FAILED');

    const otherRp = await options();
    const wrongRp = await verify(
      new SoftwareAuthenticator(ORIGIN).register({ ...otherRp, rp: { id: 'evil.test' } }),
    );
    expect(wrongRp.statusCode).toBe(422);

    // Each challenge answers one ceremony: the failed one above used it up.
    const key = new SoftwareAuthenticator();
    const reused = await verify(key.register(otherRp));
    expect(reused.statusCode).toBe(422);
    const fresh = await verify(key.register(await options()));
    expect(fresh.statusCode).toBe(201);

    expect(
      (
        await auth.call('DELETE', '/api/v1/two-factor/webauthn/credentials/not-a-uuid', {
          bearer: user.accessToken,
        })
      ).statusCode,
    ).toBe(400);
  });
});
