import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import {
  AllowUnverifiedEmail,
  CurrentPrincipal,
  CurrentUser,
  Principal,
  Public,
  RequirePermission,
  RequiresRecentAuthentication,
  UserPrincipal,
} from '@orion/security';
import { ChangeEmailDto } from '../users/dto/change-email.dto';
import { UserIdParam } from '../users/dto/user-id.param';
import { toUserResponse, UserResponse } from '../users/dto/user.response';
import {
  EmailRestoredResponse,
  FirstEmailVerifiedResponse,
  toVerificationSentResponse,
  VerificationSentResponse,
} from './dto/verification.response';
import { EmailChangeService } from './email-change.service';
import { VerifyEmailDto } from './dto/verify-email.dto';
import { EmailVerificationService } from './email-verification.service';

/** What the auth service removes on `user.email-verified.v1`. */
const AUTH_SIDE_REMOVALS = ['identity_provider_links', 'second_factors', 'trusted_devices', 'sign_ins'];

/**
 * Confirming addresses: the owner asks for a link, whoever holds the link's token confirms; an
 * administrator may confirm an address without a link.
 */
@ApiTags('email verification')
@Controller()
export class EmailVerificationController {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly changes: EmailChangeService,
  ) {}

  @Post('users/me/email-verification')
  @AllowUnverifiedEmail()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a verification link to your address',
    description: 'At most one per minute.',
  })
  @ApiAcceptedResponse({ type: VerificationSentResponse })
  @ApiProblem(404, 'USER_NOT_FOUND', 'Your account is deleted or erased')
  @ApiProblem(409, 'EMAIL_ALREADY_VERIFIED', 'Your address is already verified')
  @ApiProblem(429, 'VERIFICATION_RATE_LIMITED', 'A link was sent moments ago; see retryAfterSeconds')
  async request(@CurrentUser() caller: UserPrincipal): Promise<VerificationSentResponse> {
    return toVerificationSentResponse(await this.verification.requestForCurrentEmail(caller.userId, caller));
  }

  @Patch('users/me/email')
  @RequiresRecentAuthentication()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Change your e-mail address',
    description:
      'Needs a sign-in or step-up within REAUTHENTICATION_MAX_AGE_S. The new address receives a ' +
      'verification link; the change applies once it is verified, and the previous address is then ' +
      'sent a link that undoes it for 72 hours. An address another account has gets the same answer ' +
      '(its owner is told instead, and no link is sent). One request per minute, five per day.',
  })
  @ApiAcceptedResponse({ type: VerificationSentResponse })
  @ApiInvalid('Not an e-mail address')
  @ApiProblem(404, 'USER_NOT_FOUND', 'Your account is deleted or erased')
  @ApiProblem(409, 'EMAIL_UNCHANGED', 'This is already your address')
  @ApiProblem(429, 'VERIFICATION_RATE_LIMITED', 'Too many changes; see retryAfterSeconds')
  async change(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: ChangeEmailDto,
  ): Promise<VerificationSentResponse> {
    return toVerificationSentResponse(await this.changes.request(caller.userId, body.email, caller));
  }

  @Post('email-change/undo')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Undo a change of address with the link sent to the previous address',
    description:
      'Single use, for 72 hours after the change: the previous address is restored (verified), ' +
      'pending changes are voided, every session ends and every access token issued until now is ' +
      'refused. Choose a new password afterwards if someone else may know it.',
  })
  @ApiOkResponse({ type: EmailRestoredResponse })
  @ApiInvalid('No token')
  @ApiProblem(400, 'EMAIL_CHANGE_UNDO_INVALID', 'Not a link this service sent, or its account is gone')
  @ApiProblem(409, 'EMAIL_TAKEN', 'Another account has taken the previous address since')
  @ApiProblem(410, 'EMAIL_CHANGE_UNDO_USED', 'The link was used already')
  @ApiProblem(410, 'EMAIL_CHANGE_UNDO_EXPIRED', 'More than 72 hours have passed')
  async undo(@Body() body: VerifyEmailDto): Promise<EmailRestoredResponse> {
    return this.changes.undo(body.token);
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
  @ApiInvalid('No token')
  @ApiProblem(400, 'VERIFICATION_TOKEN_INVALID', 'Not a link this service sent, or its account is gone')
  @ApiProblem(409, 'EMAIL_TAKEN', 'Another account verified this address first')
  @ApiProblem(410, 'VERIFICATION_TOKEN_USED', 'The link was used already')
  @ApiProblem(410, 'VERIFICATION_TOKEN_EXPIRED', 'The link expired or a newer one replaced it')
  async verify(@Body() body: VerifyEmailDto): Promise<FirstEmailVerifiedResponse> {
    const { user, removed, verifiedAt } = await this.verification.verify(body.token);
    return {
      email: user.email,
      emailVerifiedAt: verifiedAt.toISOString(),
      removedBeforeVerification: removed && { ...removed, alsoRemoving: AUTH_SIDE_REMOVALS },
    };
  }

  @Post('users/:userId/email-verification/confirm')
  @HttpCode(200)
  @RequirePermission('users:update')
  @ApiOperation({
    summary: "Mark a user's address as verified",
    description:
      'The same effect as the link: the address counts as verified and a PENDING_VERIFICATION ' +
      'account becomes ACTIVE. An address verified already stays as it is.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiInvalid('userId is not a UUID')
  @ApiProblem(403, 'TARGET_OUTRANKS_ACTOR', 'The user holds a permission the caller does not hold')
  @ApiProblem(404, 'USER_NOT_FOUND', 'No such user')
  @ApiProblem(409, 'USER_DELETED', 'The account is deleted; restore it first')
  @ApiProblem(410, 'USER_ERASED', 'The account was erased')
  async confirm(
    @CurrentPrincipal() caller: Principal,
    @Param() { userId }: UserIdParam,
  ): Promise<UserResponse> {
    return toUserResponse(await this.verification.confirmForUser(userId, caller));
  }
}
