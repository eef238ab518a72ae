import { Controller, Get } from '@nestjs/common';
import { AllowUnverifiedEmail, CurrentUser, UserPrincipal } from '@orion/security';
import { bearer, securityTestSuite } from './security-test-app';

@Controller('probe')
class ProbeController {
  @Get('anything')
  anything(@CurrentUser() user: UserPrincipal) {
    return { emailVerified: user.emailVerified ?? null };
  }

  @AllowUnverifiedEmail()
  @Get('profile')
  profile(@CurrentUser() user: UserPrincipal) {
    return { emailVerified: user.emailVerified ?? null };
  }
}

@AllowUnverifiedEmail()
@Controller('open-controller')
class OpenController {
  @Get()
  open() {
    return { open: true };
  }
}

describe('tokens of accounts whose address is not verified', () => {
  const suite = securityTestSuite([ProbeController, OpenController]);
  const get = async (url: string, claims?: Record<string, unknown>) =>
    suite.app.inject({ method: 'GET', url, headers: bearer(await suite.jwks.sign({ claims })) });

  it('refuses them with 403 EMAIL_VERIFICATION_REQUIRED on routes that did not opt in', async () => {
    const response = await get('/probe/anything', { email_verified: false });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, code: 'EMAIL_VERIFICATION_REQUIRED' });
  });

  it('lets them through where the route or its controller is marked @AllowUnverifiedEmail()', async () => {
    const profile = await get('/probe/profile', { email_verified: false });
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toEqual({ emailVerified: false });
    expect((await get('/open-controller', { email_verified: false })).statusCode).toBe(200);
  });

  it('does not restrict verified tokens, nor tokens that do not state the claim', async () => {
    expect((await get('/probe/anything', { email_verified: true })).json()).toEqual({ emailVerified: true });
    expect((await get('/probe/anything')).json()).toEqual({ emailVerified: null });
  });
});
