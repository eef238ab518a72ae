import { Body, Controller, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, UserPrincipal } from '@orion/security';
import { ChangeEmailDto } from '../users/dto/change-email.dto';
import { ApiProblems } from '../users/dto/problem.response';
import { EmailVerifiedResponse, VerificationSentResponse } from './dto/verification.response';
import { VerifyEmailDto } from './dto/verify-email.dto';
import { EmailVerificationService, VerificationSent } from './email-verification.service';

const sent = (result: VerificationSent): VerificationSentResponse => ({
  sentTo: result.email,
  expiresAt: result.expiresAt.toISOString(),
});

/** Confirming addresses: the owner asks for a link, whoever holds the link's token confirms. */
@ApiTags('email verification')
@Controller()
export class EmailVerificationController {
  constructor(private readonly verification: EmailVerificationService) {}

  @Post('users/me/email-verification')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Send a verification link to your address',
    description: 'At most one per minute.',
  })
  @ApiAcceptedResponse({ type: VerificationSentResponse })
  @ApiProblems(401, 404, 409, 429)
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
  @ApiProblems(400, 401, 404, 409, 429)
  async change(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: ChangeEmailDto,
  ): Promise<VerificationSentResponse> {
    return sent(await this.verification.requestEmailChange(caller.userId, body.email, caller));
  }

  @Post('email-verification/verify')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify an address with the token from the e-mail', description: 'Single use.' })
  @ApiOkResponse({ type: EmailVerifiedResponse })
  @ApiProblems(400, 409, 410)
  async verify(@Body() body: VerifyEmailDto): Promise<EmailVerifiedResponse> {
    const user = await this.verification.verify(body.token);
    return { email: user.email, emailVerifiedAt: (user.emailVerifiedAt ?? new Date()).toISOString() };
  }
}
