import { UserServiceUnderTest } from './support/user-service';
import { createUser } from './support/user-factory';

/**
 * The audit log's client address comes from request.ip, as rate limits and lockouts in the auth
 * service do: X-Forwarded-For counts only through the proxies TRUST_PROXY names.
 */
async function auditedAddress(service: UserServiceUnderTest, forwardedFor: string): Promise<string> {
  const { id } = await createUser(service);
  const token = await service.token(id);
  const response = await service.call('PATCH', '/api/v1/users/me', {
    headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': forwardedFor },
    body: { displayName: `Renamed ${forwardedFor}` },
  });
  expect(response.statusCode).toBe(200);
  const [row] = await service.query<{ ip_address: string }>(
    `SELECT ip_address FROM audit_logs WHERE resource_id = $1 AND action = 'UPDATE' ORDER BY created_at DESC LIMIT 1`,
    [id],
  );
  return row!.ip_address;
}

describe('audit client address behind a trusted proxy', () => {
  let service: UserServiceUnderTest;
  beforeAll(async () => {
    // inject() connects from 127.0.0.1: here, the load balancer.
    service = await UserServiceUnderTest.start({ TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => service?.stop());

  it('records the client named by the trusted proxy, not the proxy', async () => {
    expect(await auditedAddress(service, '203.0.113.7')).toBe('203.0.113.7');
  });

  it('skips addresses a client prepended itself, taking the one the proxy appended', async () => {
    expect(await auditedAddress(service, '198.51.100.66, 203.0.113.8')).toBe('203.0.113.8');
  });
});

describe('audit client address without a trusted proxy', () => {
  let service: UserServiceUnderTest;
  beforeAll(async () => {
    service = await UserServiceUnderTest.start();
  });
  afterAll(() => service?.stop());

  it('ignores X-Forwarded-For, so a client cannot choose the address it is audited under', async () => {
    expect(await auditedAddress(service, '203.0.113.7')).toBe('127.0.0.1');
  });
});
