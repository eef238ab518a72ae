import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiProblem, Public } from '@orion/core';
import { Client, type RequestClient } from '@orion/security';
import { RateLimited } from '../rate-limits/rate-limited.decorator';
import {
  ConfirmPasswordResetDto,
  PasswordResetAcceptedDto,
  RequestPasswordResetDto,
} from './dto/password-reset.dto';
import { PasswordResetService } from './password-reset.service';

const RESET_ACCEPTED: PasswordResetAcceptedDto = {
  status: 'reset_requested',
  message: 'If an account uses this address, a link to choose a new password is on its way.',
};

@ApiTags('password reset')
@Public()
@Controller('auth/password-reset')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  // Per address, so a mailbox cannot be flooded; per client address, against sweeping many.
  @RateLimited('password-reset:identifier', 'password-reset:ip')
  @ApiOperation({
    summary: 'E-mail a link to choose a new password',
    description:
      'Always 202 with the same body, in about the same time, whether or not the address has an ' +
      'account. The link is single use, expires after PASSWORD_RESET_TTL_S (30 minutes by default) ' +
      'and a newer request voids it.',
  })
  @ApiAcceptedResponse({ type: PasswordResetAcceptedDto })
  @ApiInvalid('Malformed e-mail address')
  @ApiProblem(503, 'PEER_UNAVAILABLE', 'The user service did not answer')
  async request(
    @Body() body: RequestPasswordResetDto,
    @Client() client: RequestClient,
  ): Promise<PasswordResetAcceptedDto> {
    await this.resets.request(body.email, client);
    return RESET_ACCEPTED;
  }

  @Post('confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Set a new password with the token from the link',
    description:
      'The password follows the same rules as at sign-up. On success every session of the account ' +
      'ends and every access token issued until now is refused; the owner is alerted. A refused ' +
      'password leaves the link usable.',
  })
  @ApiNoContentResponse({ description: 'Password changed; sign in again.' })
  @ApiProblem(400, 'PASSWORD_RESET_TOKEN_INVALID', 'Unknown, used, replaced or expired token')
  @ApiProblem(400, 'PASSWORD_TOO_SHORT', 'Fewer than 8 characters (rule min-length)')
  @ApiProblem(400, 'PASSWORD_TOO_LONG', 'More than 128 characters (rule max-length)')
  @ApiProblem(400, 'PASSWORD_TOO_COMMON', 'A common or breached password (rule common-password)')
  @ApiProblem(400, 'PASSWORD_CONTAINS_IDENTIFIER', 'Contains the e-mail address (rule contains-identifier)')
  @ApiInvalid('Malformed body')
  @ApiProblem(503, 'PEER_UNAVAILABLE', 'The user service did not answer')
  async confirm(@Body() body: ConfirmPasswordResetDto, @Client() client: RequestClient): Promise<void> {
    await this.resets.confirm(body.token, body.password, client);
  }
}
