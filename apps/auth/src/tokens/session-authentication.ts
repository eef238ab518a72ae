/**
 * When and how the user of a session last proved who they are: the access token's `auth_time`
 * and `amr` (OpenID Connect Core §2, RFC 8176 values). Kept with the token family, so a refresh
 * carries the sign-in's values on and only a step-up renews them.
 */
export interface SessionAuthentication {
  authTime: Date;
  amr: string[];
}

/** The ways a user can prove who they are here, as sign-in, MFA and step-up name them. */
export type AuthenticationFactor =
  'password' | 'oidc' | 'totp' | 'sms' | 'email' | 'backup_code' | 'webauthn';

/**
 * RFC 8176 names: `pwd` password, `otp` one-time code (app, e-mail, backup code), `sms` code by
 * text message, `hwk` a WebAuthn key (proof of possession of a hardware-secured key), `mfa` when
 * more than one factor was used. `fed` (a federated sign-in through an OpenID Connect provider)
 * is not in the RFC's registry; OpenID Connect allows other values.
 */
const AMR: Record<AuthenticationFactor, string[]> = {
  password: ['pwd'],
  oidc: ['fed'],
  totp: ['otp'],
  sms: ['sms', 'otp'],
  email: ['otp'],
  backup_code: ['otp'],
  webauthn: ['hwk'],
};

/** The `amr` of the factors used together now; `mfa` when there were several. */
export function amrOf(factors: AuthenticationFactor[]): string[] {
  const values = new Set(factors.flatMap((factor) => AMR[factor]));
  if (factors.length > 1) values.add('mfa');
  return [...values];
}

/** `acr`: the NIST SP 800-63B assurance level, `aal2` after two factors, `aal1` after one. */
export function assuranceLevelOf(amr: string[]): 'aal1' | 'aal2' {
  return amr.includes('mfa') ? 'aal2' : 'aal1';
}

/** Read back from a family's stored metadata; a family from before these claims counts as old. */
export function sessionAuthenticationOf(metadata: {
  authTime?: string;
  amr?: string[];
}): SessionAuthentication {
  return {
    authTime: metadata.authTime ? new Date(metadata.authTime) : new Date(0),
    amr: Array.isArray(metadata.amr) ? metadata.amr : [],
  };
}
