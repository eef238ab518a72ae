import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiGuarded, ApiProblem } from '@orion/core';
import {
  AllowUnverifiedEmail,
  CurrentPrincipal,
  CurrentUser,
  Principal,
  Public,
  RequirePermission,
  UserPrincipal,
} from '@orion/security';
import { ChangeEmailDto } from '../users/dto/change-email.dto';
import { UserIdParam } from '../users/dto/user-id.param';
import { UserResponse } from '../users/dto/user.response';
import { FirstEmailVerifiedResponse, VerificationSentResponse } from './dto/verification.response';
import { VerifyEmailDto } from './dto/verify-email.dto';
import { EmailVerificationService, VerificationSent } from './email-verification.service';

/** What the auth service removes on `user.email-verified.v1`. */
const AUTH_SIDE_REMOVALS = ['identity_provider_links', 'second_factors', 'trusted_devices', 'sign_ins'];

const sent = (result: VerificationSent): VerificationSentResponse => ({
  sentTo: result.email,
  expiresAt: result.expiresAt.toISOString(),
});

/**
 * Confirming addresses: the owner asks for a link, whoever holds the link's token confirms; an
 * administrator may confirm an address without a link.
 */
@ApiTags('email verification')
@Controller()
export class EmailVerificationController {
  constructor(private readonly verification: EmailVerificationService) {}

  @Post('users/me/email-verification')
  @AllowUnverifiedEmail()
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Send a verification link to your address',
    description: 'At most one per minute.',
  })
  @ApiAcceptedResponse({ type: VerificationSentResponse })
  @ApiGuarded()
  @ApiProblem(404, 'USER_NOT_FOUND', 'Your account is deleted or erased')
  @ApiProblem(409, 'EMAIL_ALREADY_VERIFIED', 'Your address is already verified')
  @ApiProblem(429, 'VERIFICATION_RATE_LIMITED', 'A link was sent moments ago; see retryAfterSeconds')
  async request(@CurrentUser() caller: UserPrincipal): Promise<VerificationSentResponse> {
    return sent(await this.verification.requestForCurrentEmail(caller.userId, caller));
  }

  @Patch('users/me/email')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change your e-mail address',
    description: 'The new address receives a verification link; the change applies once it is verified.',
  })
  @ApiAcceptedResponse({ type: VerificationSentResponse })
  @ApiProblem(400, 'VALIDATION_FAILED', 'Not an e-mail address')
  @ApiGuarded()
  @ApiProblem(404, 'USER_NOT_FOUND', 'Your account is deleted or erased')
  @ApiProblem(409, 'EMAIL_UNCHANGED', 'This is already your address')
  @ApiProblem(409, 'EMAIL_TAKEN', 'Another account has this address')
  @ApiProblem(429, 'VERIFICATION_RATE_LIMITED', 'A link was sent moments ago; see retryAfterSeconds')
  async change(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: ChangeEmailDto,
  ): Promise<VerificationSentResponse> {
    return sent(await this.verification.requestEmailChange(caller.userId, body.email, caller));
  }

  @Post('email-verification/verify')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify an address with the token from the e-mail',
    description:
      'Single use. The first verification of an account removes what it gained before (API keys, ' +
      'sessions, identity-provider links, second factors, trusted devices) and lists it.',
  })
  @ApiOkResponse({ type: FirstEmailVerifiedResponse })
  @ApiProblem(400, 'VALIDATION_FAILED', 'No token')
  @ApiProblem(400, 'VERIFICATION_TOKEN_INVALID', 'Not a link this service sent, or its account is gone')
  @ApiProblem(409, 'EMAIL_TAKEN', 'Another account verified this address first')
  @ApiProblem(410, 'VERIFICATION_TOKEN_USED', 'The link was used already')
  @ApiProblem(410, 'VERIFICATION_TOKEN_EXPIRED', 'The link expired or a newer one replaced it')
  async verify(@Body() body: VerifyEmailDto): Promise<FirstEmailVerifiedResponse> {
    const { user, removed } = await this.verification.verify(body.token);
    return {
      email: user.email,
      emailVerifiedAt: (user.emailVerifiedAt ?? new Date()).toISOString(),
      removedBeforeVerification: removed && { ...removed, alsoRemoving: AUTH_SIDE_REMOVALS },
    };
  }

  @Post('users/:userId/email-verification/confirm')
  @HttpCode(200)
  @ApiBearerAuth()
  @RequirePermission('users:update')
  @ApiOperation({
    summary: "Mark a user's address as verified",
    description:
      'The same effect as the link: the address counts as verified and a PENDING_VERIFICATION ' +
      'account becomes ACTIVE. An address verified already stays as it is.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblem(400, 'VALIDATION_FAILED', 'userId is not a UUID')
  @ApiProblem(404, 'USER_NOT_FOUND', 'No such user')
  @ApiProblem(409, 'USER_DELETED', 'The account is deleted; restore it first')
  @ApiProblem(410, 'USER_ERASED', 'The account was erased')
  async confirm(
    @CurrentPrincipal() caller: Principal,
    @Param() { userId }: UserIdParam,
  ): Promise<UserResponse> {
    return UserResponse.of(await this.verification.confirmForUser(userId, caller));
  }
}
