import { randomBytes } from 'node:crypto';
import { HttpSink } from '@orion/testing';
import { NotificationServiceUnderTest } from './support/notification-service';
import { createOwners, expectNotFound } from './support/owner-fixtures';

const ENDPOINTS = '/api/v1/webhook-endpoints';

/**
 * A backend registers the endpoints it sends to with its own API key and the webhooks:manage
 * scope; the endpoint belongs to the key's owner exactly as if the owner had registered it.
 */
describe('webhook endpoints managed with an API key', () => {
  let service: NotificationServiceUnderTest;
  let receiver: HttpSink;
  let a: string;
  let c: string;

  beforeAll(async () => {
    receiver = await HttpSink.start();
    service = await NotificationServiceUnderTest.start();
    ({ a, c } = await createOwners(service));
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await receiver?.stop();
  });

  /** A key of C (a support member) carrying exactly these scopes. */
  async function keyOfC(scopes: string[]): Promise<string> {
    const issued = await service.users.call('POST', '/api/v1/users/me/api-keys', {
      as: c,
      body: { name: `c-${randomBytes(3).toString('hex')}`, scopes },
    });
    expect(issued.statusCode).toBe(201);
    return issued.json<{ key: string }>().key;
  }

  it("lets a key with webhooks:manage register, list, change and delete its owner's endpoints", async () => {
    const apiKey = await keyOfC(['webhooks:manage']);
    const created = await service.call('POST', ENDPOINTS, {
      apiKey,
      body: { url: receiver.url('/backend'), description: 'backend' },
    });
    expect(created.statusCode).toBe(201);
    const endpoint = created.json<{ id: string; ownerId: string; secret: string }>();
    expect(endpoint.ownerId).toBe(c);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const [row] = await service.query('SELECT owner_id FROM webhook_endpoints WHERE id = $1', [endpoint.id]);
    expect(row).toEqual({ owner_id: c });

    const listed = await service.call('GET', ENDPOINTS, { apiKey });
    expect(listed.json().items.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);
    const renamed = await service.call('PATCH', `${ENDPOINTS}/${endpoint.id}`, {
      apiKey,
      body: { description: 'renamed' },
    });
    expect(renamed.json()).toMatchObject({ description: 'renamed' });

    // The owner with a token sees it too; another owner does not.
    expect((await service.call('GET', `${ENDPOINTS}/${endpoint.id}`, { as: c })).statusCode).toBe(200);
    expectNotFound(
      await service.call('GET', `${ENDPOINTS}/${endpoint.id}`, { as: a }),
      'WEBHOOK_ENDPOINT_NOT_FOUND',
    );
    expect((await service.call('DELETE', `${ENDPOINTS}/${endpoint.id}`, { apiKey })).statusCode).toBe(204);
  });

  it("keeps a key away from another owner's endpoints (404)", async () => {
    const mine = await service.call('POST', ENDPOINTS, { as: a, body: { url: receiver.url('/a') } });
    expect(mine.statusCode).toBe(201);
    const id = mine.json<{ id: string }>().id;
    const apiKey = await keyOfC(['webhooks:manage']);
    expectNotFound(await service.call('GET', `${ENDPOINTS}/${id}`, { apiKey }), 'WEBHOOK_ENDPOINT_NOT_FOUND');
    expectNotFound(
      await service.call('PATCH', `${ENDPOINTS}/${id}`, { apiKey, body: { enabled: false } }),
      'WEBHOOK_ENDPOINT_NOT_FOUND',
    );
    expect((await service.call('GET', ENDPOINTS, { apiKey })).json().items).toEqual([]);
  });

  it('refuses a key without webhooks:manage with 403 naming the scope', async () => {
    const apiKey = await keyOfC(['notifications:send']);
    const refused = await service.call('POST', ENDPOINTS, { apiKey, body: { url: receiver.url('/x') } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'webhooks:manage' });
    expect(refused.json().detail).toContain('webhooks:manage');
  });

  it('answers a caller with neither a token nor a key: 401 saying either one, with webhooks:manage, will do', async () => {
    const response = await service.call('POST', ENDPOINTS, { body: { url: receiver.url('/x') } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json<{ code: string; detail: string; requiredScope: string }>();
    expect(problem.code).toBe('CREDENTIALS_MISSING');
    expect(problem.requiredScope).toBe('webhooks:manage');
    expect(problem.detail).toContain('access token');
    expect(problem.detail).toContain('API key with scope webhooks:manage');
  });
});
