import { randomUUID } from 'node:crypto';
import { MaintenanceService } from '../src/maintenance/maintenance.service';
import { AuthServiceUnderTest } from './support/auth-service';

describe('the cleanup sweep', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start({
      // The test calls the sweep itself.
      CLEANUP_INTERVAL_S: '0',
      LOGIN_ATTEMPT_RETENTION_DAYS: '90',
      TOKEN_RETENTION_DAYS: '30',
      EVENT_RETENTION_DAYS: '7',
    });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  const ids = async (table: string, wanted: string[]) =>
    (await auth.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [wanted]))
      .map((row) => row.id)
      .sort();

  it('deletes what can no longer matter and keeps everything still live', async () => {
    const user = randomUUID();
    const id = () => randomUUID();
    const resets = { expired: id(), used: id(), replaced: id(), live: id() };
    await auth.query(
      `INSERT INTO password_resets (id, user_id, token_hash, expires_at, used_at, invalidated_at, updated_at) VALUES
        ($1, $5, md5(random()::text), now() - interval '1 minute', NULL, NULL, now()),
        ($2, $5, md5(random()::text), now() + interval '20 minutes', now(), NULL, now()),
        ($3, $5, md5(random()::text), now() + interval '20 minutes', NULL, now(), now()),
        ($4, $5, md5(random()::text), now() + interval '20 minutes', NULL, NULL, now())`,
      [resets.expired, resets.used, resets.replaced, resets.live, user],
    );
    const tokens = { longGone: id(), recentlyEnded: id(), live: id() };
    await auth.query(
      `INSERT INTO auth_tokens (id, user_id, type, status, token_hash, family_id, expires_at, absolute_expires_at, updated_at)
       VALUES
        ($1, $4, 'REFRESH', 'EXPIRED', md5(random()::text), gen_random_uuid(), now() - interval '40 days', now() - interval '31 days', now()),
        ($2, $4, 'REFRESH', 'REVOKED', md5(random()::text), gen_random_uuid(), now() - interval '2 days', now() - interval '29 days', now()),
        ($3, $4, 'REFRESH', 'ACTIVE', md5(random()::text), gen_random_uuid(), now() + interval '1 day', now() + interval '20 days', now())`,
      [tokens.longGone, tokens.recentlyEnded, tokens.live, user],
    );
    const attempts = { old: id(), recent: id() };
    await auth.query(
      `INSERT INTO login_attempts (id, identifier, status, ip_address, created_at) VALUES
        ($1, 'old@example.com', 'FAILED', '192.0.2.1', now() - interval '91 days'),
        ($2, 'recent@example.com', 'FAILED', '192.0.2.1', now() - interval '89 days')`,
      [attempts.old, attempts.recent],
    );
    const denied = { expired: id(), live: id() };
    await auth.query(
      `INSERT INTO session_blacklist (id, jti, user_id, reason, expires_at) VALUES
        ($1, gen_random_uuid()::text, $3, 'signed_out', now() - interval '1 second'),
        ($2, gen_random_uuid()::text, $3, 'signed_out', now() + interval '5 minutes')`,
      [denied.expired, denied.live, user],
    );
    const handled = { old: id(), recent: id() };
    await auth.query(
      `INSERT INTO processed_events (id, consumer, event_id, event_name, processed_at) VALUES
        ($1, 'auth:Test.handler', gen_random_uuid(), 'test.event.v1', now() - interval '8 days'),
        ($2, 'auth:Test.handler', gen_random_uuid(), 'test.event.v1', now() - interval '6 days')`,
      [handled.old, handled.recent],
    );
    const outbox = { published: id(), recent: id(), unpublished: id() };
    await auth.query(
      `INSERT INTO outbox_events (id, name, payload, occurred_at, published_at) VALUES
        ($1, 'test.event.v1', '{}', now() - interval '9 days', now() - interval '8 days'),
        ($2, 'test.event.v1', '{}', now() - interval '2 days', now() - interval '2 days'),
        ($3, 'test.event.v1', '{}', now() - interval '9 days', NULL)`,
      [outbox.published, outbox.recent, outbox.unpublished],
    );

    const report = await auth.app.get(MaintenanceService).sweep();

    expect(report.passwordResets).toBeGreaterThanOrEqual(3);
    expect(await ids('password_resets', Object.values(resets))).toEqual([resets.live]);
    expect(await ids('auth_tokens', Object.values(tokens))).toEqual(
      [tokens.recentlyEnded, tokens.live].sort(),
    );
    expect(await ids('login_attempts', Object.values(attempts))).toEqual([attempts.recent]);
    expect(await ids('session_blacklist', Object.values(denied))).toEqual([denied.live]);
    expect(await ids('processed_events', Object.values(handled))).toEqual([handled.recent]);
    // An event not yet relayed is never swept, however old.
    expect(await ids('outbox_events', Object.values(outbox))).toEqual(
      [outbox.recent, outbox.unpublished].sort(),
    );

    // A second sweep finds nothing of these left to do.
    const again = await auth.app.get(MaintenanceService).sweep();
    expect(again.authTokens + again.loginAttempts + again.processedEvents).toBe(0);
  });
});
