import { amrOf, assuranceLevelOf, sessionAuthenticationOf } from './session-authentication';

describe('session authentication claims', () => {
  it('names factors with RFC 8176 values and adds mfa when there were two', () => {
    expect(amrOf(['password'])).toEqual(['pwd']);
    expect(amrOf(['password', 'totp'])).toEqual(['pwd', 'otp', 'mfa']);
    expect(amrOf(['password', 'sms'])).toEqual(['pwd', 'sms', 'otp', 'mfa']);
    expect(amrOf(['oidc', 'webauthn'])).toEqual(['fed', 'hwk', 'mfa']);
  });

  it('acr is aal2 only after two factors', () => {
    expect(assuranceLevelOf(['pwd'])).toBe('aal1');
    expect(assuranceLevelOf(['pwd', 'otp', 'mfa'])).toBe('aal2');
  });

  it('a family stored before these claims existed counts as authenticated long ago', () => {
    expect(sessionAuthenticationOf({})).toEqual({ authTime: new Date(0), amr: [] });
    expect(sessionAuthenticationOf({ authTime: '2026-12-03T06:00:00.000Z', amr: ['pwd'] })).toEqual({
      authTime: new Date('2026-12-03T06:00:00.000Z'),
      amr: ['pwd'],
    });
  });
});
