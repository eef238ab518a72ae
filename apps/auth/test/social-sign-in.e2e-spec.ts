import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LogCapture } from '@orion/testing';
import { totpCodeAt } from '../src/two-factor/totp-codes';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const CLIENT = { client_id: 'orion-auth', client_secret: 'a-client-secret-of-the-test-provider' };
const FRONTEND = 'http://localhost:3000/auth/callback';
const PASSWORD = 'harbour-lantern-quietly-87';

interface ProviderAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

/** The OpenID provider fixture as a child process; resolves once it prints its issuer. */
async function startProvider(): Promise<{ issuer: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_CLIENT: JSON.stringify({
        ...CLIENT,
        redirect_uris: [`${FRONTEND}/test`, `${FRONTEND}/other`],
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const issuer = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited with ${code}`)));
    lines.once('line', (line) => resolve(JSON.parse(line).issuer));
  });
  return { issuer, child };
}

/** Follows redirects like a browser (cookies included) until one leaves for the front end. */
async function followToFrontend(start: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 20; hop += 1) {
    if (url.startsWith(FRONTEND)) return new URL(url);
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`the provider answered ${response.status} at ${url}: ${await response.text()}`);
    }
    url = new URL(location, url).toString();
  }
  throw new Error('too many redirects');
}

describe('social sign-in with a real OpenID provider', () => {
  let auth: AuthServiceUnderTest;
  let provider: { issuer: string; child: ChildProcess };
  const logs = new LogCapture();

  beforeAll(async () => {
    provider = await startProvider();
    const entry = { issuer: provider.issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret };
    auth = await AuthServiceUnderTest.start(
      {
        OIDC_PROVIDERS: JSON.stringify([
          { id: 'test', ...entry },
          { id: 'other', ...entry },
          // Nothing listens there: a provider that is down.
          { id: 'down', issuer: 'http://127.0.0.1:9/', clientId: 'x' },
        ]),
        OIDC_REDIRECT_URIS: `${FRONTEND}/{provider}`,
        // Request lines are info: the log test reads them.
        LOG_LEVEL: 'info',
      },
      { logs },
    );
  });

  afterAll(async () => {
    await auth?.stop();
    provider?.child.kill('SIGTERM');
  });

  const uniqueSubject = () => `subject-${randomBytes(6).toString('hex')}`;

  async function loginAs(account: ProviderAccount): Promise<void> {
    const response = await fetch(`${provider.issuer}/test/account`, {
      method: 'POST',
      body: JSON.stringify(account),
    });
    expect(response.status).toBe(204);
  }

  /** The flow cookie each started flow set, by state: what the browser that started it holds. */
  const flowCookies = new Map<string, string>();
  /** The flowBinding each start answered, by state: what a front end without cookies keeps. */
  const flowBindings = new Map<string, string>();

  /** Starts at auth, logs in at the provider, returns the query string the front end receives. */
  async function throughProvider(providerId = 'test', bearer?: string): Promise<URLSearchParams> {
    const started = bearer
      ? await auth.call('POST', `/api/v1/auth/social/${providerId}/link`, { bearer, body: {} })
      : await auth.call('GET', `/api/v1/auth/social/${providerId}/authorize`, {
          headers: { accept: 'application/json' },
        });
    expect(started.statusCode).toBe(200);
    const landed = await followToFrontend(started.json().authorizationUrl);
    expect(`${landed.origin}${landed.pathname}`).toBe(`${FRONTEND}/${providerId}`);
    const state = landed.searchParams.get('state')!;
    const [cookie] = started.cookies as { name: string; value: string }[];
    flowCookies.set(state, `${cookie!.name}=${cookie!.value}`);
    flowBindings.set(state, started.json().flowBinding);
    return landed.searchParams;
  }

  /**
   * The front end passes the query string on to the callback route, from the browser that started
   * the flow (with its cookie) unless `from` says otherwise.
   */
  const callback = (
    params: URLSearchParams,
    providerId = 'test',
    bearer?: string,
    from: { cookie?: string; binding?: string } | 'same-browser' = 'same-browser',
  ) => {
    const headers: Record<string, string> = {};
    const cookie = from === 'same-browser' ? flowCookies.get(params.get('state') ?? '') : from.cookie;
    if (cookie) headers.cookie = cookie;
    if (from !== 'same-browser' && from.binding) headers['x-social-flow-binding'] = from.binding;
    return auth.call('GET', `/api/v1/auth/social/${providerId}/callback?${params.toString()}`, {
      bearer,
      headers,
    });
  };

  async function signInWith(account: ProviderAccount) {
    await loginAs(account);
    return callback(await throughProvider());
  }

  const linksOf = (userId: string) =>
    auth.query<{ provider: string; provider_user_id: string }>(
      'SELECT provider, provider_user_id FROM oauth_providers WHERE user_id = $1 ORDER BY provider',
      [userId],
    );

  async function accountOf(email: string) {
    const [user] = await auth.users.query<{
      id: string;
      status: string;
      password_hash: string | null;
      email_verified_at: Date | null;
    }>('SELECT id, status, password_hash, email_verified_at FROM users WHERE email_normalized = $1', [email]);
    return user;
  }

  /** A password account whose address the user service has verified. */
  async function verifiedPasswordAccount(label: string) {
    const email = uniqueEmail(label);
    const pair = await auth.signUpAndIn(email, PASSWORD);
    const user = await accountOf(email);
    const confirmed = await auth.users.call('POST', `/api/v1/users/${user.id}/email-verification/confirm`, {
      as: AuthServiceUnderTest.sampleAdminId,
    });
    expect(confirmed.statusCode).toBe(200);
    return { email, userId: user.id, pair };
  }

  it('redirects to the provider with PKCE S256, state and nonce', async () => {
    const response = await auth.call('GET', '/api/v1/auth/social/test/authorize');
    expect(response.statusCode).toBe(302);
    const location = new URL(response.headers.location as string);
    expect(location.origin).toBe(provider.issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: CLIENT.client_id,
      response_type: 'code',
      redirect_uri: `${FRONTEND}/test`,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
    const other = await auth.call(
      'GET',
      '/api/v1/auth/social/test/authorize?redirectUri=https://evil.example/cb',
    );
    expect(other.json().code).toBe('REDIRECT_URI_NOT_ALLOWED');
    expect((await auth.call('GET', '/api/v1/auth/social/nope/authorize')).json().code).toBe(
      'IDENTITY_PROVIDER_UNKNOWN',
    );
    const down = await auth.call('GET', '/api/v1/auth/social/down/authorize');
    expect(down.statusCode).toBe(503);
    expect(down.json().code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
  });

  it('creates a passwordless, verified account for a new identity and signs it in', async () => {
    const email = uniqueEmail('newcomer');
    const subject = uniqueSubject();
    const response = await signInWith({ sub: subject, email, email_verified: true, name: 'New Comer' });
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result.status).toBe('authenticated');

    const user = await accountOf(email);
    expect(user).toMatchObject({
      status: 'ACTIVE',
      password_hash: null,
      email_verified_at: expect.any(Date),
    });
    // The provider vouched for the address: no verification e-mail.
    expect(await auth.users.query('SELECT 1 FROM email_verifications WHERE user_id = $1', [user.id])).toEqual(
      [],
    );
    expect(await linksOf(user.id)).toEqual([{ provider: 'test', provider_user_id: subject }]);
    const session = await auth.call('GET', '/api/v1/auth/session', { bearer: result.tokens.accessToken });
    expect(session.json().userId).toBe(user.id);
    const attempts = await auth.query<{ method: string; status: string }>(
      'SELECT method, status FROM login_attempts WHERE user_id = $1',
      [user.id],
    );
    expect(attempts).toContainEqual({ method: 'oidc', status: 'SUCCESS' });
    // Like any sign-in it moves lastLoginAt and names its session after the device.
    const [signedIn] = await auth.users.query<{ last_login_at: Date; created_at: Date; device_name: string }>(
      `SELECT u.last_login_at, s.created_at, s.device_name FROM users u JOIN sessions s ON s.user_id = u.id
        WHERE u.id = $1`,
      [user.id],
    );
    expect(signedIn!.last_login_at).toEqual(signedIn!.created_at);
    expect(signedIn!.device_name).toEqual(expect.any(String));

    // The same identity later signs in to the same account, whatever address it shows then.
    const again = await signInWith({ sub: subject, email: uniqueEmail('changed'), email_verified: true });
    expect(again.statusCode).toBe(200);
    const secondSession = await auth.call('GET', '/api/v1/auth/session', {
      bearer: again.json().tokens.accessToken,
    });
    expect(secondSession.json().userId).toBe(user.id);
  });

  it('links a new identity to the existing account when both sides verified the address', async () => {
    const { email, userId } = await verifiedPasswordAccount('existing');
    const subject = uniqueSubject();
    const response = await signInWith({ sub: subject, email, email_verified: true });
    expect(response.statusCode).toBe(200);
    const session = await auth.call('GET', '/api/v1/auth/session', {
      bearer: response.json().tokens.accessToken,
    });
    expect(session.json().userId).toBe(userId);
    expect(await linksOf(userId)).toEqual([{ provider: 'test', provider_user_id: subject }]);
    // The owner hears of the new way into their account.
    const events = await auth.query('SELECT 1 FROM security_events WHERE user_id = $1 AND type = $2', [
      userId,
      'social.linked',
    ]);
    expect(events).toHaveLength(1);
    const outbox = await auth.query<{ payload: { userId: string; provider: string } }>(
      "SELECT payload FROM outbox_events WHERE name = 'auth.social-account-linked.v1'",
    );
    expect(outbox.map((row) => row.payload)).toContainEqual(
      expect.objectContaining({ userId, provider: 'test' }),
    );
  });

  it('never links an address the provider did not verify, nor an account that has not verified it, and never says an account exists', async () => {
    const notices = async (userId: string) =>
      (
        await auth.query<{ payload: { userId: string; provider: string } }>(
          `SELECT payload FROM outbox_events WHERE name = 'auth.social-sign-in-not-linked.v1'
              AND payload->>'userId' = $1`,
          [userId],
        )
      ).map((row) => row.payload);
    const answerOf = (response: { statusCode: number; json: () => Record<string, unknown> }) => ({
      status: response.statusCode,
      body: response.json(),
    });

    // A verified account, and a provider that does not vouch for the address.
    const { email, userId } = await verifiedPasswordAccount('guarded');
    const unverified = answerOf(await signInWith({ sub: uniqueSubject(), email, email_verified: false }));
    expect(await linksOf(userId)).toEqual([]);

    // Someone registered the address first and never proved it: no takeover through the provider.
    const squatted = uniqueEmail('squatted');
    await auth.signUp(squatted, PASSWORD, { verified: false });
    const squatter = await accountOf(squatted);
    const takeover = answerOf(
      await signInWith({ sub: uniqueSubject(), email: squatted, email_verified: true }),
    );
    expect(await linksOf(squatter.id)).toEqual([]);

    // A new address the provider did not vouch for: an account that must verify it first.
    const fresh = uniqueEmail('unproven');
    const newcomer = answerOf(
      await signInWith({ sub: uniqueSubject(), email: fresh, email_verified: false }),
    );
    const unproven = await accountOf(fresh);
    expect(unproven).toMatchObject({ status: 'PENDING_VERIFICATION', email_verified_at: null });
    expect(
      await auth.users.query('SELECT 1 FROM email_verifications WHERE user_id = $1', [unproven.id]),
    ).toHaveLength(1);

    // One answer for all three, without tokens: the caller cannot tell which address is taken.
    expect(newcomer).toEqual({
      status: 200,
      body: {
        status: 'verification_pending',
        message: expect.stringContaining('Check your e-mail'),
      },
    });
    expect(unverified).toEqual(newcomer);
    expect(takeover).toEqual(newcomer);
    // The owners are told instead.
    expect(await notices(userId)).toEqual([expect.objectContaining({ userId, provider: 'test' })]);
    expect(await notices(squatter.id)).toEqual([expect.objectContaining({ userId: squatter.id })]);
    expect(await notices(unproven.id)).toEqual([]);
  });

  it('asks for the second factor the account has enrolled, like a password sign-in', async () => {
    const { email, pair } = await verifiedPasswordAccount('with-totp');
    const enrolment = await auth.call('POST', '/api/v1/two-factor/totp', {
      bearer: pair.accessToken,
      body: {},
    });
    expect(enrolment.statusCode).toBe(201);
    const confirmed = await auth.call('POST', '/api/v1/two-factor/totp/confirm', {
      bearer: pair.accessToken,
      body: { code: await totpCodeAt(enrolment.json().secret) },
    });
    expect(confirmed.statusCode).toBe(200);

    const response = await signInWith({ sub: uniqueSubject(), email, email_verified: true });
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result.status).toBe('mfa_required');
    expect(result.challenge.methods).toContain('totp');
    expect(result.tokens).toBeUndefined();
  });

  it('refuses a disabled account, however its identity is linked', async () => {
    const email = uniqueEmail('suspended');
    const account = { sub: uniqueSubject(), email, email_verified: true };
    expect((await signInWith(account)).statusCode).toBe(200);
    const user = await accountOf(email);
    const suspended = await auth.users.call('PATCH', `/api/v1/users/${user.id}/status`, {
      as: AuthServiceUnderTest.sampleAdminId,
      body: { status: 'SUSPENDED', reason: 'testing' },
    });
    expect(suspended.statusCode).toBe(200);
    const refused = await signInWith(account);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('SOCIAL_ACCOUNT_DISABLED');
  });

  it('refuses a callback whose state is unknown, used, or from another provider’s flow', async () => {
    await loginAs({ sub: uniqueSubject(), email: uniqueEmail('state'), email_verified: true });
    const params = await throughProvider();

    const forged = new URLSearchParams(params);
    forged.set('state', randomBytes(16).toString('base64url'));
    const refused = await callback(forged);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('SOCIAL_STATE_INVALID');
    expect((await callback(new URLSearchParams({ code: params.get('code')! }))).json().code).toBe(
      'SOCIAL_STATE_INVALID',
    );

    // A state started for one provider is worthless at another's callback, and it is used up.
    expect((await callback(params, 'other')).json().code).toBe('SOCIAL_STATE_INVALID');
    expect((await callback(params)).json().code).toBe('SOCIAL_STATE_INVALID');

    const fresh = await throughProvider();
    expect((await callback(fresh)).statusCode).toBe(200);
    expect((await callback(fresh)).json().code).toBe('SOCIAL_STATE_INVALID');
  });

  it('binds the flow to the browser that started it: a callback replayed elsewhere redeems nothing', async () => {
    const email = uniqueEmail('bound');
    await loginAs({ sub: uniqueSubject(), email, email_verified: true });
    const started = await auth.call('GET', '/api/v1/auth/social/test/authorize');
    expect(started.statusCode).toBe(302);
    const setCookie = String(started.headers['set-cookie']);
    expect(setCookie).toMatch(/^orion_oidc_[0-9a-f]{16}=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\/api\/v1\/auth\/social/);

    const params = await throughProvider();
    // Whoever reads the callback URL (a log, a referrer, a shared screen) replays it elsewhere:
    // without the cookie, with a guessed binding, or with the cookie of a flow of their own.
    const stolen = await callback(params, 'test', undefined, {});
    expect(stolen.statusCode).toBe(403);
    expect(stolen.json().code).toBe('SOCIAL_FLOW_BINDING_INVALID');
    const guessed = await callback(params, 'test', undefined, {
      binding: randomBytes(32).toString('base64url'),
    });
    expect(guessed.json().code).toBe('SOCIAL_FLOW_BINDING_INVALID');
    const ownFlow = await throughProvider();
    const ownCookie = flowCookies.get(ownFlow.get('state')!)!;
    const cookieName = flowCookies.get(params.get('state')!)!.split('=')[0];
    const swapped = await callback(params, 'test', undefined, {
      cookie: `${cookieName}=${ownCookie.split('=')[1]}`,
    });
    expect(swapped.json().code).toBe('SOCIAL_FLOW_BINDING_INVALID');
    // Nothing was redeemed: no account was made for the identity.
    expect(await accountOf(email)).toBeUndefined();

    // The browser that started the flow still finishes it, once.
    const finished = await callback(params);
    expect(finished.statusCode).toBe(200);
    expect(finished.json().status).toBe('authenticated');
    expect(String(finished.headers['set-cookie'])).toMatch(new RegExp(`^${cookieName}=;`));
    expect(await accountOf(email)).toBeDefined();
    expect((await callback(params)).json().code).toBe('SOCIAL_STATE_INVALID');
  });

  it('finishes a flow without cookies with the flowBinding the start route answered', async () => {
    await loginAs({ sub: uniqueSubject(), email: uniqueEmail('app'), email_verified: true });
    const params = await throughProvider();
    const binding = flowBindings.get(params.get('state')!)!;
    expect(binding).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const finished = await callback(params, 'test', undefined, { binding });
    expect(finished.statusCode).toBe(200);
    expect(finished.json().status).toBe('authenticated');
    // The binding is a credential of the flow only: never part of the provider's URL.
    expect(params.toString()).not.toContain(binding);
  });

  it('keeps the code and the state out of the request log', async () => {
    await loginAs({ sub: uniqueSubject(), email: uniqueEmail('logged'), email_verified: true });
    const params = await throughProvider();
    const code = params.get('code')!;
    const state = params.get('state')!;
    expect((await callback(params)).statusCode).toBe(200);
    const line = logs
      .lines()
      .find(
        (entry) => JSON.stringify(entry).includes('/callback?') && JSON.stringify(entry).includes('redacted'),
      );
    expect(line).toBeDefined();
    expect(JSON.stringify(line)).toContain('code=[redacted]');
    expect(logs.text()).not.toContain(code);
    expect(logs.text()).not.toContain(state);
  });

  it('links from account settings, lists and unlinks, but never the last way in', async () => {
    const { userId, pair } = await verifiedPasswordAccount('settings');
    const subject = uniqueSubject();
    await loginAs({ sub: subject, email: uniqueEmail('elsewhere'), email_verified: true });
    // Finished without the account's token (a link URL sent to someone else), nothing is linked.
    const forced = await callback(await throughProvider('test', pair.accessToken));
    expect(forced.statusCode).toBe(403);
    expect(forced.json().code).toBe('SOCIAL_LINK_FORBIDDEN');
    expect(await linksOf(userId)).toEqual([]);

    const linked = await callback(await throughProvider('test', pair.accessToken), 'test', pair.accessToken);
    expect(linked.json()).toEqual({ status: 'linked', provider: 'test' });
    expect(await linksOf(userId)).toEqual([{ provider: 'test', provider_user_id: subject }]);

    const listed = await auth.call('GET', '/api/v1/auth/social', { bearer: pair.accessToken });
    expect(listed.json().items).toEqual([expect.objectContaining({ provider: 'test' })]);
    // Another account cannot take the same identity.
    const stranger = await verifiedPasswordAccount('stranger');
    const taken = await callback(
      await throughProvider('test', stranger.pair.accessToken),
      'test',
      stranger.pair.accessToken,
    );
    expect(taken.json().code).toBe('SOCIAL_IDENTITY_CONFLICT');

    const unlinked = await auth.call('DELETE', '/api/v1/auth/social/test', { bearer: pair.accessToken });
    expect(unlinked.statusCode).toBe(204);
    expect(await linksOf(userId)).toEqual([]);
    const missing = await auth.call('DELETE', '/api/v1/auth/social/test', { bearer: pair.accessToken });
    expect(missing.json().code).toBe('SOCIAL_LINK_NOT_FOUND');

    // An account made by the provider has no password: its only link stays.
    const email = uniqueEmail('passwordless');
    const created = (await signInWith({ sub: uniqueSubject(), email, email_verified: true })).json();
    const last = await auth.call('DELETE', '/api/v1/auth/social/test', {
      bearer: created.tokens.accessToken,
    });
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe('LAST_SIGN_IN_METHOD');
    expect(await linksOf((await accountOf(email)).id)).toHaveLength(1);
  });
});
