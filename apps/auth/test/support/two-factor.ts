import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import { TWO_FACTOR_CODE_REQUESTED } from '@orion/contracts';
import { openSealedForTest } from '@orion/testing';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { LightMyRequestResponse } from 'fastify';
import { totpCodeAt } from '../../src/two-factor/totp-codes';
import { AuthServiceUnderTest, uniqueEmail } from './auth-service';

export const PASSWORD = 'lantern-over-the-quiet-harbour';
export const ORIGIN = 'https://app.orion.test';
export const RP_ID = 'orion.test';

/** Variables the second-factor tests start the service with. */
export const TWO_FACTOR_ENV = {
  WEBAUTHN_RP_ID: RP_ID,
  WEBAUTHN_RP_NAME: 'Orion tests',
  WEBAUTHN_ORIGINS: `${ORIGIN},https://other.orion.test`,
  MFA_MAX_ATTEMPTS: '3',
};

/** The code an authenticator app shows `steps` periods from now (±1 is accepted by the service). */
export function totpCode(secret: string, steps = 0): Promise<string> {
  return totpCodeAt(secret, Math.floor(Date.now() / 1000) + steps * 30);
}

export interface SignedInUser {
  email: string;
  userId: string;
  accessToken: string;
}

/** A signed-up account whose address the user service has verified, signed in once. */
export async function newSignedInUser(auth: AuthServiceUnderTest, label = 'mfa'): Promise<SignedInUser> {
  const email = uniqueEmail(label);
  const signUp = await auth.call('POST', '/api/v1/auth/sign-up', { body: { email, password: PASSWORD } });
  if (signUp.statusCode !== 202) throw new Error(`sign-up answered ${signUp.statusCode}: ${signUp.body}`);
  await verifyAddress(auth, email);
  const signIn = await auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password: PASSWORD } });
  if (signIn.statusCode !== 200) throw new Error(`sign-in answered ${signIn.statusCode}: ${signIn.body}`);
  const { accessToken } = signIn.json();
  const session = await auth.call('GET', '/api/v1/auth/session', { bearer: accessToken });
  return { email, userId: session.json().userId as string, accessToken };
}

/** Marks the account's address verified, as its owner opening the link would (a no-op when it is). */
export async function verifyAddress(auth: AuthServiceUnderTest, email: string): Promise<void> {
  const [user] = await auth.users.query<{ id: string; email_verified_at: Date | null }>(
    'SELECT id, email_verified_at FROM users WHERE email_normalized = $1',
    [email.toLowerCase()],
  );
  if (!user) throw new Error(`no account for ${email}`);
  if (user.email_verified_at) return;
  const confirmed = await auth.users.call('POST', `/api/v1/users/${user.id}/email-verification/confirm`, {
    as: AuthServiceUnderTest.sampleAdminId,
  });
  if (confirmed.statusCode !== 200) throw new Error(`verification answered ${confirmed.statusCode}`);
}

/** Enrols and confirms an authenticator app; returns its secret and the backup codes handed out. */
export async function enableTotp(
  auth: AuthServiceUnderTest,
  user: SignedInUser,
): Promise<{ secret: string; backupCodes: string[] }> {
  const enrolment = await auth.call('POST', '/api/v1/two-factor/totp', {
    bearer: user.accessToken,
    body: {},
  });
  if (enrolment.statusCode !== 201) throw new Error(`TOTP enrolment answered ${enrolment.statusCode}`);
  const { secret } = enrolment.json();
  const confirmed = await auth.call('POST', '/api/v1/two-factor/totp/confirm', {
    bearer: user.accessToken,
    body: { code: await totpCode(secret) },
  });
  if (confirmed.statusCode !== 200) throw new Error(`TOTP confirmation answered ${confirmed.statusCode}`);
  return { secret, backupCodes: confirmed.json().backupCodes };
}

/** Signs in with the password (from the client `headers` describe) and expects the second-factor challenge. */
export async function signInExpectingChallenge(
  auth: AuthServiceUnderTest,
  email: string,
  headers: Record<string, string> = {},
): Promise<{ challengeToken: string; methods: string[]; expiresAt: string }> {
  const response = await auth.call('POST', '/api/v1/auth/sign-in', {
    headers,
    body: { email, password: PASSWORD },
  });
  const body = response.json();
  if (response.statusCode !== 200 || body.status !== 'mfa_required') {
    throw new Error(`sign-in answered ${response.statusCode}: ${response.body}`);
  }
  return body.mfa;
}

/** Answers a sign-in challenge with the authenticator app's next code (the current one may be used). */
export async function verifyWithTotp(
  auth: AuthServiceUnderTest,
  challengeToken: string,
  secret: string,
): Promise<LightMyRequestResponse> {
  return auth.call('POST', '/api/v1/auth/mfa/verify', {
    body: { challengeToken, method: 'totp', code: await totpCode(secret, 1) },
  });
}

/** The newest one-time code the service handed to the notification service for this user. */
export async function latestCodeSentTo(
  auth: AuthServiceUnderTest,
  userId: string,
  channel: 'email' | 'sms',
): Promise<{ oneTimeCode: string; destination: string }> {
  const [row] = await auth.query<{ payload: { oneTimeCode: string; destination: string } }>(
    `SELECT payload FROM outbox_events
      WHERE name = 'auth.two-factor-code-requested.v1' AND payload->>'userId' = $1 AND payload->>'channel' = $2
      ORDER BY occurred_at DESC LIMIT 1`,
    [userId, channel],
  );
  if (!row) throw new Error(`no ${channel} code was requested for ${userId}`);
  const { oneTimeCode, destination } = row.payload;
  // Sealed for the notification service: opened here as only that service can.
  return {
    destination,
    oneTimeCode: openSealedForTest('notification', TWO_FACTOR_CODE_REQUESTED, 'oneTimeCode', oneTimeCode),
  };
}

const b64url = (bytes: Uint8Array | Buffer): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

/**
 * A software FIDO2 authenticator: a P-256 key pair, 'none' attestation, a signature counter that
 * grows with every assertion. Builds exactly what a browser would send as PublicKeyCredential JSON.
 */
export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  counter = 0;

  constructor(private readonly origin = ORIGIN) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  /** navigator.credentials.create() answering the server's creation options. */
  register(options: { challenge: string; rp: { id?: string } }): Record<string, unknown> {
    const rpId = options.rp.id ?? RP_ID;
    const clientDataJSON = this.clientData('webauthn.create', options.challenge);
    const authData = Buffer.concat([
      this.authenticatorData(rpId, 0x45), // user present, user verified, attested credential data
      Buffer.alloc(16), // AAGUID: none
      Buffer.from([this.credentialId.length >> 8, this.credentialId.length & 0xff]),
      this.credentialId,
      Buffer.from(isoCBOR.encode(this.cosePublicKey() as never)),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', new Uint8Array(authData)],
      ]) as never,
    );
    return this.credential(clientDataJSON, {
      attestationObject: b64url(attestationObject),
      transports: ['usb'],
    });
  }

  /** navigator.credentials.get(): signs authenticatorData || SHA-256(clientDataJSON). */
  assert(options: { challenge: string; rpId?: string }, counter = this.counter + 1): Record<string, unknown> {
    this.counter = counter;
    const clientDataJSON = this.clientData('webauthn.get', options.challenge);
    const authData = this.authenticatorData(options.rpId ?? RP_ID, 0x05);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    return this.credential(clientDataJSON, {
      authenticatorData: b64url(authData),
      signature: b64url(signature),
    });
  }

  /** The PublicKeyCredential JSON around one authenticator response. */
  private credential(clientDataJSON: Buffer, response: Record<string, unknown>): Record<string, unknown> {
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientDataJSON), ...response },
    };
  }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  private authenticatorData(rpId: string, flags: number): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter]);
  }

  /** COSE_Key for ES256: kty EC2, alg -7, crv P-256, x, y. */
  private cosePublicKey(): Map<number, unknown> {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return new Map<number, unknown>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(Buffer.from(jwk.x as string, 'base64url'))],
      [-3, new Uint8Array(Buffer.from(jwk.y as string, 'base64url'))],
    ]);
  }
}
