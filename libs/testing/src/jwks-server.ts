import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';

/**
 * A stand-in for the auth service's key publication in tests: a real HTTP server on loopback
 * serving a JWKS from key pairs generated here, able to rotate keys and count fetches.
 */

export type TestKeyAlgorithm = 'EdDSA' | 'ES256' | 'RS256';

export interface TestSigningKey {
  kid: string;
  alg: TestKeyAlgorithm;
  privateKey: KeyLike;
  publicKey: KeyLike;
  publicJwk: JWK;
}

export const TEST_JWT_ISSUER = 'orion-auth';
export const TEST_JWT_AUDIENCE = 'orion';

export async function createTestSigningKey(alg: TestKeyAlgorithm = 'EdDSA'): Promise<TestSigningKey> {
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    crv: alg === 'EdDSA' ? 'Ed25519' : undefined,
  });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, publicJwk };
}

export interface TestAccessTokenOptions {
  /** `sub`; a fresh UUID by default. */
  userId?: string;
  /** `jti`; a fresh UUID by default. */
  tokenId?: string;
  sessionId?: string;
  scopes?: string[];
  issuer?: string;
  audience?: string | string[];
  /** Header `typ`; `at+jwt` by default, null to leave it out. */
  typ?: string | null;
  /** NumericDate seconds; now by default. */
  issuedAt?: number;
  /** NumericDate seconds; issuedAt + 300 by default. */
  expiresAt?: number;
  notBefore?: number;
  /** Any further claims. */
  claims?: Record<string, unknown>;
}

/** Signs an access token shaped like the auth service's, with the key's kid and algorithm. */
export async function signTestAccessToken(
  key: TestSigningKey,
  options: TestAccessTokenOptions = {},
): Promise<string> {
  const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const typ = options.typ === undefined ? 'at+jwt' : options.typ;
  const jwt = new SignJWT({
    ...options.claims,
    ...(options.sessionId ? { sid: options.sessionId } : {}),
    ...(options.scopes ? { scope: options.scopes.join(' ') } : {}),
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, ...(typ === null ? {} : { typ }) })
    .setSubject(options.userId ?? randomUUID())
    .setJti(options.tokenId ?? randomUUID())
    .setIssuer(options.issuer ?? TEST_JWT_ISSUER)
    .setAudience(options.audience ?? TEST_JWT_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(options.expiresAt ?? issuedAt + 300);
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(key.privateKey);
}

export class TestJwksServer {
  private published: TestSigningKey[];
  private fetches = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    first: TestSigningKey,
  ) {
    this.published = [first];
    server.on('request', (request: IncomingMessage, response: ServerResponse) =>
      this.serve(request, response),
    );
  }

  /** Starts on a free loopback port, publishing one fresh key. */
  static async start(alg: TestKeyAlgorithm = 'EdDSA'): Promise<TestJwksServer> {
    const key = await createTestSigningKey(alg);
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    return new TestJwksServer(server, `http://127.0.0.1:${port}/.well-known/jwks.json`, key);
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    if (request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    this.fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: this.published.map((k) => k.publicJwk) }));
  }

  /** How many times the key set was fetched. */
  get fetchCount(): number {
    return this.fetches;
  }

  /** The newest published key: the one sign() uses. */
  get currentKey(): TestSigningKey {
    return this.published[this.published.length - 1];
  }

  /** Publishes a new key that becomes current; older keys stay published until retired. */
  async rotate(alg: TestKeyAlgorithm = this.currentKey.alg): Promise<TestSigningKey> {
    const key = await createTestSigningKey(alg);
    this.published.push(key);
    return key;
  }

  retire(kid: string): void {
    this.published = this.published.filter((key) => key.kid !== kid);
  }

  sign(options?: TestAccessTokenOptions): Promise<string> {
    return signTestAccessToken(this.currentKey, options);
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = once(this.server, 'close');
    this.server.close();
    // Verifiers keep connections alive; without this, close() waits for them to time out.
    this.server.closeAllConnections();
    await closed;
  }
}
