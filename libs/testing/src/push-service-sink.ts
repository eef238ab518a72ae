import { createECDH, createPublicKey, ECDH, randomBytes, randomUUID, verify } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

// http_ece (the encryption web-push uses) ships no types; only decrypt is needed here.
const ece = createRequire(__filename)('http_ece') as {
  decrypt(buffer: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: Buffer }): Buffer;
};

/** What a browser hands the application server: PushSubscription.toJSON(). */
export interface BrowserSubscription {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

/** One push message as the push service accepted it, decrypted as the browser would. */
export interface SinkPush {
  subscriptionId: string;
  /** The decrypted payload as text. */
  payload: string;
  headers: IncomingHttpHeaders;
  /** Claims of the VAPID JWT (aud, exp, sub) after its signature was verified. */
  vapid: { aud: string; exp: number; sub?: string; publicKey: string };
  receivedAt: Date;
}

interface Subscription {
  id: string;
  ecdh: ECDH;
  authSecret: Buffer;
  gone: boolean;
}

function base64urlJson(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * A Web Push service on loopback (RFC 8030): hands out subscriptions with real P-256 keys, checks
 * each request's VAPID Authorization (RFC 8292: ES256 JWT for this origin, signed by the key in k=),
 * decrypts the aes128gcm body (RFC 8291) with the subscription's private key and records it.
 * Answers 201; 410 for a subscription marked gone; 400/401/403 for bad encryption or VAPID.
 */
export class PushServiceSink {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly received: SinkPush[] = [];
  /** Requests refused (bad VAPID, undecryptable), with the reason, for assertions. */
  readonly refusals: string[] = [];
  private forced?: { status: number; headers?: Record<string, string> };
  requestCount = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    /** When set, only this VAPID public key (base64url) is accepted. */
    private readonly expectedVapidKey?: string,
  ) {
    server.on(
      'request',
      (request: IncomingMessage, response: ServerResponse) => void this.handle(request, response),
    );
  }

  static async start(options: { vapidPublicKey?: string } = {}): Promise<PushServiceSink> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    return new PushServiceSink(server, `http://127.0.0.1:${port}`, options.vapidPublicKey);
  }

  /** A new browser subscription, as PushSubscription.toJSON() would give it. */
  subscribe(): BrowserSubscription & { id: string } {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const subscription: Subscription = { id: randomUUID(), ecdh, authSecret: randomBytes(16), gone: false };
    this.subscriptions.set(subscription.id, subscription);
    return {
      id: subscription.id,
      endpoint: `${this.baseUrl}/push/${subscription.id}`,
      expirationTime: null,
      keys: {
        p256dh: ecdh.getPublicKey().toString('base64url'),
        auth: subscription.authSecret.toString('base64url'),
      },
    };
  }

  /** The browser unsubscribed: the service answers 410 Gone from now on. */
  expire(subscriptionId: string): void {
    const subscription = this.subscriptions.get(subscriptionId);
    if (subscription) subscription.gone = true;
  }

  /** Every request gets this status until heal(). */
  failAll(status: number, headers?: Record<string, string>): void {
    this.forced = { status, headers };
  }

  heal(): void {
    this.forced = undefined;
  }

  messages(): SinkPush[] {
    return [...this.received];
  }

  private verifyVapid(headers: IncomingHttpHeaders): SinkPush['vapid'] | string {
    const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(headers.authorization ?? '');
    if (!match) return 'Authorization is not "vapid t=…, k=…"';
    const [, token, k] = match as unknown as [string, string, string];
    if (this.expectedVapidKey && k !== this.expectedVapidKey) return 'unexpected VAPID key';
    const [head, body, signature] = token.split('.');
    if (!head || !body || !signature) return 'malformed JWT';
    if (base64urlJson(head).alg !== 'ES256') return 'JWT is not ES256';
    const point = Buffer.from(k, 'base64url');
    if (point.length !== 65 || point[0] !== 4) return 'k is not an uncompressed P-256 point';
    const key = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
    const valid = verify(
      'sha256',
      Buffer.from(`${head}.${body}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    if (!valid) return 'JWT signature does not verify';
    const claims = base64urlJson(body) as { aud?: string; exp?: number; sub?: string };
    if (claims.aud !== this.baseUrl) return `aud ${claims.aud} is not ${this.baseUrl}`;
    if (
      typeof claims.exp !== 'number' ||
      claims.exp * 1000 < Date.now() ||
      claims.exp * 1000 > Date.now() + 24 * 3600_000
    ) {
      return 'exp missing or not within 24 hours';
    }
    return { aud: claims.aud, exp: claims.exp, sub: claims.sub, publicKey: k };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    this.requestCount++;
    const answer = (status: number, reason?: string, headers: Record<string, string> = {}) => {
      if (reason) this.refusals.push(reason);
      response.writeHead(status, { 'content-type': 'text/plain', ...headers });
      response.end(reason ?? '');
    };
    if (this.forced) return answer(this.forced.status, undefined, this.forced.headers);
    const id = /^\/push\/([0-9a-f-]+)$/.exec(new URL(request.url ?? '/', this.baseUrl).pathname)?.[1];
    const subscription = id ? this.subscriptions.get(id) : undefined;
    if (request.method !== 'POST' || !subscription) return answer(404, 'no such subscription');
    if (subscription.gone) return answer(410, 'subscription expired');
    const vapid = this.verifyVapid(request.headers);
    if (typeof vapid === 'string') return answer(403, vapid);
    if (!request.headers.ttl) return answer(400, 'TTL header missing');
    if (request.headers['content-encoding'] !== 'aes128gcm')
      return answer(415, 'content-encoding is not aes128gcm');
    let payload: string;
    try {
      payload = ece
        .decrypt(Buffer.concat(chunks), {
          version: 'aes128gcm',
          privateKey: subscription.ecdh,
          authSecret: subscription.authSecret,
        })
        .toString('utf8');
    } catch (error) {
      return answer(400, `payload does not decrypt: ${(error as Error).message}`);
    }
    this.received.push({
      subscriptionId: subscription.id,
      payload,
      headers: request.headers,
      vapid,
      receivedAt: new Date(),
    });
    answer(201, undefined, { location: `${this.baseUrl}/message/${randomUUID()}` });
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = once(this.server, 'close');
    this.server.close();
    this.server.closeAllConnections();
    await closed;
  }
}
